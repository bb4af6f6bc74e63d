"""The canonical form a signature covers (issue 4): the same certificate gives the same bytes
whatever the key order or the Unicode normalisation of its text; different certificates differ."""
from __future__ import annotations

import json
import random
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webcert_certificate.domain.canonical import (
    CANONICAL_FORMAT,
    CanonicalFormError,
    SignableCertificate,
    canonical_bytes,
    canonical_json,
    format_signing_time,
)

SIGNED_AT = datetime(2026, 11, 26, 9, 30, 15, tzinfo=timezone.utc)


def certificate(content=None, **changes) -> SignableCertificate:
    fields = dict(
        certificate_id="c0ffee00-0000-4000-8000-000000000001",
        certificate_type="FK7804",
        type_version="1.3",
        patient={"id": "19121212-1212", "name": "Tolvan Tolvansson"},
        issuer={"id": "TSTNMT2321000156-1001", "name": "Ingrid Holm"},
        unit={"id": "TSTNMT2321000156-VE11", "name": "Alfa Vårdcentral",
              "care_provider_id": "TSTNMT2321000156-VG01", "care_provider_name": "Alfa Regionen"},
        content={"diagnoser": [{"kod": "F320", "beskrivning": "Lindrig depressiv episod"}],
                 "aktivitetsbegransning": "Orkar inte gå längre än 200 m."} if content is None else content,
    )
    fields.update(changes)
    return SignableCertificate(**fields)


def test_the_bytes_are_compact_sorted_utf8_json_with_the_identifying_envelope():
    data = canonical_bytes(certificate(content={"b": 1, "a": "Åsa"}), SIGNED_AT)
    text = data.decode("utf-8")
    assert ": " not in text and ", " not in text and "\n" not in text
    assert '"content":{"a":"Åsa","b":1}' in text          # sorted, no \u escapes
    document = json.loads(data)
    assert document["format"] == CANONICAL_FORMAT
    assert document["certificate"] == {"id": "c0ffee00-0000-4000-8000-000000000001", "type": "FK7804",
                                       "version": "1.3"}
    assert document["patient"]["id"] == "19121212-1212"
    assert document["issuer"]["id"] == "TSTNMT2321000156-1001"
    assert document["unit"]["id"] == "TSTNMT2321000156-VE11"
    assert document["signed_at"] == "2026-11-26T09:30:15Z"
    assert list(document) == sorted(document)


def test_a_known_document_has_exactly_these_bytes():
    # Pinned so that a change of the canonical rules (which would break every stored signature)
    # cannot pass unnoticed.
    assert canonical_json({"ö": ["x", 1, True, None, 1.5], "a": {"z": "", "b": -2}}) == (
        '{"a":{"b":-2,"z":""},"ö":["x",1,true,null,1.5]}'.encode("utf-8"))


def test_signing_time_is_utc_whole_seconds_whatever_zone_it_comes_in():
    stockholm = timezone(timedelta(hours=1))
    assert format_signing_time(datetime(2026, 11, 26, 10, 30, 15, 999999, tzinfo=stockholm)) == "2026-11-26T09:30:15Z"
    with pytest.raises(CanonicalFormError):
        format_signing_time(datetime(2026, 11, 26, 10, 30, 15))


def test_nfd_and_nfc_swedish_text_sign_alike():
    composed = "Åke Öberg, ärr på vänster knä"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    a = canonical_bytes(certificate(content={"fritext": composed}, patient={"id": "19121212-1212", "name": composed}),
                        SIGNED_AT)
    b = canonical_bytes(certificate(content={"fritext": decomposed},
                                    patient={"id": "19121212-1212", "name": decomposed}), SIGNED_AT)
    assert a == b


def test_keys_differing_only_in_normalisation_are_refused():
    with pytest.raises(CanonicalFormError, match="normalise"):
        canonical_json({"ö": 1, unicodedata.normalize("NFD", "ö"): 2})


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {1: "x"}, {"a": {1, 2}}, b"bytes",
                                   datetime(2026, 1, 1)])
def test_values_without_one_textual_form_are_refused(value):
    with pytest.raises(CanonicalFormError):
        canonical_json(value)


@pytest.mark.parametrize("changes", [
    {"certificate_id": ""}, {"certificate_type": None}, {"type_version": ""},
    {"patient": {"name": "Tolvan"}}, {"issuer": {"id": ""}}, {"unit": "TSTNMT2321000156-VE11"},
    {"content": ["not", "a", "mapping"]},
])
def test_a_certificate_without_its_identifying_fields_cannot_be_built(changes):
    with pytest.raises(CanonicalFormError):
        certificate(**changes)


def test_tuples_and_lists_are_the_same_array():
    assert canonical_json({"a": (1, 2)}) == canonical_json({"a": [1, 2]})


def test_the_order_of_a_list_matters():
    # Diagnosis rows are ordered (row 1 is the main diagnosis): reordering them changes the certificate.
    assert canonical_json({"rows": ["F320", "M545"]}) != canonical_json({"rows": ["M545", "F320"]})


# --- properties ------------------------------------------------------------------------------

_text = st.text(alphabet=st.sampled_from(list("aoAOåäöÅÄÖéü -_1\u0301\u0308\u030a\u00a0\n\"\\")), max_size=8)
_leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                  st.floats(allow_nan=False, allow_infinity=False), _text)
_documents = st.recursive(
    _leaf,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(_text.map(lambda s: unicodedata.normalize("NFC", s)), children,
                                               max_size=4)),
    max_leaves=20,
)


def _reorder(value, rng: random.Random):
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: _reorder(item, rng) for key, item in items}
    if isinstance(value, list):
        return [_reorder(item, rng) for item in value]
    return value


def _to_nfd(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, dict):
        return {unicodedata.normalize("NFD", key): _to_nfd(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_to_nfd(item) for item in value]
    return value


def _to_nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {unicodedata.normalize("NFC", key): _to_nfc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_to_nfc(item) for item in value]
    return value


@settings(max_examples=300)
@given(_documents, st.randoms(use_true_random=False))
def test_key_order_and_normalisation_never_change_the_bytes(document, rng):
    expected = canonical_json(document)
    assert canonical_json(_reorder(document, rng)) == expected
    # Keys are generated in NFC, so distinct keys stay distinct in NFD.
    assert canonical_json(_to_nfd(document)) == expected


@settings(max_examples=300)
@given(_documents)
def test_the_bytes_read_back_as_the_normalised_document(document):
    # Reading back gives the document itself (NFC), so two documents with different meanings can
    # never share bytes: the canonical form loses nothing that a signature should cover.
    assert json.loads(canonical_json(document)) == _to_nfc(document)


@settings(max_examples=200)
@given(_documents, _documents)
def test_different_documents_give_different_bytes(first, second):
    if _to_nfc(first) != _to_nfc(second):
        assert canonical_json(first) != canonical_json(second)
