"""One plain function per command, looked up in HANDLERS (STYLE.md habit 3).

Lookup order (docs/ARCHITECTURE.md "Patients"): parse the number (400 before any register
call) -> refuse at once while the register is unavailable (503, fail closed) -> ask the
register (no answer: make the transition to unavailable, 503) -> decide access (PU-2) ->
one PDL entry for granted, refused and not found, committed before the answer is given.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Callable
from zoneinfo import ZoneInfo

from webcert_common.bus import contracts
from webcert_common.clock import Clock
from webcert_common.logging import get_logger

from ..adapters.population_register import PopulationRegister, RegisterUnavailable
from ..domain import commands, pdl
from ..domain.errors import (PERSON_NOT_FOUND, InvalidPersonnummerRefusal, NotAuthorisedForPatient,
                             PersonNotFound, PopulationRegisterLocked)
from ..domain.identity_number import InvalidPersonnummer, PersonalIdentityNumber, parse_personal_identity_number
from ..domain.register_state import Transition, transition_for
from ..domain.rules import Action, decide_all, decide_for_patient, excluded_certificate_types
from .views import person_view

log = get_logger(__name__)

SWEDEN = ZoneInfo("Europe/Stockholm")


def _new_entry_id() -> str:
    return str(uuid.uuid4())


@dataclass
class PuLookupServices:
    uow: Callable[[], object]                 # a fresh SqlUnitOfWork (or a fake) per call
    register: PopulationRegister
    clock: Clock
    new_entry_id: Callable[[], str] = field(default=_new_entry_id)

    def today(self) -> date:
        # The century of a 10-digit number follows the Swedish calendar date.
        return self.clock.now().astimezone(SWEDEN).date()


def _parse(text: str, deps: PuLookupServices) -> PersonalIdentityNumber:
    try:
        return parse_personal_identity_number(text, deps.today())
    except InvalidPersonnummer as exc:
        raise InvalidPersonnummerRefusal(exc.message) from None


def validate(cmd: commands.ValidatePersonnummer, deps: PuLookupServices) -> dict:
    number = _parse(cmd.personnummer, deps)
    return {"personnummer": number.normalised, "kind": number.kind}


def lookup(cmd: commands.LookupPerson, deps: PuLookupServices) -> dict:
    number = _parse(cmd.personnummer, deps)
    with deps.uow() as uow:
        state = uow.register_state.get()
    if not state.available:
        # PU-3: locked until the probe sees the register again; no register call, no cache.
        raise PopulationRegisterLocked()
    try:
        person = deps.register.find(number)
    except RegisterUnavailable:
        record_observation(deps, register_answered=False)
        raise PopulationRegisterLocked() from None
    role = cmd.requester.role
    if person is None:
        _log_access(deps, cmd.requester, number, pdl.NOT_FOUND, PERSON_NOT_FOUND)
        raise PersonNotFound()
    access = decide_for_patient(person, role, Action.READ_PATIENT)
    if not access.allowed:
        # §5.8: refused, logged, and nothing about the patient in the answer.
        _log_access(deps, cmd.requester, number, pdl.REFUSED, access.reason)
        raise NotAuthorisedForPatient()
    _log_access(deps, cmd.requester, number, pdl.GRANTED, None)
    return {
        "person": person_view(person),
        "actions": {name: decision.as_dict() for name, decision in decide_all(person, role).items()},
        "excluded_certificate_types": excluded_certificate_types(person),
    }


def _log_access(deps: PuLookupServices, requester: commands.Requester, number: PersonalIdentityNumber,
                outcome: str, reason: str | None) -> None:
    """One PDL entry through the outbox; the answer goes out only once it is committed."""
    entry = pdl.access_entry(deps.new_entry_id(), deps.clock.now(), requester, number, outcome, reason)
    with deps.uow() as uow:
        uow.add_event(contracts.PDL_ACCESS_LOGGED, entry)
        uow.commit()
    # Ordinary log: the outcome and the kind of number, never the number itself.
    log.info("pu_lookup", outcome=outcome, reason=reason, kind=number.kind, role=requester.role,
             pdl_entry_id=entry["entry_id"])


def record_observation(deps: PuLookupServices, register_answered: bool) -> Transition | None:
    """Make the transition the observation calls for; exactly one process makes it and writes
    its event (pu.unavailable / pu.available) in the same transaction. Returns the transition
    this call made, or None."""
    now = deps.clock.now()
    with deps.uow() as uow:
        transition = transition_for(uow.register_state.get(), register_answered, now)
        if transition is None or not uow.register_state.apply(transition):
            return None
        event_type = contracts.PU_AVAILABLE if transition.to_available else contracts.PU_UNAVAILABLE
        uow.add_event(event_type, {"changed_at": transition.at.isoformat()})
        uow.commit()
    if transition.to_available:
        log.info("pu_register_available", changed_at=transition.at.isoformat())
    else:
        log.warning("pu_register_unavailable", changed_at=transition.at.isoformat())
    return transition


def _answers(register: PopulationRegister) -> bool:
    try:
        register.ping()
        return True
    except RegisterUnavailable:
        return False


def probe(cmd: commands.ProbeRegister, deps: PuLookupServices) -> Transition | None:
    """Ping the register and follow what it says (how both an outage without lookups and the
    recovery are noticed). A missed ping is asked again at once before it counts: locking all
    of Webcert (PU-3) for one lost packet or one slow answer on a busy machine would make the
    lock flap; a register that is really down misses both."""
    answered = _answers(deps.register) or _answers(deps.register)
    return record_observation(deps, register_answered=answered)


def status(cmd: commands.CheckStatus, deps: PuLookupServices) -> dict:
    with deps.uow() as uow:
        state = uow.register_state.get()
    return {"available": state.available, "changed_at": state.changed_at.isoformat()}


HANDLERS: dict[type, Callable] = {
    commands.ValidatePersonnummer: validate,
    commands.LookupPerson: lookup,
    commands.CheckStatus: status,
    commands.ProbeRegister: probe,
}


def handle(cmd, deps: PuLookupServices):
    return HANDLERS[type(cmd)](cmd, deps)
