"""The population register over HTTP: the PU simulator's API (docs/ARCHITECTURE.md
"Simulators"). ``POST /api/persons/lookup {"personnummer": "<12 digits>"}`` answers 200 with
the person or 404; 503 or no answer means unavailable. ``GET /api/health`` for the probe.

The client is an ``HttpServiceClient`` with a short timeout (distributed) or a
``WsgiServiceClient`` over the simulator's app (embedded): a register that does not answer
never hangs a page."""
from __future__ import annotations

from datetime import date

from webcert_common.logging import get_logger
from webcert_common.service_client import ServiceClient, ServiceUnavailable

from ..domain.identity_number import PersonalIdentityNumber
from ..domain.person import Address, PersonRecord
from .population_register import RegisterUnavailable

log = get_logger(__name__)

LOOKUP_PATH = "/api/persons/lookup"
HEALTH_PATH = "/api/health"


class HttpPopulationRegister:
    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    def find(self, number: PersonalIdentityNumber) -> PersonRecord | None:
        response = self._call("POST", LOOKUP_PATH, {"personnummer": number.digits})
        if response.status == 404:
            return None
        if response.status != 200:
            # Fail closed: an answer we cannot use is no answer (never a guess about protection).
            log.warning("pu_register_unexpected_answer", status=response.status)
            raise RegisterUnavailable(f"unexpected status {response.status}")
        try:
            return _person(number, response.json)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("pu_register_malformed_answer", error_type=type(exc).__name__)
            raise RegisterUnavailable("malformed answer") from None

    def ping(self) -> None:
        response = self._call("GET", HEALTH_PATH)
        if response.status != 200:
            raise RegisterUnavailable(f"health answered {response.status}")

    def _call(self, method: str, path: str, body: dict | None = None):
        try:
            return self.client.request(method, path, json=body)
        except ServiceUnavailable as exc:
            raise RegisterUnavailable(str(exc)) from None
        except ValueError as exc:          # a body that is not JSON
            raise RegisterUnavailable(type(exc).__name__) from None


def _person(number: PersonalIdentityNumber, body: dict) -> PersonRecord:
    if not isinstance(body, dict):
        raise TypeError("the answer is not an object")
    returned = str(body["personnummer"]).replace("-", "").replace("+", "")
    if returned != number.digits:
        raise ValueError("the register answered about another person")
    protected = body.get("protected_identity")
    if not isinstance(protected, bool):
        raise TypeError("protected_identity is not a boolean")
    deceased = body.get("deceased")
    return PersonRecord(
        number=number,
        name=str(body["name"]),
        # §5.8: a protected person's address is never kept or shown, whatever the register sent.
        address=None if protected else _address(body.get("address")),
        protected_identity=protected,
        date_of_death=date.fromisoformat(deceased) if deceased else None,
    )


def _address(value) -> Address | None:
    if value is None:
        return None
    return Address(street=str(value["street"]), postal_code=str(value["postal_code"]), city=str(value["city"]))
