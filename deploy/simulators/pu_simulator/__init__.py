"""The PU simulator: the population register (Personuppgiftstjänsten) for development and
demo, loaded with the demo patients. Its API is what the pu-lookup service's
PopulationRegister adapter calls; its operator page makes the register unavailable (§5.8
"Otillgänglig PU-tjänst"), slow, or available again, and changes a patient's name,
skyddade personuppgifter and date of death (docs/ARCHITECTURE.md, "Simulators")."""
from .app import create_app
from .config import PuSimulatorConfig

__all__ = ["create_app", "PuSimulatorConfig"]
