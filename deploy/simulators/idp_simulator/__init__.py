"""The test identity provider: SITHS-kort and e-legitimation for the demo world.

A development tool, never production: it refuses to start unless ``TEST_IDP_ENABLED`` is
true, and it says on every page that it is a test. It signs an assertion the auth service
verifies (docs/ARCHITECTURE.md, "Login")."""
from .app import create_app
from .config import IdpConfig

__all__ = ["create_app", "IdpConfig"]
