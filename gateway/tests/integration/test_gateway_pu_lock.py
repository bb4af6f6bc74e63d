"""The PU lock in the pages (PU-3, §5.8 "Otillgänglig PU-tjänst"): a banner on every page
and 503 on every certificate/question action while pu_state says unavailable, lifted by
pu.available; fail closed when pu_state cannot be read. And the demo's "Simulatorer" link."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from fake_pu_lookup_service import TOLVAN
from gateway_http import csrf_token, gateway_config, login, text
from webcert_common.bus import contracts, make_event
from webcert_gateway import pu_state
from webcert_gateway.app import create_app

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
BANNER = 'data-testid="pu-lock-banner"'
LOCKED = "All hantering av intyg och ärendekommunikation i Webcert är låst tills tjänsten fungerar igen."


def tell(app, available: bool, minute: int) -> None:
    """What the worker's handler does with a pu.* event (the handler itself, on the app's database)."""
    kind = contracts.PU_AVAILABLE if available else contracts.PU_UNAVAILABLE
    event = make_event(kind, {"changed_at": T0.replace(minute=minute).isoformat()}, "pu-lookup")
    with app.extensions["webcert_engine"].begin() as conn:
        pu_state.record_event(event, conn)


def search(client, typed=TOLVAN):
    token = csrf_token(client, "/sok-skriv-intyg")
    return client.post("/sok-skriv-intyg", data={"csrf_token": token, "personnummer": typed})


def test_no_banner_while_pu_is_available(client):
    assert BANNER not in text(client.get("/"))
    login(client, "maria")
    assert BANNER not in text(client.get("/sok-skriv-intyg"))


@pytest.mark.parametrize("path", ["/sok-skriv-intyg", "/ej-hanterade-arenden", "/ej-signerade-utkast",
                                  "/signerade-intyg", "/om-webcert"])
def test_the_banner_is_on_every_logged_in_page(app, client, path):
    login(client, "maria")
    tell(app, False, 0)
    body = text(client.get(path))
    assert BANNER in body and 'role="alert"' in body and LOCKED in body


def test_the_banner_is_on_the_start_page_the_steps_and_error_pages(app, client):
    tell(app, False, 0)
    assert BANNER in text(client.get("/"))
    assert BANNER in text(client.get("/finns-inte"))
    login(client, "ingrid")
    assert BANNER in text(client.get("/valj-vardenhet"))


def test_while_locked_the_search_is_refused_with_503_and_pu_lookup_is_not_asked(app, client, fake_pu):
    login(client, "maria")
    location = search(client).headers["Location"]
    calls_before = len(fake_pu.calls)
    tell(app, False, 0)
    form = client.get("/sok-skriv-intyg")
    assert form.status_code == 200 and "<fieldset class=\"wc-search__fields\" disabled>" in text(form)
    refused = search(client)
    assert refused.status_code == 503 and LOCKED in text(refused)
    page = client.get(location)
    assert page.status_code == 503 and "Tolvan" not in text(page)
    assert len(fake_pu.calls) == calls_before


def test_pu_available_lifts_the_lock(app, client):
    login(client, "maria")
    tell(app, False, 0)
    assert search(client).status_code == 503
    tell(app, True, 5)
    assert BANNER not in text(client.get("/sok-skriv-intyg"))
    found = search(client)
    assert found.status_code == 302
    assert "Tolvan Tolvansson" in text(client.get(found.headers["Location"]))


def test_an_older_available_does_not_lift_a_newer_lock(app, client):
    login(client, "maria")
    tell(app, False, 10)
    tell(app, True, 5)
    assert search(client).status_code == 503


def test_fail_closed_when_pu_state_cannot_be_read(app, client, fake_pu):
    login(client, "maria")
    with app.extensions["webcert_engine"].begin() as conn:
        conn.execute(sa.text("DROP TABLE pu_state"))
    assert BANNER in text(client.get("/sok-skriv-intyg"))
    assert search(client).status_code == 503
    assert fake_pu.calls_to("POST", "/persons/validate") == 0


def test_fail_closed_when_the_row_is_missing(app, client):
    login(client, "maria")
    with app.extensions["webcert_engine"].begin() as conn:
        conn.execute(pu_state.pu_state.delete())
    assert search(client).status_code == 503


def test_the_guard_answers_json_under_api(app):
    from webcert_gateway.views.lock import requires_pu_service
    tell(app, False, 0)

    @requires_pu_service
    def action():
        return "done"

    with app.test_request_context("/api/something"):
        response = action()
    assert response.status_code == 503
    assert response.get_json()["error"]["reason"] == "PU_UNAVAILABLE"


def test_simulators_link_when_configured(config, fake_auth, fake_pu):
    demo = create_app(gateway_config(config.database_url, simulators_url="/simulatorer"),
                      auth_client=fake_auth, pu_lookup_client=fake_pu).test_client()
    start = text(demo.get("/"))
    assert start.count('href="/simulatorer"') == 1 and ">Simulatorer</a>" in start
    login(demo, "maria")
    assert 'href="/simulatorer"' in text(demo.get("/sok-skriv-intyg"))


def test_no_simulators_link_otherwise(client):
    assert "Simulatorer" not in text(client.get("/"))
    login(client, "maria")
    assert "Simulatorer" not in text(client.get("/sok-skriv-intyg"))
