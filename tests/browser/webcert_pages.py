"""Steps of the manual (§3 "Logga in i Webcert steg för steg") as browser actions, by the
labels a user sees."""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
WORLD = yaml.safe_load((ROOT / "deploy" / "demo" / "demo-data.yaml").read_text(encoding="utf-8"))
UNIT_NAMES = {u["hsa_id"]: u["name"] for p in WORLD["care_providers"] for u in p["units"]}
ROLE_LABELS = {"LAKARE": "Läkare", "TANDLAKARE": "Tandläkare", "VARDADMINISTRATOR": "Vårdadministratör"}
TABS_DOCTOR = ["Sök/skriv intyg", "Ej hanterade ärenden", "Ej signerade utkast", "Signerade intyg"]
TABS_ADMINISTRATOR = ["Ej hanterade ärenden", "Sök/skriv intyg", "Ej signerade utkast", "Signerade intyg"]


def siths_user(name: str) -> dict:
    return next(u for u in WORLD["siths_users"] if u["name"] == name)


def login_with_siths(page: Page, name: str, pin: str = "1234") -> None:
    """1.1 SITHS-kort: choose the certificate, enter the PIN."""
    page.goto("/")
    page.get_by_role("link", name="SITHS-kort").click()
    expect(page.get_by_role("heading", name="Välj SITHS-certifikat")).to_be_visible()
    page.get_by_role("button", name=name).click()
    expect(page.get_by_role("heading", name="Ange pinkod")).to_be_visible()
    page.get_by_label("Pinkod").fill(pin)
    page.get_by_role("button", name="Logga in").click()
    back_from_identity_provider(page)


def login_with_eleg(page: Page, method: str, name: str) -> None:
    """1.2 E-legitimation: choose the method (BankID, Mobilt BankID, Telia), then the person."""
    page.goto("/")
    page.get_by_role("link", name="E-legitimation").click()
    expect(page.get_by_role("heading", name="Välj inloggningsmetod")).to_be_visible()
    page.get_by_role("button", name=method, exact=True).click()
    page.get_by_role("button", name=name).click()
    back_from_identity_provider(page)


def back_from_identity_provider(page: Page) -> None:
    """The IdP's answer is an auto-submitted form; wait until Webcert's page has loaded."""
    page.wait_for_url(lambda url: "/testidp" not in url)
    page.wait_for_load_state()


def choose_unit(page: Page, unit_name: str) -> None:
    """1.1.3 Välj vilken vårdenhet du vill logga in på (workplaces under the plus sign)."""
    expect(page.get_by_role("heading", name="Välj vårdenhet")).to_be_visible()
    pick_unit(page, unit_name)


def pick_unit(page: Page, unit_name: str) -> None:
    button = page.get_by_role("button", name=unit_name, exact=True)
    if not button.is_visible():
        # A workplace: open its care unit with the plus sign first (§3 Figur 2).
        care_unit = unit_name.split(",")[0]
        page.get_by_role("button", name=f"Visa arbetsplatser för {care_unit}").click()
    button.click()


_TAB_COUNT = re.compile(r"\s*\(\d+\)$")


def tab_labels(page: Page) -> list[str]:
    """The tabs' labels, without the count beside "Ej hanterade ärenden" (§7, Figur 26)."""
    links = page.get_by_role("navigation", name="Flikar").get_by_role("link").all_inner_texts()
    return [_TAB_COUNT.sub("", text.strip()) for text in links]


def header(page: Page):
    return page.get_by_role("banner")


PATIENTS = {p["name"]: p for p in WORLD["patients"]}


def search_patient(page: Page, personnummer: str) -> None:
    """§5.2 step 2: under Sök/skriv intyg, fill in the patient's personnummer, click Fortsätt."""
    page.get_by_role("navigation", name="Flikar").get_by_role("link", name="Sök/skriv intyg").click()
    page.get_by_label("Patientens personnummer").fill(personnummer)
    page.get_by_role("button", name="Fortsätt").click()


def logged_in(page: Page, name: str, unit: str | None = None) -> None:
    login_with_siths(page, name)
    if page.get_by_role("heading", name="Välj vårdenhet").is_visible():
        choose_unit(page, unit or UNIT_NAMES[siths_user(name)["assignments"][0]["unit"]])


# --- certificates (§5.2 "Skriv intyg", §6.12, CERT-3 … CERT-7, CERT-14) ---------------------------

