"""Every certificate type a doctor can write (issue 4, "Done when"): created from the patient
page (§5.2 "Skapa intyg"), filled through the form like a user, signed (§6.12 "Signera
intyget") and shown signed with a valid signature -- against the embedded and the distributed
system. FK7263 is retired: never created, its demo certificates only read (CERT-1)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from certificate_filler import FormQuestion, fill_certificate, form_questions
from webcert_certificate.examples import example_content
from webcert_gateway.certificate_display import answer_lines
from webcert_pages import PATIENTS, WORLD, create_certificate, logged_in, search_patient, sign

TOLVAN = PATIENTS["Tolvan Tolvansson"]["personnummer"]
CREATABLE = ["FK7804", "AG7804", "FK7800", "FK7801", "FK7802", "AG1-14", "TSTRK1007", "TSTRK1031", "DB", "DOI"]
DEMO_FK7263 = [c["id"] for c in WORLD["certificates"] if c["type"] == "FK7263" and c["patient"] == TOLVAN]
VALID = "Signaturen är giltig."


def today() -> date:
    # the examples' dates are relative to the day in Sweden, as the service's checks are
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


def open_tolvan(page: Page, doctor: str = "Ingrid Holm") -> None:
    """§5.2 steps 1-2: log in, Sök/skriv intyg, Tolvan's number, Fortsätt."""
    logged_in(page, doctor)
    search_patient(page, TOLVAN)
    expect(page.get_by_test_id("patient-header")).to_contain_text("Tolvan Tolvansson")


def create_draft(page: Page, code: str) -> str:
    """§5.2 step 3: "Skapa intyg" for the type; the draft's form opens. Returns its id."""
    certificate_id = create_certificate(page, code)
    expect(page.get_by_test_id("certificate-status")).to_have_text("Utkast")
    return certificate_id


def expect_answers(page: Page, questions: list[FormQuestion], content: dict) -> None:
    """The signed view (rendered whole by the server) shows every answer given in the form,
    as the content reads; the order of a question's lines is not the point here."""
    for question in questions:
        if question.id in content:
            shown = {"type": question.type, "options": [{"code": o.code, "label": o.label} for o in question.options]}
            lines = page.get_by_test_id(f"answer-{question.id}").locator("dd").all_inner_texts()
            assert sorted(lines) == sorted(answer_lines(shown, content[question.id])), question.id


@pytest.mark.parametrize("code", CREATABLE)
def test_a_doctor_creates_fills_and_signs(page, code):
    content = example_content(code, today())
    open_tolvan(page)
    certificate_id = create_draft(page, code)

    fill_certificate(page, code, content)
    sign(page)

    assert page.url.rstrip("/").endswith(certificate_id)
    expect(page.get_by_test_id("certificate-readonly")).to_be_visible()
    expect(page.get_by_test_id("signed-by")).to_have_text("Ingrid Holm")
    expect(page.get_by_test_id("certificate-status")).not_to_have_text("Utkast")
    expect(page.get_by_test_id("sign-button")).to_have_count(0)
    expect_answers(page, form_questions(code), content)


def variant(code: str, day: date) -> dict:
    """Valid answers the examples do not give, so every field type the forms use is driven
    through its controls: a checkbox (boolean), "Ej säkert" (approximate_date), KSH97-P
    codes in two diagnosis rows, follow-up questions shown by earlier answers."""
    content = example_content(code, day)

    def before(days: int) -> str:
        return (day - timedelta(days=days)).isoformat()

    if code == "AG1-14":
        content.update({
            "10": {"TELEFONKONTAKT": before(1), "ANNAT": before(2)}, "10.3": "Underlag från fysioterapeut.",
            "3": True, "4": [{"code_system": "KSH_97_P", "code": "F32-", "description": "Depressiv episod"},
                             {"code_system": "KSH_97_P", "code": "A045", "description": "Enterit av Campylobacter"}],
            "6": True, "6.2": "Kan arbeta hemifrån.",
            "9": True, "9.2": "Ring mottagningen, fråga efter Ingrid Holm.",
        })
    elif code == "DB":
        month = (day - timedelta(days=40)).strftime("%Y-%m")
        content.pop("2.2")
        content.update({"2.1": "EJ_SAKERT", "2.2.1": month, "2.3": before(2), "5.1": True, "5.2": False,
                        "6.1": "UNDERSOKNING_GJORT_KORT_FORE_DODEN", "6.3": before(3)})
    return content


@pytest.mark.parametrize("code", ["AG1-14", "DB"])
def test_a_doctor_signs_answers_beyond_the_examples(page, code):
    content = variant(code, today())
    open_tolvan(page)
    create_draft(page, code)

    fill_certificate(page, code, content)
    sign(page)

    expect_answers(page, form_questions(code), content)


def test_fk7263_cannot_be_created_but_the_demo_certificates_open_read_only(page):
    assert DEMO_FK7263, "the demo world has FK7263 certificates for Tolvan"
    open_tolvan(page)
    expect(page.get_by_test_id("certificate-types")).to_be_visible()
    expect(page.get_by_test_id("create-FK7263")).to_have_count(0)
    expect(page.get_by_test_id("certificate-type-FK7263").get_by_role("button", name="Skapa intyg")).to_have_count(0)

    table = page.get_by_test_id("patient-certificates")
    for certificate_id in DEMO_FK7263:
        expect(table.get_by_test_id(f"status-{certificate_id}")).to_have_text("Skickat")
    table.get_by_test_id(f"open-{DEMO_FK7263[0]}").click()

    expect(page.get_by_test_id("certificate-readonly")).to_be_visible()
    expect(page.get_by_test_id("certificate-status")).to_have_text("Skickat")
    expect(page.get_by_test_id("signature-result")).to_have_text(VALID)
    expect(page.get_by_test_id("certificate-form")).to_have_count(0)
    expect(page.get_by_test_id("sign-button")).to_have_count(0)
    expect(page.get_by_test_id("delete-button")).to_have_count(0)
