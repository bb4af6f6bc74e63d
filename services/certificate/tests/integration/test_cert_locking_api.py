"""CERT-8 and §5.9 through the API: the locking job (several at once lock each draft once), what a
locked draft refuses, "Kopiera", and the demo world's locked FK7804 for Anna Eriksson."""
from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from cert_world import TOLVAN
from webcert_certificate.domain import commands
from webcert_certificate.service_layer.handlers import handle
from webcert_common.bus import contracts


def services_of(certificates):
    return certificates.client.application.extensions["webcert_certificate"]


def created_days_ago(certificates, certificate_id: str, days: int, hours: int = 0) -> None:
    when = certificates.clock.now() - timedelta(days=days, hours=hours)
    with certificates.engine.begin() as conn:
        conn.execute(sa.text("UPDATE certificate SET created_at = :t WHERE id = :id"), {"t": when, "id": certificate_id})


def lock(certificates) -> int:
    return handle(commands.LockDueDrafts(), services_of(certificates))


def test_a_draft_is_locked_on_the_fourteenth_day_and_not_before(certificates):
    sid = certificates.login("ingrid")
    young, old = certificates.draft(sid), certificates.draft(sid)
    created_days_ago(certificates, young["id"], 12)
    created_days_ago(certificates, old["id"], 15)
    assert lock(certificates) == 1 and lock(certificates) == 0
    [event] = certificates.events(contracts.CERTIFICATE_LOCKED)
    contracts.validate_payload(event["type"], event["version"], event["payload"])
    assert event["payload"]["certificate_id"] == old["id"] and TOLVAN not in str(event)
    view = certificates.call(sid, "GET", f"/certificates/{old['id']}").get_json()
    assert (view["status"], view["status_label"]) == ("LOCKED", "Låst utkast")
    assert view["actions"]["COPY"]["allowed"] and view["actions"]["PRINT"]["allowed"]
    assert not any(view["actions"][a]["allowed"] for a in ("EDIT", "DELETE", "SIGN", "FORWARD"))
    listed = certificates.call(sid, "GET", "/certificates/drafts").get_json()["certificates"]
    assert {c["id"]: c["status"] for c in listed} == {young["id"]: "DRAFT", old["id"]: "LOCKED"}


def test_a_locked_draft_can_be_neither_edited_nor_deleted_nor_signed(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    token = certificates.edit(sid, draft["id"])["edit_token"]
    created_days_ago(certificates, draft["id"], 20)
    lock(certificates)
    version = certificates.call(sid, "GET", f"/certificates/{draft['id']}").get_json()["version"]
    for method, path, body in [("PUT", f"/certificates/{draft['id']}", {"version": version, "edit_token": token,
                                                                          "content": {"29": "x"}}),
                               ("DELETE", f"/certificates/{draft['id']}", {"version": version}),
                               ("POST", f"/certificates/{draft['id']}/sign", {"version": version}),
                               ("POST", f"/certificates/{draft['id']}/editing", None)]:
        refused = certificates.call(sid, method, path, body)
        assert refused.status_code == 409 and refused.get_json()["error"]["reason"] == "DRAFT_LOCKED", path


def test_several_jobs_at_once_lock_each_draft_exactly_once(certificates):
    sid = certificates.login("ingrid")
    drafts = [certificates.draft(sid) for _ in range(6)]
    for draft in drafts:
        created_days_ago(certificates, draft["id"], 30)
    counts, barrier = [], threading.Barrier(3)

    def job():
        barrier.wait()
        counts.append(lock(certificates))

    threads = [threading.Thread(target=job) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 6 and len(certificates.events(contracts.CERTIFICATE_LOCKED)) == 6


def test_kopiera_makes_an_editable_draft_with_everything_and_keeps_the_locked_one(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    token = certificates.edit(sid, draft["id"])["edit_token"]
    certificates.save(sid, draft["id"], {"29": "Snickare", "35": "Ryggsmärta"}, 1, token)
    refused = certificates.call(sid, "POST", f"/certificates/{draft['id']}/copy")
    assert refused.status_code == 409 and refused.get_json()["error"]["reason"] == "NOT_LOCKED"
    created_days_ago(certificates, draft["id"], 14, hours=1)
    lock(certificates)
    copied = certificates.call(sid, "POST", f"/certificates/{draft['id']}/copy")
    assert copied.status_code == 201, copied.get_json()
    copy = copied.get_json()
    assert copy["status"] == "DRAFT" and copy["content"] == {"29": "Snickare", "35": "Ryggsmärta"}
    assert copy["copied_from"] == draft["id"] and copy["id"] != draft["id"] and copy["actions"]["EDIT"]["allowed"]
    original = certificates.call(sid, "GET", f"/certificates/{draft['id']}").get_json()
    assert original["status"] == "LOCKED" and original["content"] == copy["content"]
    greta = certificates.login("greta")
    assert certificates.call(greta, "POST", f"/certificates/{draft['id']}/copy").status_code == 403


def test_each_certificate_shows_its_history_with_time_and_who(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    assert [(h["kind"], h["by"]["name"]) for h in draft["history"]] == [("created", "Ingrid Holm")]
    created_days_ago(certificates, draft["id"], 15)
    with certificates.engine.begin() as conn:   # the history's own time of creation moves with it
        conn.execute(sa.text("UPDATE certificate_event SET at = (SELECT created_at FROM certificate WHERE id = :id) "
                             "WHERE certificate_id = :id"), {"id": draft["id"]})
    lock(certificates)
    copy = certificates.call(sid, "POST", f"/certificates/{draft['id']}/copy").get_json()
    original = certificates.call(sid, "GET", f"/certificates/{draft['id']}").get_json()
    assert [h["kind"] for h in original["history"]] == ["created", "locked", "copied_to"]
    locked = original["history"][1]
    assert locked["by"] is None and locked["label"].startswith("Utkastet låstes")
    assert original["history"][2]["related_id"] == copy["id"]
    assert [(h["kind"], h["related_id"]) for h in copy["history"]] == [("copied_from", draft["id"])]


def test_radera_removes_the_drafts_history_too(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    assert certificates.call(sid, "DELETE", f"/certificates/{draft['id']}", {"version": 1}).status_code == 204
    with certificates.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM certificate_event WHERE certificate_id = :id"),
                            {"id": draft["id"]}).scalar() == 0
