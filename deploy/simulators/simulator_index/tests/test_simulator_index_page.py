""""Simulatorer": the links from SIMULATOR_LINKS in their order, a Swedish note when there
are none, and refusal of a malformed list."""
from __future__ import annotations

import json
import re

import pytest
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from simulator_index import IndexConfig, SimulatorLink, create_app
from simulator_index.config import parse_links
from webcert_common.config import ConfigError

LINKS = [
    {"name": "PU-tjänsten", "url": "/simulatorer/pu/", "description": "Folkbokföringens personuppgifter."},
    {"name": "Loggtjänsten", "url": "http://localhost:8111/", "description": "PDL-loggning."},
    {"name": "Försäkringskassan", "url": "/simulatorer/fk/"},
]


def test_lists_the_links_in_order(monkeypatch):
    monkeypatch.setenv("SIMULATOR_LINKS", json.dumps(LINKS))
    page = create_app().test_client().get("/").get_data(as_text=True)
    assert "<h1" in page and ">Simulatorer</h1>" in page
    found = re.findall(r'<li>\s*<a class="ds-link" href="([^"]+)">([^<]+)</a>', page)
    assert found == [("/simulatorer/pu/", "PU-tjänsten"), ("http://localhost:8111/", "Loggtjänsten"),
                     ("/simulatorer/fk/", "Försäkringskassan")]
    assert "Folkbokföringens personuppgifter." in page and "Inga simulatorer" not in page
    assert 'href="/">Till Webcerts startsida</a>' in page


def test_no_links_gives_a_swedish_note(monkeypatch):
    monkeypatch.delenv("SIMULATOR_LINKS", raising=False)
    page = create_app().test_client().get("/").get_data(as_text=True)
    assert "Inga simulatorer är konfigurerade i den här miljön." in page


@pytest.mark.parametrize("text", ["{inte json", '{"name": "x"}', '[{"url": "/x"}]', '[{"name": "x"}]',
                                  '[{"name": "x", "url": "javascript:alert(1)"}]',
                                  '[{"name": "x", "url": "//evil.example"}]',
                                  '[{"name": "x", "url": "/x", "description": 5}]'])
def test_a_malformed_list_is_refused_at_start(text):
    with pytest.raises(ConfigError):
        parse_links(text)


def test_mounted_at_simulatorer_with_the_gateways_css():
    app = create_app(IndexConfig(links=(SimulatorLink("PU-tjänsten", "/simulatorer/pu/"),)))
    client = Client(DispatcherMiddleware(lambda env, start: start("404 Not Found", []) or [b""],
                                         {"/simulatorer": app}))
    response = client.get("/simulatorer/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'href="/simulatorer/pu/"' in page
    assert 'href="/static/ds/theme.css"' in page and 'href="/static/css/webcert.css"' in page
    assert 'href="/simulatorer/simulator-static/simulator.css"' in page
    assert client.get("/simulatorer/simulator-static/simulator.css").status_code == 200
    missing = client.get("/simulatorer/finns-inte")
    assert missing.status_code == 404 and "Sidan finns inte." in missing.get_data(as_text=True)


def test_refuses_production():
    with pytest.raises(ConfigError):
        create_app(IndexConfig(environment="production"))


def test_other_http_errors_keep_their_status_and_a_swedish_text():
    from werkzeug.exceptions import Unauthorized

    app = create_app(IndexConfig())

    @app.get("/api/hemlig")
    def secret():
        raise Unauthorized()

    @app.get("/trasig")
    def broken():
        raise RuntimeError("boom")

    client = app.test_client()
    refused = client.get("/api/hemlig")
    assert refused.status_code == 401 and refused.get_json()["error"]["message"] == "Begäran kunde inte hanteras."
    failed = client.get("/trasig")
    assert failed.status_code == 500 and "Ett tekniskt fel har uppstått" in failed.get_data(as_text=True)
    assert "Traceback" not in failed.get_data(as_text=True)
