"""The outage state machine (PU-3, INT-2) through the handlers, with fakes and a fake clock:
fail closed on a lookup, one event per transition, recovery only through the probe."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from webcert_common.clock import FakeClock

from pu_fakes import FakeStore, FakeUnitOfWork
from webcert_pu_lookup.adapters.population_register import FakePopulationRegister, RegisterUnavailable
from webcert_pu_lookup.domain import commands
from webcert_pu_lookup.domain.errors import PersonNotFound, PopulationRegisterLocked
from webcert_pu_lookup.domain.identity_number import PersonalIdentityNumber
from webcert_pu_lookup.domain.person import Person
from webcert_pu_lookup.domain.register_state import RegisterState, Transition, transition_for
from webcert_pu_lookup.service_layer.handlers import PuLookupServices, handle

REQUESTER = commands.Requester("TSTNMT2321000156-1001", "LAKARE", "TSTNMT2321000156-VE11-M1",
                               "TSTNMT2321000156-VE11", "TSTNMT2321000156-VG01")
TOLVAN = Person(PersonalIdentityNumber("19121212-1212"), "Tolvan Tolvansson")


@pytest.fixture
def world():
    clock = FakeClock()
    store = FakeStore()
    register = FakePopulationRegister([TOLVAN])
    services = PuLookupServices(uow=lambda: FakeUnitOfWork(store, clock), register=register, clock=clock)
    return clock, store, register, services


def lookup(services, number="19121212-1212"):
    return handle(commands.LookupPerson(number, REQUESTER), services)


def types(store):
    return [e.type for e in store.events]


def test_transition_for_only_when_the_observation_differs():
    now = FakeClock().now()
    up, down = RegisterState(True, now), RegisterState(False, now)
    assert transition_for(up, True, now) is None
    assert transition_for(down, False, now) is None
    assert transition_for(up, False, now) == Transition(to_available=False, at=now)
    assert transition_for(down, True, now) == Transition(to_available=True, at=now)
    assert Transition(False, now).from_available is True


def test_a_lookup_that_finds_the_register_down_locks_and_publishes_once(world):
    clock, store, register, services = world
    register.make_unavailable()
    with pytest.raises(PopulationRegisterLocked) as caught:
        lookup(services)
    assert (caught.value.status, caught.value.reason) == (503, "PU_UNAVAILABLE")
    assert types(store) == ["pu.unavailable"]
    assert store.events[0].payload == {"changed_at": clock.now().isoformat()}
    assert store.state == RegisterState(False, clock.now())


def test_while_locked_every_lookup_is_refused_at_once_without_a_register_call(world):
    clock, store, register, services = world
    register.make_unavailable()
    with pytest.raises(PopulationRegisterLocked):
        lookup(services)
    calls = register.find_calls
    register.make_available()          # back, but nobody has seen it yet: still locked
    for _ in range(3):
        with pytest.raises(PopulationRegisterLocked):
            lookup(services)
    assert register.find_calls == calls
    assert types(store) == ["pu.unavailable"]     # no PDL entry for a refused-by-outage lookup


def test_the_probe_notices_the_outage_and_the_recovery_once_each(world):
    clock, store, register, services = world
    assert handle(commands.ProbeRegister(), services) is None           # up and known to be up
    register.make_unavailable()
    clock.advance(timedelta(seconds=2))
    went_down = handle(commands.ProbeRegister(), services)
    assert went_down == Transition(to_available=False, at=clock.now())
    clock.advance(timedelta(seconds=2))
    assert handle(commands.ProbeRegister(), services) is None           # still down: nothing new
    register.make_available()
    clock.advance(timedelta(seconds=2))
    came_back = handle(commands.ProbeRegister(), services)
    assert came_back == Transition(to_available=True, at=clock.now())
    assert handle(commands.ProbeRegister(), services) is None
    assert types(store) == ["pu.unavailable", "pu.available"]
    assert store.events[1].payload == {"changed_at": came_back.at.isoformat()}
    assert handle(commands.CheckStatus(), services) == {"available": True, "changed_at": came_back.at.isoformat()}
    assert lookup(services)["person"]["name"] == "Tolvan Tolvansson"


def test_status_reports_the_state_and_when_it_changed(world):
    clock, store, register, services = world
    register.make_unavailable()
    handle(commands.ProbeRegister(), services)
    assert handle(commands.CheckStatus(), services) == {"available": False, "changed_at": clock.now().isoformat()}


def test_granted_and_not_found_lookups_write_one_pdl_entry_each(world):
    clock, store, register, services = world
    lookup(services)
    with pytest.raises(PersonNotFound):
        lookup(services, "19721225-4549")
    assert types(store) == ["pdl.access_logged", "pdl.access_logged"]
    granted, missing = (e.payload for e in store.events)
    assert (granted["outcome"], granted["reason"], granted["patient_id"]) == ("granted", None, "19121212-1212")
    assert (missing["outcome"], missing["reason"], missing["patient_id"]) == ("not_found", "PERSON_NOT_FOUND",
                                                                              "19721225-4549")
    assert granted["time"] == clock.now().isoformat()


def test_the_century_of_a_ten_digit_number_follows_the_injected_clock(world):
    clock, store, register, services = world
    assert services.today() == date(2026, 11, 26)
    assert handle(commands.ValidatePersonnummer("121212+1212"), services)["personnummer"] == "19121212-1212"


class _FlakyRegister(FakePopulationRegister):
    """Misses the next ``misses`` pings, then answers."""

    def __init__(self, persons, misses: int) -> None:
        super().__init__(persons)
        self.misses = misses

    def ping(self) -> None:
        if self.misses:
            self.misses -= 1
            self.ping_calls += 1
            raise RegisterUnavailable("missed")
        super().ping()


def test_one_missed_ping_does_not_lock_webcert_two_do():
    clock, store = FakeClock(), FakeStore()
    register = _FlakyRegister([TOLVAN], misses=1)
    services = PuLookupServices(uow=lambda: FakeUnitOfWork(store, clock), register=register, clock=clock)
    assert handle(commands.ProbeRegister(), services) is None and types(store) == []
    register.misses = 2
    assert handle(commands.ProbeRegister(), services) is not None and types(store) == ["pu.unavailable"]
