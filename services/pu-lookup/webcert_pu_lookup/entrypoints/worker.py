"""The pu-lookup worker: the outbox relay (publishes committed pu.* and pdl.* events) and the
register probe (pings the population register every PU_PROBE_INTERVAL_SECONDS: outages and
recovery are noticed within seconds even when nobody looks anyone up, PU-3)."""
from __future__ import annotations

from webcert_common.bus import MessageBus, OutboxRelay
from webcert_common.clock import Clock
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging, get_logger
from webcert_common.worker import PeriodicWorker, serve

from ..adapters.population_register import PopulationRegister
from ..bootstrap import build_services
from ..config import PuLookupConfig
from ..domain import commands
from ..domain.register_state import Transition
from ..service_layer.handlers import PuLookupServices, handle

log = get_logger(__name__)


class RegisterProbe(PeriodicWorker):
    def __init__(self, services: PuLookupServices, interval_seconds: float = 2.0) -> None:
        super().__init__("pu_probe", self._probe, interval_seconds)
        self.services = services

    def _probe(self) -> Transition | None:
        return handle(commands.ProbeRegister(), self.services)


def build_workers(config: PuLookupConfig, *, register: PopulationRegister | None = None,
                  clock: Clock | None = None) -> list:
    engine = make_engine(config.database_url)
    bus = MessageBus(config.amqp_url, namespace=config.bus_namespace)
    services = build_services(config, engine, register=register, clock=clock)
    return [OutboxRelay(engine, bus, clock=clock), RegisterProbe(services, config.probe_interval_seconds)]


def main() -> None:
    config = PuLookupConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    serve(config.service_name, build_workers(config))


if __name__ == "__main__":
    main()
