"""Running a service's workers (outbox relay, consumers, probes, sweepers), the same way in
every service: each worker is an object with ``run(stop: threading.Event)``.

``start_threads`` is used by the embedded runner (all services in one process) and by
``serve``, the entry point of a service's own worker process in the distributed form.
"""
from __future__ import annotations

import signal
import threading
from typing import Callable, Protocol

from .logging import get_logger

log = get_logger(__name__)


class Worker(Protocol):
    def run(self, stop: threading.Event) -> None: ...


def start_threads(workers: list[Worker], stop: threading.Event) -> list[threading.Thread]:
    threads = [threading.Thread(target=w.run, args=(stop,), name=type(w).__name__, daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    return threads


def serve(service_name: str, workers: list[Worker], join_timeout: float = 10.0) -> None:
    """Run ``workers`` until SIGTERM or SIGINT, then let each finish its round."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    threads = start_threads(workers, stop)
    log.info("worker_started", service=service_name, workers=[t.name for t in threads])
    stop.wait()
    for thread in threads:
        thread.join(timeout=join_timeout)
    log.info("worker_stopped", service=service_name)


class PeriodicWorker:
    """Calls ``task`` every ``interval_seconds`` until stopped. A failure (a database
    hiccup, say) is logged and the next round tries again: it must not kill the worker."""

    def __init__(self, name: str, task: Callable[[], object], interval_seconds: float) -> None:
        self.name = name
        self.task = task
        self.interval_seconds = interval_seconds

    def run_once(self):
        return self.task()

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception as exc:
                log.warning("periodic_task_failed", task=self.name, error_type=type(exc).__name__)
            stop.wait(self.interval_seconds)
