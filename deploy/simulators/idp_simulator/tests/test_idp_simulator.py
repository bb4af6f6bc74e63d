"""The test identity provider through HTTP: SITHS-kort (certificate, PIN) and
e-legitimation (method, person), the return form, and what it refuses."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from itsdangerous import BadSignature

from idp_simulator import IdpConfig, create_app
from idp_simulator.assertion import verify
from webcert_common.config import ConfigError

KEY = "test-signing-key-0123456789"
STATE = "s" * 32
RETURN_TO = "http://localhost/login/callback"
DEMO = str(Path(__file__).resolve().parents[3] / "demo" / "demo-data.yaml")


def make_app(**overrides):
    values = dict(signing_key=KEY, demo_data_path=DEMO, enabled=True)
    values.update(overrides)
    return create_app(IdpConfig(**values))


@pytest.fixture
def client():
    return make_app().test_client()


def flow(**extra):
    return {"state": STATE, "return_to": RETURN_TO, **extra}


def returned_assertion(response) -> dict:
    body = response.get_data(as_text=True)
    assert f'action="{RETURN_TO}"' in body and ">Fortsätt</button>" in body and "autosubmit.js" in body
    assert f'name="state" value="{STATE}"' in body
    return verify(KEY, re.search(r'name="assertion" value="([^"]+)"', body).group(1))


def test_refuses_to_start_unless_enabled():
    with pytest.raises(ConfigError):
        make_app(enabled=False)
    with pytest.raises(ConfigError):
        make_app(environment="production")
    with pytest.raises(ConfigError):
        make_app(signing_key="")


def test_every_page_says_it_is_a_test(client):
    body = client.get("/siths", query_string=flow()).get_data(as_text=True)
    assert "Testidentitetsleverantör." in body and '<html lang="sv">' in body


def test_siths_lists_every_demo_card_by_name(client):
    body = client.get("/siths", query_string=flow()).get_data(as_text=True)
    assert "Välj SITHS-certifikat" in body
    for name in ("Ingrid Holm", "Karin Admin", "Lena Ingen", "Sigrid Dold"):
        assert name in body


def test_siths_pin_then_signed_assertion(client):
    pin_page = client.post("/siths/pin", data=flow(card="0"))
    assert "Ange pinkod" in pin_page.get_data(as_text=True) and "Ingrid Holm" in pin_page.get_data(as_text=True)
    response = client.post("/siths/login", data=flow(card="0", pin="1234"))
    assert response.status_code == 200
    assert returned_assertion(response) == {"method": "siths", "subject": "TSTNMT2321000156-1001", "nonce": STATE}


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "12 34", "１２３４"])
def test_malformed_pin_is_a_clear_400_and_nothing_is_signed(client, pin):
    response = client.post("/siths/login", data=flow(card="0", pin=pin))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Pinkoden ska bestå av 4–8 siffror." in body
    assert 'name="assertion"' not in body


@pytest.mark.parametrize("pin", ["1234", "12345678"])
def test_pin_of_four_to_eight_digits_is_accepted(client, pin):
    assert client.post("/siths/login", data=flow(card="2", pin=pin)).status_code == 200


def test_eleg_method_then_person(client):
    methods = client.get("/eleg", query_string=flow()).get_data(as_text=True)
    assert "Välj inloggningsmetod" in methods
    assert ">BankID<" in methods and ">Mobilt BankID<" in methods and ">Telia<" in methods
    people = client.post("/eleg/identity", data=flow(method="mobilt_bankid")).get_data(as_text=True)
    assert "Eva Lund" in people and "Petra Nyström" in people
    assert "19700102" not in people  # people are chosen by position, never by personnummer
    response = client.post("/eleg/login", data=flow(method="mobilt_bankid", person="0"))
    assert returned_assertion(response) == {"method": "mobilt_bankid", "subject": "19700102-0226", "nonce": STATE}


def test_unknown_method_or_person_is_refused(client):
    assert client.post("/eleg/identity", data=flow(method="passport")).status_code == 400
    assert client.post("/eleg/login", data=flow(method="bankid", person="99")).status_code == 400
    assert client.post("/siths/pin", data=flow(card="x")).status_code == 400


@pytest.mark.parametrize("return_to", ["https://evil.example/steal", "//evil.example/steal", "javascript:alert(1)",
                                       "http://localhost.evil.example/cb", "http://user@localhost/cb", ""])
def test_return_to_on_another_origin_is_refused(client, return_to):
    response = client.get("/siths", query_string={"state": STATE, "return_to": return_to})
    assert response.status_code == 400
    assert "Återgångsadressen är inte tillåten." in response.get_data(as_text=True)
    response = client.post("/siths/login", data={"state": STATE, "return_to": return_to, "card": "0", "pin": "1234"})
    assert response.status_code == 400 and 'name="assertion"' not in response.get_data(as_text=True)


def test_allow_listed_origin_and_relative_path_are_accepted():
    client = make_app(allowed_return_origins=("https://webcert.example",)).test_client()
    for return_to in ("https://webcert.example/login/callback", "/login/callback"):
        response = client.get("/siths", query_string={"state": STATE, "return_to": return_to})
        assert response.status_code == 200, return_to


def test_missing_or_malformed_state_is_refused(client):
    assert client.get("/siths", query_string={"return_to": RETURN_TO}).status_code == 400
    assert client.get("/siths", query_string={"state": "<x>", "return_to": RETURN_TO}).status_code == 400


def test_assertion_does_not_verify_with_another_key(client):
    body = client.post("/siths/login", data=flow(card="0", pin="1234")).get_data(as_text=True)
    assertion = re.search(r'name="assertion" value="([^"]+)"', body).group(1)
    with pytest.raises(BadSignature):
        verify("another-key-0123456789", assertion)


def test_links_respect_the_mount_point():
    # The runner mounts the IdP at /testidp on the gateway's origin.
    from flask import Flask
    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from werkzeug.test import Client

    mounted = Client(DispatcherMiddleware(Flask("gateway"), {"/testidp": make_app()}))
    body = mounted.get("/testidp/siths", query_string=flow()).get_data(as_text=True)
    assert 'action="/testidp/siths/pin"' in body and 'href="/testidp/static/idp.css"' in body


def test_security_headers_and_return_page_policy(client):
    page = client.get("/siths", query_string=flow())
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]
    back = client.post("/siths/login", data=flow(card="0", pin="1234"))
    assert "form-action 'self' http://localhost" in back.headers["Content-Security-Policy"]
