"""The PU simulator's operator page: the buttons of §5.8 "Otillgänglig PU-tjänst", changing a
patient, "Återställ", CSRF, and no personnummer in any URL, also when mounted under a prefix."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from pu_simulator import PuSimulatorConfig, create_app

DEMO = str(Path(__file__).resolve().parents[3] / "demo" / "demo-data.yaml")
PREFIX = "/simulatorer/pu"
URL_ATTRIBUTE = re.compile(r'(?:href|action|src)="([^"]*)"')
PERSONNUMMER_IN_URL = re.compile(r"\d{6}[-+]?\d{4}")


def make_app(**overrides):
    return create_app(PuSimulatorConfig(demo_data_path=DEMO, **overrides), wait=lambda _s: None)


@pytest.fixture
def client():
    return make_app().test_client()


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def page_of(client, path="/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_form(client, path, data, *, page_path="/"):
    token = csrf_token(page_of(client, page_path))
    return client.post(path, data={"csrf_token": token, **data})


def lookup(client, number, prefix=""):
    return client.post(f"{prefix}/api/persons/lookup", json={"personnummer": number})


def urls_in(page: str) -> list[str]:
    return URL_ATTRIBUTE.findall(page)


def assert_no_personnummer_in_urls(urls):
    for url in urls:
        assert not PERSONNUMMER_IN_URL.search(url or ""), url


def test_the_page_lists_every_demo_patient_and_the_state(client):
    page = page_of(client)
    assert '<html lang="sv"' in page and "Simulerat externt system." in page
    for name in ("Tolvan Tolvansson", "Skyddad Sköld", "Gunhild Ek", "Jan Samuelsson"):
        assert name in page
    assert "19121212-1212" in page                      # in the body: the operator needs to see it
    assert "PU-tjänsten är tillgänglig." in page and 'data-state="available"' in page
    assert "Gör PU-tjänsten otillgänglig" in page and "Gör PU-tjänsten tillgänglig" not in page
    assert page.count('data-testid="pu-person"') == 11
    assert "Återställ" in page and ">Spara</button>" in page


def test_the_buttons_make_the_register_unavailable_and_available_again(client):
    response = post_form(client, "/tillganglighet", {"state": "unavailable"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert lookup(client, "19121212-1212").status_code == 503
    page = page_of(client)
    assert "PU-tjänsten är nu otillgänglig." in page          # the notice after the action
    assert "<strong>PU-tjänsten är otillgänglig.</strong>" in page and 'data-state="unavailable"' in page
    assert "Gör PU-tjänsten tillgänglig" in page and "Gör PU-tjänsten otillgänglig" not in page

    post_form(client, "/tillganglighet", {"state": "available"})
    assert lookup(client, "19121212-1212").status_code == 200
    assert 'data-state="available"' in page_of(client)


def test_slow_from_the_page_with_a_bounded_delay(client):
    waits = []
    app = create_app(PuSimulatorConfig(demo_data_path=DEMO), wait=waits.append)
    client = app.test_client()
    response = post_form(client, "/tillganglighet", {"state": "slow", "delay_seconds": "7,5"})
    assert response.status_code == 303
    assert "Varje anrop väntar 7.5 sekunder" in page_of(client)
    assert lookup(client, "19121212-1212").status_code == 200 and waits == [7.5]
    refused = post_form(client, "/tillganglighet", {"state": "slow", "delay_seconds": "3600"})
    assert refused.status_code == 400 and "högst 60 sekunder" in refused.get_data(as_text=True)


def test_changing_a_patient_changes_what_the_api_answers(client):
    response = post_form(client, "/patienter/0",
                         {"name": "Tolvan Nyman", "protected_identity": "on", "deceased": "2026-12-01"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    person = lookup(client, "19121212-1212").get_json()
    assert person["name"] == "Tolvan Nyman" and person["protected_identity"] is True
    assert person["deceased"] == "2026-12-01"
    assert "Ändringarna för Tolvan Nyman har sparats." in page_of(client)

    # an unticked box and an empty date: not protected, alive
    post_form(client, "/patienter/0", {"name": "Tolvan Nyman", "deceased": ""})
    person = lookup(client, "19121212-1212").get_json()
    assert person["protected_identity"] is False and person["deceased"] is None


@pytest.mark.parametrize("data, message", [
    ({"name": "  ", "deceased": ""}, "Ange ett namn."),
    ({"name": "Tolvan", "deceased": "2026-13-45"}, "Dödsdatum ska anges som ÅÅÅÅ-MM-DD"),
    ({"name": "x" * 101, "deceased": ""}, "högst 100 tecken"),
])
def test_a_bad_change_is_refused_with_a_message_and_nothing_changes(client, data, message):
    response = post_form(client, "/patienter/0", data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert lookup(client, "19121212-1212").get_json()["name"] == "Tolvan Tolvansson"


def test_an_unknown_position_is_refused(client):
    response = post_form(client, "/patienter/99", {"name": "Någon"})
    assert response.status_code == 400 and "finns inte i registret" in response.get_data(as_text=True)


def test_reset_reloads_the_demo_data(client):
    post_form(client, "/patienter/6", {"name": "Gunhild Ek", "deceased": ""})
    assert lookup(client, "19400404-0442").get_json()["deceased"] is None
    response = post_form(client, "/aterstall", {})
    assert response.status_code == 303
    assert lookup(client, "19400404-0442").get_json()["deceased"] == "2026-11-20"
    assert "Demopatienterna har lästs in på nytt." in page_of(client)


@pytest.mark.parametrize("path, data", [("/tillganglighet", {"state": "unavailable"}),
                                        ("/patienter/0", {"name": "Inbrytare"}), ("/aterstall", {})])
def test_operator_forms_refuse_a_post_without_csrf_token(client, path, data):
    page_of(client)                                   # has a session, but sends no token
    response = client.post(path, data=data)
    assert response.status_code == 400 and "säkerhetskod" in response.get_data(as_text=True)
    wrong = client.post(path, data={**data, "csrf_token": "förfalskad"})
    assert wrong.status_code == 400
    assert lookup(client, "19121212-1212").status_code == 200
    assert lookup(client, "19121212-1212").get_json()["name"] == "Tolvan Tolvansson"


def test_mounted_under_a_prefix_every_url_stays_under_it_and_carries_no_personnummer():
    app = make_app()
    client = Client(DispatcherMiddleware(lambda env, start: start("404 Not Found", []) or [b""], {PREFIX: app}))
    page = client.get(f"{PREFIX}/").get_data(as_text=True)
    urls = urls_in(page)
    own = [u for u in urls if not u.startswith(("/static/", "#"))]    # the gateway's CSS is at the origin
    assert own and all(u.startswith(PREFIX + "/") for u in own), own
    assert "/static/ds/theme.css" in urls and "/static/css/webcert.css" in urls
    assert_no_personnummer_in_urls(urls)

    token = csrf_token(page)
    locations = []
    for path, data in (("/patienter/0", {"name": "Tolvan", "deceased": "2026-01-02", "protected_identity": "on"}),
                       ("/tillganglighet", {"state": "unavailable"}), ("/aterstall", {})):
        response = client.post(PREFIX + path, data={"csrf_token": token, **data})
        assert response.status_code == 303
        locations.append(response.headers["Location"])
    assert locations == [f"{PREFIX}/"] * 3
    assert lookup(client, "191212121212", PREFIX).status_code == 503
    assert_no_personnummer_in_urls(locations + urls_in(client.get(f"{PREFIX}/").get_data(as_text=True)))
    assert client.get(f"{PREFIX}/simulator-static/simulator.css").status_code == 200


def test_assets_base_url_and_index_link_and_headers():
    client = make_app(assets_base_url="http://localhost:8000", index_url="http://localhost:8000/simulatorer").test_client()
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert 'href="http://localhost:8000/static/ds/designsystemet.css"' in page
    assert 'href="http://localhost:8000/simulatorer"' in page and "Alla simulatorer" in page
    assert "style-src 'self' http://localhost:8000" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Cache-Control"] == "no-store"
