"""Shared pieces of the bus integration tests, and the subprocess roles that die for real.

Run as a script it plays one role in a separate process, then ``os._exit``s at the worst
moment (exit code CRASHED):
    python bus_testkit.py consumer-crash-before-ack   (after the DB commit, before the ack)
    python bus_testkit.py relay-crash-before-mark N  (after N confirmed publishes, before marking)
    python bus_testkit.py consumer-crash-in-handler M (in the handler; M = max_redeliveries)
Configuration comes from the environment: BUS_URL, DATABASE_URL, BUS_NAMESPACE.
"""
from __future__ import annotations

import os
import sys

import sqlalchemy as sa

CRASHED = 17
SERVICE = "testconsumer"
metadata = sa.MetaData()
effects = sa.Table("effects", metadata,
                   # no unique key on purpose: a second effect must be visible, not refused
                   sa.Column("event_id", sa.String(64), nullable=False),
                   sa.Column("user_id", sa.String(64), nullable=False),
                   sa.Column("correlation_id", sa.String(64), nullable=True))


def _setup_path() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.abspath(os.path.join(here, "..", "..")))  # services/common


def record_effect(event, conn) -> None:
    from webcert_common import correlation

    conn.execute(effects.insert().values(event_id=event.id, user_id=event.payload["user_id"],
                                         correlation_id=correlation.get()))


def handlers() -> dict:
    from webcert_common.bus import contracts

    return {contracts.USER_LOGGED_OUT: record_effect}


def _consumer_crash_before_ack(engine, bus) -> None:
    import kombu.message
    from webcert_common.bus import InboxConsumer

    def die_instead_of_ack(_message, multiple=False):
        os._exit(CRASHED)   # the DB transaction has committed; the broker never hears the ack

    kombu.message.Message.ack = die_instead_of_ack
    InboxConsumer(engine, bus, service=SERVICE, handlers=handlers()).drain(timeout=10.0)
    os._exit(0)   # reached only if no message came: the parent sees exit code 0, not CRASHED


def _consumer_crash_in_handler(engine, bus, max_redeliveries: int) -> None:
    from webcert_common.bus import InboxConsumer, contracts

    def die_while_handling(_event, _conn):
        os._exit(CRASHED)   # a handler that kills its process: nothing committed, nothing acked

    InboxConsumer(engine, bus, service=SERVICE, handlers={contracts.USER_LOGGED_OUT: die_while_handling},
                  max_redeliveries=max_redeliveries).drain(timeout=5.0)
    os._exit(0)   # the message was dead-lettered instead of handled (or none came)


def _relay_crash_before_mark(engine, bus, publish_count: int) -> None:
    from webcert_common.bus import OutboxRelay

    real_publish = bus.publish_json
    published = []

    def publish_then_maybe_die(*args, **kwargs):
        real_publish(*args, **kwargs)       # confirmed by the broker
        published.append(1)
        if len(published) >= publish_count:
            os._exit(CRASHED)               # before the rows are marked published

    bus.publish_json = publish_then_maybe_die
    OutboxRelay(engine, bus).run_once()
    os._exit(0)


def main(argv: list[str]) -> None:
    _setup_path()
    from webcert_common.bus import MessageBus
    from webcert_common.db import make_engine

    engine = make_engine(os.environ["DATABASE_URL"])
    bus = MessageBus(os.environ["BUS_URL"], os.environ["BUS_NAMESPACE"])
    if argv[0] == "consumer-crash-before-ack":
        _consumer_crash_before_ack(engine, bus)
    elif argv[0] == "consumer-crash-in-handler":
        _consumer_crash_in_handler(engine, bus, int(argv[1]))
    elif argv[0] == "relay-crash-before-mark":
        _relay_crash_before_mark(engine, bus, int(argv[1]))
    raise SystemExit(f"unknown role {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
