"""Message bus benchmark (run by ``make bench``; not a test).

On the local RabbitMQ and PostgreSQL, in one run, with the same message count:
  (a) outbox relay:   rows pre-written to PostgreSQL; the relay publishes them (persistent,
                      publisher confirms) and marks them published
  (b) raw pika:       BlockingConnection + confirm_delivery publishing the same number of
                      persistent messages
  (c) inbox consumer: consume, inbox row + a trivial handler write in PostgreSQL, commit, ack
  (d) raw pika:       consume-and-ack loop, same prefetch
Prints a table and writes bench/results/bus.json.

    .venv/bin/python bench/bus_benchmark.py [--count 5000] [--amqp-url ...] [--postgres-url ...]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "services" / "common"))

import pika  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from webcert_common.bus import (InboxConsumer, MessageBus, OutboxRelay, add_messaging_tables,  # noqa: E402
                                contracts, make_event, outbox_table)
from webcert_common.db import drop_database, ensure_database, make_engine  # noqa: E402
from webcert_common.logging import configure_logging  # noqa: E402

SERVICE = "bench"
PREFETCH = 200
effects = sa.Table("bench_effects", sa.MetaData(), sa.Column("event_id", sa.String(64), nullable=False))


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def bench_relay(engine, bus: MessageBus, count: int) -> float:
    rows = [make_event(contracts.USER_LOGGED_OUT, {"user_id": f"bench-{i}"}, "bench") for i in range(count)]
    with engine.begin() as conn:
        conn.execute(outbox_table().insert(), [
            {"id": e.id, "type": e.type, "body": e.to_json(), "created_at": e.time} for e in rows])
    relay = OutboxRelay(engine, bus, batch_size=100)
    started = time.perf_counter()
    published = 0
    while (n := relay.run_once()) > 0:
        published += n
    elapsed = time.perf_counter() - started
    assert published == count, published
    return _rate(count, elapsed)


def _pika(amqp_url: str) -> pika.BlockingConnection:
    return pika.BlockingConnection(pika.URLParameters(amqp_url))


def bench_raw_publish(amqp_url: str, exchange: str, queue: str, count: int) -> float:
    body = make_event(contracts.USER_LOGGED_OUT, {"user_id": "bench"}, "bench").to_json().encode()
    connection = _pika(amqp_url)
    try:
        channel = connection.channel()
        channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        channel.queue_declare(queue, durable=True)
        channel.queue_bind(queue, exchange, routing_key=contracts.USER_LOGGED_OUT)
        channel.confirm_delivery()
        properties = pika.BasicProperties(delivery_mode=2, content_type="application/json")
        started = time.perf_counter()
        for _ in range(count):
            channel.basic_publish(exchange, contracts.USER_LOGGED_OUT, body, properties)
        return _rate(count, time.perf_counter() - started)
    finally:
        connection.close()


def bench_consumer(engine, bus: MessageBus, count: int, *, handler_writes: bool = True) -> float:
    """``handler_writes=False`` measures the consumer with its inbox alone (the handler does
    nothing); ``True`` adds one handler INSERT per event, as a typical projection would."""
    insert_effect = effects.insert()

    def handler(event, conn):
        if handler_writes:
            conn.execute(insert_effect, {"event_id": event.id})

    consumer = InboxConsumer(engine, bus, service=SERVICE, handlers={contracts.USER_LOGGED_OUT: handler},
                             prefetch_count=PREFETCH)
    try:
        started = time.perf_counter()
        handled = 0
        while handled < count:
            handled += consumer.drain(timeout=0.05)
        elapsed = time.perf_counter() - started
    finally:
        consumer.close()
    if handler_writes:
        with engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(effects)).scalar() == count
    return _rate(count, elapsed)


def bench_raw_consume(amqp_url: str, queue: str, count: int) -> float:
    connection = _pika(amqp_url)
    try:
        channel = connection.channel()
        channel.basic_qos(prefetch_count=PREFETCH)
        seen = [0]

        def on_message(ch, method, _properties, _body):
            ch.basic_ack(method.delivery_tag)
            seen[0] += 1
            if seen[0] >= count:
                ch.stop_consuming()

        channel.basic_consume(queue, on_message)
        started = time.perf_counter()
        channel.start_consuming()
        return _rate(count, time.perf_counter() - started)
    finally:
        connection.close()


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version()}


def _cleanup(amqp_url: str, queues: list[str], exchanges: list[str]) -> None:
    connection = _pika(amqp_url)
    try:
        channel = connection.channel()
        for name in queues:
            channel.queue_delete(name)
        for name in exchanges:
            channel.exchange_delete(name)
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--output", default=str(HERE / "results" / "bus.json"))
    args = parser.parse_args()
    configure_logging("bench", level="WARNING")

    run = uuid.uuid4().hex[:8]
    namespace, raw_exchange, raw_queue = f"bench-{run}.", f"bench-raw-{run}.webcert.events", f"bench-raw-{run}.queue"
    database_url = args.postgres_url.rsplit("/", 1)[0] + f"/webcert_bench_{run}"
    ensure_database(database_url)
    engine = make_engine(database_url)
    bus = MessageBus(args.amqp_url, namespace)
    try:
        metadata = sa.MetaData()
        add_messaging_tables(metadata)
        metadata.create_all(engine)
        effects.create(engine)
        bus.declare_consumer_queue(SERVICE, [contracts.USER_LOGGED_OUT])
        results = {
            "relay_publish": bench_relay(engine, bus, args.count),
            "raw_pika_publish": bench_raw_publish(args.amqp_url, raw_exchange, raw_queue, args.count),
            "inbox_consume": bench_consumer(engine, bus, args.count, handler_writes=False),
        }
        results["raw_pika_consume_ack"] = bench_raw_consume(args.amqp_url, raw_queue, args.count)
        bench_relay(engine, bus, args.count)  # fills the consumer's queue again
        results["inbox_consume_with_handler_write"] = bench_consumer(engine, bus, args.count)
    finally:
        bus.close()
        engine.dispose()
        drop_database(database_url)
        _cleanup(args.amqp_url, [bus.queue_name(SERVICE), bus.dead_letter_queue_name(SERVICE), raw_queue],
                 [bus.exchange.name, raw_exchange])

    ratios = {"relay_vs_raw_publish": results["relay_publish"] / results["raw_pika_publish"],
              "consumer_vs_raw_consume_ack": results["inbox_consume"] / results["raw_pika_consume_ack"],
              "consumer_with_handler_write_vs_raw": results["inbox_consume_with_handler_write"]
              / results["raw_pika_consume_ack"]}
    report = {"count": args.count, "prefetch": PREFETCH, "events_per_second": {k: round(v) for k, v in results.items()},
              "ratios": {k: round(v, 3) for k, v in ratios.items()}, "machine": machine(),
              "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    print(f"{'measure':<34}{'events/s':>12}")
    for name, value in results.items():
        print(f"{name:<34}{value:>12,.0f}")
    print(f"relay / raw publish                {ratios['relay_vs_raw_publish']:>11.0%}  (aim >= 50 %)")
    print(f"consumer (inbox) / raw consume     {ratios['consumer_vs_raw_consume_ack']:>11.0%}  (aim >= 40 %)")
    print(f"consumer + handler write / raw     {ratios['consumer_with_handler_write_vs_raw']:>11.0%}")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
