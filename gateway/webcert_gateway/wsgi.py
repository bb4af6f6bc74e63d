"""For gunicorn (distributed mode): ``gunicorn webcert_gateway.wsgi:app``."""
from webcert_common.logging import configure_logging

from .app import create_app
from .bootstrap import prepare
from .config import GatewayConfig

config = GatewayConfig.from_env()
configure_logging("gateway", config.log_level)
prepare(config)
app = create_app(config)
