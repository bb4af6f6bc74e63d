"""How a recipient takes in what is sent to it (a delivery, FK's message), as its mode says:
down 503; slow waits first; reject 422 REJECTED, nothing stored; garbage stores it, then answers
200 with a body that is not JSON (the answer lost on the way back)."""
from __future__ import annotations

from typing import Callable

from flask import Response, jsonify, request

from simulator_index.frame import refusal

from .deliveries import DeliveryError
from .mode import DOWN, GARBAGE, REJECT, ModeSwitch
from .recipients import Recipient

JSON_REQUIRED = "Begäran måste vara JSON (Content-Type: application/json)."
# Labelled as JSON but not JSON: the adapter must not trust the header (garbage is retried, then
# dead-lettered, docs/ARCHITECTURE.md "After signing").
GARBAGE_BODY = "<html><body><h1>Internt fel</h1>{\"receipt_id\": </body></html>"


def take_in_mode(who: Recipient, modes: ModeSwitch, wait: Callable[[float], None], parse: Callable, keep: Callable,
                 what: str):
    """One delivery or message, answered as the mode says: ``parse(body)`` (a ``DeliveryError`` is a
    400), ``keep(parsed)`` -> (stored, first); the stored thing's ``receipt()`` is the answer."""
    # "slow" waits first, then answers as the mode is by then: a delivery whose caller gave up
    # is still stored, and the caller's retry gets the first receipt.
    delay = modes.delay_before_answer()
    if delay:
        wait(delay)
    mode = modes.mode
    if mode == DOWN:
        return refusal(503, "RECIPIENT_UNAVAILABLE", f"{who.name} är otillgänglig. Försök igen senare.")
    if not request.is_json:
        return refusal(415, "UNSUPPORTED_MEDIA_TYPE", JSON_REQUIRED)
    try:
        parsed = parse(request.get_json(silent=True))
    except DeliveryError as exc:
        return refusal(400, "INVALID_DELIVERY", str(exc))
    if mode == REJECT:
        # The adapter shows the message to the user after the recipient's name.
        return refusal(422, "REJECTED", f"{what.capitalize()} avvisades av mottagaren.")
    received, first = keep(parsed)
    if mode == GARBAGE:
        return Response(GARBAGE_BODY, 200, content_type="application/json")
    return jsonify(received.receipt()), 201 if first else 200
