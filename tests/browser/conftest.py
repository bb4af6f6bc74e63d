"""Browser tier: the manual's procedures in headless Chromium, by the manual's Swedish words.

Debian's ``chromium`` is driven by Playwright through ``executable_path`` (Playwright cannot
download its own browser here). Every test runs against both ways of running the system:
``embedded`` (what ``make run`` starts) and ``distributed`` (what ``make up`` starts, each
service its own process on RabbitMQ and PostgreSQL).
"""
from __future__ import annotations

import os
import shutil

import pytest

from tests.support.running_system import running_system

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session", params=["embedded", "distributed"])
def system(request, tmp_path_factory):
    if request.param == "distributed":
        # the distributed form needs the real broker and database
        request.getfixturevalue("amqp_url")
        request.getfixturevalue("postgres_url")
    with running_system(request.param, tmp_path_factory.mktemp(request.param)) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required for the browser tier")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, system):
    context = browser.new_context(base_url=system.base_url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
