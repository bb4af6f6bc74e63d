"""The demo world's certificates (issue 4 "Demo data"): signed FK7263 certificates for Tolvan
Tolvansson on Alfa Vårdcentral, already sent to Försäkringskassan; shown, never editable."""
from __future__ import annotations

from webcert_auth.adapters.demo_loader import DEFAULT_DEMO_DATA_PATH
from webcert_certificate.adapters.demo_loader import load_demo_certificates
from webcert_certificate.adapters.signing import DemoCertificateAuthority
from webcert_certificate.adapters.type_loader import load_certificate_types

from cert_world import TOLVAN

DEMO_IDS = {"0b7e5c2a-7263-4a11-9e01-000000000001", "0b7e5c2a-7263-4a11-9e01-000000000002"}


def test_tolvans_fk7263_certificates_are_there_sent_and_verified(certificates, tmp_path):
    authority = DemoCertificateAuthority.load_or_create(tmp_path / "certificate-ca")
    types = load_certificate_types()
    assert load_demo_certificates(certificates.engine, DEFAULT_DEMO_DATA_PATH, types, authority) == 3   # and a draft
    assert load_demo_certificates(certificates.engine, DEFAULT_DEMO_DATA_PATH, types, authority) == 0
    sid = certificates.login("ingrid")
    listed = certificates.call(sid, "POST", "/certificates/search", {"personnummer": TOLVAN}).get_json()
    assert {c["id"] for c in listed["certificates"]} == DEMO_IDS
    for summary in listed["certificates"]:
        assert (summary["certificate_type"], summary["status_label"]) == ("FK7263", "Skickat")
        view = certificates.call(sid, "GET", f"/certificates/{summary['id']}").get_json()
        assert view["sent"]["recipient"] == "fk" and view["actions"]["PRINT"]["allowed"]
        assert not view["actions"]["EDIT"]["allowed"] and view["content"]["2"][0]["code"] == "J20"
        assert [h["kind"] for h in view["history"]] == ["created", "signed", "sent"]
        verified = certificates.call(None, "GET", f"/certificates/{summary['id']}/verification").get_json()
        assert verified["valid"], verified
    # Signed 30 and 75 days ago: both within the three months of "Signerade intyg".
    signed = certificates.call(sid, "GET", "/certificates/signed").get_json()["certificates"]
    assert {c["id"] for c in signed} == DEMO_IDS
