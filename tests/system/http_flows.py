"""The login round trip over plain HTTP. The identity provider's pages are exercised by the
browser tier; here the test signs the assertion the IdP would post, with the key the
system was started with."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import requests

from webcert_auth.adapters.test_idp import sign_assertion

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SESSION_COOKIE = "webcert_session"          # GatewayConfig.session_cookie_name's default
CERTIFICATE_PAGE = re.compile(r"/intyg/([0-9a-f-]{36})$")


def start_login(http: requests.Session, base_url: str, method: str = "siths") -> str:
    response = http.get(f"{base_url}/login/{'siths' if method == 'siths' else 'eleg'}", allow_redirects=False)
    assert response.status_code == 302, response.text
    return parse_qs(urlsplit(response.headers["Location"]).query)["state"][0]


def login(system, subject: str, method: str = "siths", correlation_id: str | None = None):
    """Returns (session, response of the callback, followed)."""
    http = requests.Session()
    state = start_login(http, system.base_url, method)
    assertion = sign_assertion(system.idp_signing_key, method, subject, state)
    headers = {"X-Correlation-ID": correlation_id} if correlation_id else {}
    response = http.post(f"{system.base_url}/login/callback", data={"assertion": assertion, "state": state},
                         headers=headers, timeout=10)
    return http, response


def csrf_token(http: requests.Session, url: str) -> str:
    match = CSRF.search(http.get(url, timeout=10).text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def search_patient(http: requests.Session, base_url: str, personnummer: str) -> requests.Response:
    """§5.2: Sök/skriv intyg → personnummer → Fortsätt (the form's POST, redirects followed)."""
    token = csrf_token(http, base_url + "/sok-skriv-intyg")
    return http.post(base_url + "/sok-skriv-intyg", data={"csrf_token": token, "personnummer": personnummer},
                     timeout=10)


def choose_unit(http: requests.Session, base_url: str, unit_id: str) -> requests.Response:
    """§3 step 1.1.3: "Välj vilken vårdenhet du vill logga in på"."""
    token = csrf_token(http, base_url + "/valj-vardenhet")
    return http.post(base_url + "/valj-vardenhet", data={"csrf_token": token, "unit_id": unit_id}, timeout=10)


def session_id(http: requests.Session) -> str:
    """The gateway's session cookie holds the auth service's session id and nothing else
    (webcert_gateway.session_cookie): what the gateway sends the services as X-Session-Id."""
    value = http.cookies.get(SESSION_COOKIE)
    assert value, "not logged in"
    return value


def create_certificate(http: requests.Session, patient_page_url: str, certificate_type: str) -> str:
    """§5.2 step 3: on the patient page, "Skapa intyg" for a type; the draft opens. Returns its id."""
    token = csrf_token(http, patient_page_url)
    response = http.post(f"{patient_page_url}/skapa-intyg",
                         data={"csrf_token": token, "certificate_type": certificate_type}, timeout=10)
    match = CERTIFICATE_PAGE.search(urlsplit(response.url).path)
    assert response.status_code == 200 and match, (response.status_code, response.url)
    return match.group(1)


def sign_certificate(http: requests.Session, base_url: str, certificate_id: str, version: int) -> requests.Response:
    """CERT-5 "Signera intyget" on the draft page (redirects followed: the signed certificate)."""
    page = f"{base_url}/intyg/{certificate_id}"
    token = csrf_token(http, page)
    return http.post(f"{page}/signera", data={"csrf_token": token, "version": str(version)}, timeout=20)
