""""Simulatorer": one page that links to the operator page of every simulated outside
system (issue 3: the PU simulator first; later issues add theirs). The runner passes the
list in ``SIMULATOR_LINKS``. ``frame`` is the page frame the simulators share."""
from .app import create_app
from .config import IndexConfig, SimulatorLink

__all__ = ["create_app", "IndexConfig", "SimulatorLink"]
