"""The shared example content (webcert_certificate.examples), under the names the validation
tests use. Not a test module by itself (no test functions)."""
from __future__ import annotations

from webcert_certificate.examples import (  # noqa: F401
    BIRTH, COMPLETE, DIAGNOSIS, EXAMPLES_DATE as TODAY, MANDATORY_WHEN_EMPTY,
)
