"""WSGI compositions used by the runners.

The gateway is the only door for the browser. The test identity provider is an outside
system (simulated), so it is mounted beside the gateway under ``/testidp`` only when the
configuration turns it on; in production a real SAML/OIDC provider lives elsewhere.
"""
from __future__ import annotations

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from webcert_common.config import env_bool


def compose_gateway(gateway_app):
    if not env_bool("TEST_IDP_ENABLED"):
        return gateway_app
    from idp_simulator import create_app as create_idp_app

    return DispatcherMiddleware(gateway_app, {"/testidp": create_idp_app()})


def _gateway_from_env():
    from webcert_gateway.app import create_app
    from webcert_gateway.config import GatewayConfig

    return compose_gateway(create_app(GatewayConfig.from_env()))


def __getattr__(name):
    # gunicorn 'webcert_deploy.wsgi:gateway' builds the app on first access, in the worker.
    if name == "gateway":
        app = _gateway_from_env()
        globals()["gateway"] = app
        return app
    raise AttributeError(name)
