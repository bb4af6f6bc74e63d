"""The real stack behind the gateway, in one process, for the certificate pages' tests.

The gateway talks through ``WsgiServiceClient`` (as in ``make run``) to the REAL auth service
(SQLite, the demo world of deploy/demo/demo-data.yaml, the test identity provider), the REAL
pu-lookup service (its in-memory ``FakePopulationRegister`` holding the demo world's
patients) and the REAL certificate service, whose own calls to auth and pu-lookup go to the
same two apps. Nothing is faked between the gateway and the services: what a page shows is
what the services decide.

Fixture ``stack`` (a ``CertificateStack``)::

    client = stack.login("ingrid")                       # logged in, unit chosen, steps done
    patient_url = stack.open_patient(client, TOLVAN)     # POST /sok-skriv-intyg -> /patient/<reference>
    other = stack.login("TSTNMT2321000156-1009", unit_id="TSTNMT2321000156-VE11")   # a second user
    draft = stack.create_draft(client, "FK7804", TOLVAN)     # through the service, as that user
    stack.complete_draft(client, draft)                      # example content saved -> version
    stack.sign_draft(client, draft)                          # complete + "Signera intyget"
    stack.certificates.get(stack.session_id(client), draft["id"])   # any service call, as that user

Also: ``stack.client()`` (a fresh browser), ``stack.session_view(client)`` (auth's SessionView),
``stack.register`` (make_unavailable / make_available: PU down behind the services), the apps
(``gateway``, ``auth_app``, ``pu_lookup_app``, ``certificate_app``); module helpers
``post_form(client, path, data, token_from=page)``, ``csrf_token``, ``page_text``; the demo
world's keys (``USERS``: ingrid, olle, maria, sara, karin, nils, bertil, greta, sigrid; ``eva`` by
e-legitimation), units (``ALFA_VARDCENTRAL``, ``ALFA_AKUT``) and patients (``TOLVAN``, ``SKYDDAD``,
``GUNHILD``, ``JAN``, ``UNKNOWN``).

The certificate service holds the demo world's two FK7263 certificates of Tolvan's (signed and
sent, Alfa Vårdcentral VE11); Alfa Akutmottagning (VE12) starts empty.

SQLite only (the services' own tests cover PostgreSQL); a fresh set of databases per test.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from pu_simulator.register import load_people
from webcert_auth.adapters.test_idp import sign_assertion
from webcert_auth.bootstrap import prepare as prepare_auth
from webcert_auth.config import AuthConfig
from webcert_auth.entrypoints.app import create_app as create_auth_app
from webcert_certificate.bootstrap import prepare as prepare_certificate
from webcert_certificate.config import CertificateConfig
from webcert_certificate.entrypoints.app import create_app as create_certificate_app
from webcert_certificate.examples import example_content
from webcert_common.service_client import WsgiServiceClient
from webcert_gateway.app import create_app as create_gateway_app
from webcert_gateway.bootstrap import prepare as prepare_gateway
from webcert_gateway.clients.certificate import CertificateClient
from webcert_pdf.config import PdfConfig
from webcert_pdf.entrypoints.app import create_app as create_pdf_app
from webcert_pu_lookup.adapters.population_register import FakePopulationRegister
from webcert_pu_lookup.bootstrap import prepare as prepare_pu_lookup
from webcert_pu_lookup.config import PuLookupConfig
from webcert_pu_lookup.domain.identity_number import PersonalIdentityNumber
from webcert_pu_lookup.domain.person import Address, Person
from webcert_pu_lookup.entrypoints.app import create_app as create_pu_lookup_app
from webcert_messaging.bootstrap import prepare as prepare_messaging
from webcert_messaging.config import MessagingConfig
from webcert_messaging.entrypoints.app import create_app as create_messaging_app
from webcert_gateway.clients.messaging import MessagingClient

from gateway_http import gateway_config

REPO_ROOT = Path(__file__).resolve().parents[3]
DEMO_DATA = REPO_ROOT / "deploy" / "demo" / "demo-data.yaml"
IDP_KEY = "gateway-stack-idp-signing-key"

# The demo world's people (deploy/demo/demo-data.yaml), by a short key. SITHS users by HSA id.
USERS = {
    "ingrid": "TSTNMT2321000156-1001",     # Läkare, Alfa Vårdcentral (VE11, two workplaces) + Alfa Akutmottagning
    "olle": "TSTNMT2321000156-1002",       # Läkare, VE11
    "maria": "TSTNMT2321000156-1003",      # Läkare, VE12
    "sara": "TSTNMT2321000156-1008",       # Tandläkare, VE11
    "karin": "TSTNMT2321000156-1009",      # Vårdadministratör, VE11 + VE12
    "nils": "TSTNMT2321000156-1010",       # Vårdadministratör, VE11
    "bertil": "TSTNMT2321000156-1012",     # Läkare, Beta Läkarhus (warned care provider)
    "greta": "TSTNMT2321000156-1013",      # Läkare, Gamma Klinik (blocked care provider)
    "sigrid": "TSTNMT2321000156-1014",     # Läkare with skyddade personuppgifter (risk dialog)
}
# E-legitimation doctors by personnummer (only in a JSON body, never in a URL).
ELEG_USERS = {"eva": "19700102-0226"}

ALFA_VARDCENTRAL = "TSTNMT2321000156-VE11"
ALFA_AKUT = "TSTNMT2321000156-VE12"

# The demo world's patients.
TOLVAN = "19121212-1212"
SKYDDAD = "19680815-1556"          # skyddade personuppgifter
GUNHILD = "19400404-0442"          # avliden
JAN = "19850363-3219"              # samordningsnummer
UNKNOWN = "19721225-4549"          # valid, not in the register

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# The pages the gateway sends a freshly logged-in user to before any tab (views/steps.py), and
# what submitting each of them posts.
_STEP_FORMS = {
    "/valj-vardenhet": "choose_unit",
    "/skyddade-personuppgifter/godkann": "acknowledge",
    "/information": "acknowledge",
}


def demo_patients() -> list[Person]:
    """The demo world's patients as pu-lookup's register records (parsed by the PU simulator's
    loader, so the demo file has one reader)."""
    records = []
    for person in load_people(str(DEMO_DATA)):
        address = person.address
        records.append(Person(
            PersonalIdentityNumber(person.display_number), person.name,
            Address(address.street, address.postal_code, address.city) if address else None,
            protected_identity=person.protected_identity, date_of_death=person.deceased))
    return records


def page_text(response) -> str:
    return response.get_data(as_text=True)


def csrf_token(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form on ``path`` (GET)."""
    response = client.get(path)
    match = _CSRF.search(page_text(response))
    assert match, f"no CSRF token on {path} ({response.status_code})"
    return match.group(1)


