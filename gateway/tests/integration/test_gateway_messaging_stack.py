"""The stack's events reach the messaging service: a certificate signed and sent to FK is one
FK may ask about (QA-1), and the FK simulator holds it."""
from __future__ import annotations


def test_a_certificate_sent_to_fk_is_known_to_the_messaging_service(stack):
    client = stack.login("ingrid")
    certificate = stack.signed_and_sent_to_fk(client)
    assert certificate["status"] == "SENT"
    questions = stack.messaging.of_certificate(stack.session_id(client), certificate["id"])
    assert questions["questions"] == []
    assert questions["actions"]["ASK"]["allowed"] is True
