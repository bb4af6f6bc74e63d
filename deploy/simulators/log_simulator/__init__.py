"""The national log service simulator (Loggtjänsten): receives the PDL audit trail
(patientdatalagen 4 kap., HSLF-FS 2016:40 4:9) that Webcert ships, stores each entry once
and append-only, and lists the entries per patient on its operator page. It can be made
unavailable so that the shipper's retries can be seen (docs/ARCHITECTURE.md, "Simulators")."""
from .app import create_app
from .config import LogSimulatorConfig

__all__ = ["create_app", "LogSimulatorConfig"]
