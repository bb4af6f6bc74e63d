"""Logging in at the real auth service in-process, for the service tests of the services that ask
auth who the user is (certificate, messaging): an assertion signed like the test IdP's, then the
unit chosen when auth asks for one. Answers the session id."""
from __future__ import annotations

import uuid

from webcert_auth.adapters.test_idp import sign_assertion


def siths_session(auth_client, idp_key: str, hsa_id: str, unit_id: str | None = None) -> str:
    nonce = uuid.uuid4().hex
    response = auth_client.post("/sessions", json={"assertion": sign_assertion(idp_key, "siths", hsa_id, nonce),
                                                   "nonce": nonce})
    assert response.status_code == 201, response.get_json()
    sid = response.get_json()["session_id"]
    if response.get_json()["session"].get("unit") is None or unit_id:
        chosen = auth_client.put("/sessions/current/unit", json={"unit_id": unit_id},
                                 headers={"X-Session-Id": sid})
        assert chosen.status_code == 200, chosen.get_json()
    return sid