SAVED = "Utkastet är sparat"
CERTIFICATE_URL = re.compile(r"/intyg/([0-9a-f-]{36})(?:[/?#]|$)")


def tab(page: Page, label: str) -> None:
    """§4.2 "Flikarna": open a tab by its label."""
    name = re.compile(rf"^{re.escape(label)}(\s*\(\d+\))?$")    # a tab may carry its count (Figur 26)
    page.get_by_role("navigation", name="Flikar").get_by_role("link", name=name).click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()


def certificate_id(page: Page) -> str:
    match = CERTIFICATE_URL.search(page.url)
    assert match, f"not a certificate page: {page.url}"
    return match.group(1)


def create_certificate(page: Page, code: str) -> str:
    """§5.2 step 3: on the patient page, "Skapa intyg" for the type; the draft opens. Its id."""
    page.get_by_test_id(f"create-{code}").click()
    page.wait_for_url(CERTIFICATE_URL)
    expect(page.get_by_test_id("certificate-form")).to_be_visible()
    return certificate_id(page)


def type_codes(page: Page) -> list[str]:
    """The patient page's type list, top to bottom."""
    items = page.get_by_test_id("certificate-types").locator("[data-testid^='certificate-type-']")
    return [t.removeprefix("certificate-type-") for t in
            (items.nth(i).get_attribute("data-testid") for i in range(items.count()))]


def wait_until_saved(page: Page, timeout: float = 15_000) -> None:
    """CERT-3: the autosave runs ~1 s after the last change; its state is told in save-status.
    Call after a change (the change itself sets the state to pending at once)."""
    status = page.get_by_test_id("save-status")
    expect(status).to_have_attribute("data-state", "saved", timeout=timeout)
    expect(status).to_have_text(SAVED)


def sign(page: Page) -> None:
    """"Signera intyget" once everything is saved; the signed certificate is shown."""
    page.get_by_test_id("sign-button").click()
    expect(page.get_by_test_id("signature-result")).to_have_text("Signaturen är giltig.", timeout=15_000)


# --- after signing (issue 5: § "Skicka intyg till intygsmottagaren", "Förnya intyg", "Ersätta intyg",
# "Makulera intyg eller låst utkast") --------------------------------------------------------------

# The recipient's receipt comes through the bus; the page asks every 5 s and reloads itself
# (certificate-after-signing.js), and a recipient that was down is tried again after up to 30 s.
DELIVERY_TIMEOUT_MS = 75_000


def open_certificate(page: Page, personnummer: str, certificate_id: str) -> None:
    """"Under fliken Sök/skriv intyg, fyll i patientens personnummer ... Klicka på knappen Öppna
    vid det intyg" you want."""
    search_patient(page, personnummer)
    page.get_by_test_id(f"open-{certificate_id}").click()
    page.wait_for_url(f"**/intyg/{certificate_id}")


def header_dialog(page: Page, button: str, label: str, dialog: str):
    """Figur 6: click a button of the certificate's header by its label; the box it opens."""
    header_button = page.get_by_test_id(button)
    expect(header_button).to_have_text(label)
    header_button.click()
    box = page.get_by_test_id(dialog)
    expect(box).to_be_visible()
    return box


def send_to_recipient(page: Page, recipient_name: str = "Försäkringskassan") -> None:
    """"Klicka på Skicka till Försäkringskassan", then "Klicka på knappen Skicka i
    informationsrutan som öppnas" (Figur 7: the patient's consent)."""
    box = header_dialog(page, "send-button", f"Skicka till {recipient_name}", "send-dialog")
    expect(box.get_by_test_id("send-consent")).to_contain_text("samtycke")
    box.get_by_role("button", name="Skicka", exact=True).click()


def wait_for_status(page: Page, label: str, timeout: float = DELIVERY_TIMEOUT_MS) -> None:
    """The certificate's status in its header, once the page shows it (it reloads by itself)."""
    expect(page.get_by_test_id("certificate-status")).to_have_text(label, timeout=timeout)


def revoke_certificate(page: Page, reason_label: str | None = None) -> None:
    """"Klicka på Makulera", "Ange orsak till att det makuleras i dialogrutan", "Klicka på
    knappen Makulera"."""
    box = header_dialog(page, "revoke-button", "Makulera", "revoke-dialog")
    if reason_label:
        box.get_by_label(reason_label, exact=True).check()
    box.get_by_role("button", name="Makulera", exact=True).click()
