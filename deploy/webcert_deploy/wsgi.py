"""WSGI compositions used by the runners.

The gateway is the only door for the browser. The test identity provider and the
simulators are outside systems (simulated), mounted beside the gateway only when the
configuration turns them on (``TEST_IDP_ENABLED``, ``SIMULATORS_ENABLED``): the IdP under
``/testidp``, the "Simulatorer" index under ``/simulatorer``, and -- in the embedded form --
the simulators themselves under it. In production real systems live elsewhere.
"""
from __future__ import annotations

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from webcert_common.config import env_bool


def outside_systems(extra: dict | None = None) -> dict:
    mounts = {}
    if env_bool("TEST_IDP_ENABLED"):
        from idp_simulator import create_app as create_idp_app

        mounts["/testidp"] = create_idp_app()
    if env_bool("SIMULATORS_ENABLED"):
        from simulator_index import create_app as create_index_app

        mounts["/simulatorer"] = create_index_app()
    mounts.update(extra or {})
    return mounts


def compose_gateway(gateway_app, extra_mounts: dict | None = None):
    mounts = outside_systems(extra_mounts)
    return DispatcherMiddleware(gateway_app, mounts) if mounts else gateway_app


def _gateway_from_env():
    from webcert_common.logging import configure_logging
    from webcert_gateway.app import create_app
    from webcert_gateway.config import GatewayConfig

    config = GatewayConfig.from_env()
    configure_logging("gateway", config.log_level)
    return compose_gateway(create_app(config))


def __getattr__(name):
    # gunicorn 'webcert_deploy.wsgi:gateway' builds the app on first access, in the worker.
    if name == "gateway":
        app = _gateway_from_env()
        globals()["gateway"] = app
        return app
    raise AttributeError(name)