def post_form(client: FlaskClient, path: str, data: dict | None = None, *, token_from: str | None = None):
    """POST a form like a browser: the CSRF token read from the page it sits on (``token_from``,
    by default ``path`` itself)."""
    token = csrf_token(client, token_from or path)
    return client.post(path, data={"csrf_token": token, **(data or {})})


@dataclass
class CertificateStack:
    gateway: Flask
    auth_app: Flask
    pu_lookup_app: Flask
    certificate_app: Flask
    register: FakePopulationRegister
    certificates: CertificateClient           # the gateway's client over the real certificate service
    messaging_app: Flask | None = None
    messaging: MessagingClient | None = None  # the gateway's client over the real messaging service
    root: Path | None = None
    idp_key: str = IDP_KEY
    _engines: list = field(default_factory=list)
    _workers: "EventWorkers | None" = None

    # --- events between the services ---------------------------------------------------------
    def settle(self) -> None:
        """Carry every committed event to its consumers until nothing moves: the certificate
        service's relay and recipient adapters (the FK simulator in-process) and the messaging
        service's consumers, on an in-process bus of this stack's own (built at the first call)."""
        if self._workers is None:
            from messaging_stack import EventWorkers
            self._workers = EventWorkers.build(self)
        self._workers.settle()

    @property
    def fk(self):
        """The FK simulator app the certificate service delivers to (built with the workers)."""
        if self._workers is None:
            self.settle()
        return self._workers.fk_app

    # --- clients and login -------------------------------------------------------------------
    def client(self) -> FlaskClient:
        """A new browser: its own cookies, not logged in."""
        return self.gateway.test_client()

    def login(self, user: str, unit_id: str | None = None, *, client: FlaskClient | None = None,
              method: str | None = None) -> FlaskClient:
        """Log ``user`` (a key of USERS/ELEG_USERS, an HSA id or a personnummer) in through
        /login/siths (or /login/eleg) and /login/callback with an assertion signed like the test
        IdP's, choose ``unit_id`` (default: the first unit offered) and accept the risk dialog /
        information box if asked. Returns the browser, standing on its first tab."""
        client = client or self.client()
        subject = USERS.get(user) or ELEG_USERS.get(user) or user
        method = method or ("bankid" if user in ELEG_USERS or re.fullmatch(r"\d{8}-\d{4}", subject) else "siths")
        entry = "siths" if method == "siths" else "eleg"
        started = client.get(f"/login/{entry}")
        assert started.status_code == 302, page_text(started)
        state = parse_qs(urlsplit(started.headers["Location"]).query)["state"][0]
        answer = client.post("/login/callback",
                             data={"assertion": sign_assertion(self.idp_key, method, subject, state), "state": state})
        assert answer.status_code == 302, f"login of {user} refused: {page_text(answer)}"
        self._finish_steps(client, answer.headers["Location"], unit_id)
        return client

    def _finish_steps(self, client: FlaskClient, location: str, unit_id: str | None) -> None:
        for _ in range(len(_STEP_FORMS) + 1):
            path = urlsplit(location).path
            step = _STEP_FORMS.get(path)
            if step is None:
                return
            data = {"unit_id": unit_id or self._first_unit(client)} if step == "choose_unit" else {}
            answer = post_form(client, path, data)
            assert answer.status_code == 302, f"step {path} failed: {page_text(answer)}"
            location = answer.headers["Location"]
        raise AssertionError(f"login never reached a tab (last step {location})")

    def _first_unit(self, client: FlaskClient) -> str:
        view = self.session_view(client)
        return view["units"][0]["id"]

    def session_id(self, client: FlaskClient) -> str:
        """The auth session id behind the browser's cookie (for calling a service directly)."""
        cookie = client.get_cookie(self.gateway.config["WEBCERT_SESSION_COOKIE"])
        assert cookie is not None, "not logged in"
        return cookie.value

    def session_view(self, client: FlaskClient) -> dict:
        response = self.auth_app.test_client().get("/sessions/current",
                                                   headers={"X-Session-Id": self.session_id(client)})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    # --- patients ------------------------------------------------------------------------------
    def open_patient(self, client: FlaskClient, personnummer: str) -> str:
        """§5.2 steps 1–2: Sök/skriv intyg, personnummer, Fortsätt. Returns the patient page's path
        (``/patient/<reference>``; the number never in it)."""
        answer = post_form(client, "/sok-skriv-intyg", {"personnummer": personnummer})
        assert answer.status_code == 302, page_text(answer)
        return urlsplit(answer.headers["Location"]).path

    def create_draft(self, client: FlaskClient, certificate_type: str, personnummer: str = TOLVAN) -> dict:
        """A draft made through the certificate service directly, as the browser's user
        (the CertificateView). The page's own "Skapa intyg" is tested in the lists' tests."""
        return self.certificates.create(self.session_id(client), certificate_type, personnummer)

    def complete_draft(self, client: FlaskClient, draft: dict) -> int:
        """Fill ``draft`` with its type's complete example content (webcert_certificate.examples)
        as the browser's user: open it for editing, save. Returns the new version."""
        session_id = self.session_id(client)
        editing = self.certificates.start_editing(session_id, draft["id"])
        today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
        saved = self.certificates.save(session_id, draft["id"], version=editing["version"],
                                       edit_token=editing["edit_token"],
                                       content=example_content(draft["certificate_type"], today))
        return saved["version"]

    def sign_draft(self, client: FlaskClient, draft: dict) -> dict:
        """Complete and sign ``draft`` through the service ("Signera intyget"); the CertificateView."""
        version = self.complete_draft(client, draft)
        return self.certificates.sign(self.session_id(client), draft["id"], version)

    def signed_and_sent_to_fk(self, client: FlaskClient, certificate_type: str = "FK7804",
                              personnummer: str = TOLVAN) -> dict:
        """A new certificate of the browser's user, signed, sent to FK and received there (the
        receipt carried back): what §7 needs before any question. The CertificateView."""
        draft = self.create_draft(client, certificate_type, personnummer)
        self.sign_draft(client, draft)
        self.certificates.send(self.session_id(client), draft["id"], patient_consent=True)
        self.settle()
        return self.certificates.get(self.session_id(client), draft["id"])

    def close(self) -> None:
        if self._workers is not None:
            self._workers.close()
        for engine in self._engines:
            engine.dispose()


