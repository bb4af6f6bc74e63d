"""System tier: the distributed form (``make up``) as separate processes on the real
RabbitMQ and PostgreSQL, driven through the gateway over HTTP."""
from __future__ import annotations

import pytest

from tests.support.running_system import running_system


@pytest.fixture(scope="session")
def system(amqp_url, postgres_url, tmp_path_factory):
    with running_system("distributed", tmp_path_factory.mktemp("distributed")) as running:
        yield running
