"""The people the test identity provider offers, from the demo world (demo-data.yaml).
Everyone is offered, including those the auth service will refuse: the IdP only says who
the person is; whether that person may use Webcert is the auth service's decision."""
from __future__ import annotations

from dataclasses import dataclass

import yaml

# Login methods for e-legitimation (§3 step 1.2.1), in the manual's order.
ELEG_METHODS = (("bankid", "BankID"), ("mobilt_bankid", "Mobilt BankID"), ("telia", "Telia"))


@dataclass(frozen=True)
class SithsCard:
    name: str
    hsa_id: str


@dataclass(frozen=True)
class ElegPerson:
    name: str
    personnummer: str


@dataclass(frozen=True)
class Identities:
    siths_cards: tuple[SithsCard, ...]
    eleg_people: tuple[ElegPerson, ...]


def load_identities(path: str) -> Identities:
    with open(path, encoding="utf-8") as handle:
        world = yaml.safe_load(handle) or {}
    cards = tuple(SithsCard(u["name"], u["hsa_id"]) for u in world.get("siths_users") or [])
    people = tuple(ElegPerson(u["name"], str(u["personnummer"])) for u in world.get("eleg_users") or [])
    return Identities(cards, people)


def pick(items: tuple, index: str | None):
    """The item at an opaque index from a form, or None: a position, never a personnummer."""
    if index is None or not index.isdigit() or len(index) > 4:
        return None
    position = int(index)
    return items[position] if position < len(items) else None