def _certificate_app(root: Path, auth_app: Flask, pu_lookup_app: Flask) -> Flask:
    """The certificate service with the demo world's certificates (two FK7263 of Tolvan's, signed
    and sent, on Alfa Vårdcentral) and its demo CA under ``root``; it prints through the real PDF
    service, in-process."""
    data_dir = root / "certificate"
    data_dir.mkdir()
    config = CertificateConfig(database_url=f"sqlite:///{root / 'certificate.sqlite3'}", data_dir=str(data_dir),
                               demo_data_path=str(DEMO_DATA), load_demo_world=True)
    prepare_certificate(config)
    return create_certificate_app(config, auth_client=WsgiServiceClient(auth_app),
                                  pu_lookup_client=WsgiServiceClient(pu_lookup_app),
                                  pdf_client=WsgiServiceClient(create_pdf_app(PdfConfig())))


def _messaging_app(root: Path, auth_app: Flask, pu_lookup_app: Flask) -> Flask:
    """The messaging service (§7), asking the same auth and pu-lookup apps."""
    config = MessagingConfig(database_url=f"sqlite:///{root / 'messaging.sqlite3'}")
    prepare_messaging(config)
    return create_messaging_app(config, auth_client=WsgiServiceClient(auth_app),
                                pu_lookup_client=WsgiServiceClient(pu_lookup_app))


def build_stack(root: Path) -> CertificateStack:
    auth_config = AuthConfig(database_url=f"sqlite:///{root / 'auth.sqlite3'}", test_idp_enabled=True,
                             idp_signing_key=IDP_KEY, demo_data_path=str(DEMO_DATA), load_demo_world=True)
    prepare_auth(auth_config)
    auth_app = create_auth_app(auth_config)

    pu_config = PuLookupConfig(database_url=f"sqlite:///{root / 'pu-lookup.sqlite3'}")
    prepare_pu_lookup(pu_config)
    register = FakePopulationRegister(demo_patients())
    pu_lookup_app = create_pu_lookup_app(pu_config, register=register)

    certificate_app = _certificate_app(root, auth_app, pu_lookup_app)
    messaging_app = _messaging_app(root, auth_app, pu_lookup_app)

    config = gateway_config(f"sqlite:///{root / 'gateway.sqlite3'}")
    prepare_gateway(config).dispose()
    gateway = create_gateway_app(config, auth_client=WsgiServiceClient(auth_app),
                                 pu_lookup_client=WsgiServiceClient(pu_lookup_app),
                                 certificate_client=WsgiServiceClient(certificate_app),
                                 messaging_client=WsgiServiceClient(messaging_app))
    engines = [auth_app.extensions["webcert_auth_engine"], pu_lookup_app.extensions["webcert_pu_lookup_engine"],
               certificate_app.extensions["webcert_certificate_engine"], gateway.extensions["webcert_engine"],
               messaging_app.extensions["webcert_messaging_engine"]]
    return CertificateStack(gateway=gateway, auth_app=auth_app, pu_lookup_app=pu_lookup_app,
                            certificate_app=certificate_app, register=register,
                            certificates=gateway.extensions["webcert_certificate"],
                            messaging_app=messaging_app, messaging=gateway.extensions["webcert_messaging"],
                            root=root, _engines=engines)


@pytest.fixture
def stack(tmp_path) -> Iterator[CertificateStack]:
    """The gateway over the real auth, pu-lookup and certificate services (see the module doc)."""
    built = build_stack(tmp_path)
    try:
        yield built
    finally:
        built.close()
