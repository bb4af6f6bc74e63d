"""The printout's document model (domain/document.py, domain/text.py): no PDF involved."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pdf_examples import PRINTED_AT, render_request
from webcert_pdf.domain import document as doc
from webcert_pdf.domain.text import clean, swedish_time


def build(request: dict) -> doc.PrintDocument:
    return doc.build_document(request["definition"], request["certificate"], request["printed_at"])


def definition_with(*questions: dict) -> dict:
    return {"code": "X1", "name": "Provintyg",
            "sections": [{"id": "s", "label": "Avsnitt", "questions": list(questions)}]}


def certificate_with(content: dict, **extra) -> dict:
    return {"id": "c1", "certificate_type": "X1", "type_name": "Provintyg", "status": "SIGNED",
            "status_label": "Signerat", "patient": {"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"},
            "content": content, **extra}


@pytest.mark.parametrize("status, kwargs, label, banner_word", [
    ("DRAFT", {}, "Utkast", "UTKAST"),
    ("LOCKED", {}, "Låst utkast", "LÅST UTKAST"),
    ("REVOKED", {}, "Makulerat", "MAKULERAT"),
    ("SIGNED", {"replaced": True}, "Ersatt", "ERSATT"),
])
def test_every_unsigned_or_unusable_state_is_marked(status, kwargs, label, banner_word):
    document = build(render_request("FK7804", status, **kwargs))
    assert document.marking.label == label
    assert document.marking.banner.startswith(banner_word)
    assert document.marking.watermark == banner_word
    assert label in document.heading          # the heading is on every page


@pytest.mark.parametrize("status", ["SIGNED", "SENT"])
def test_a_signed_certificate_has_no_marking(status):
    document = build(render_request("FK7804", status))
    assert document.marking is None
    assert document.heading == "FK7804 Läkarintyg för sjukpenning – Tolvan Tolvansson, 19121212-1212"
    assert doc.Fact("Signerat", "2026-11-25 09:15 av Maria Costa") in document.facts


def test_revoked_wins_over_replaced_and_both_are_told():
    request = render_request("FK7804", "REVOKED", replaced=True)
    document = build(request)
    assert document.marking is doc.REVOKED
    assert document.notices == (
        "Intyget makulerades 2026-11-26 09:00. Anledning: Intyget har utfärdats på fel patient.",
        "Intyget har ersatts av ett nyare intyg (intygs-id cert-replacing, signerat 2026-11-26 08:30).")


def test_a_protected_patient_gets_the_warning_and_no_address():
    document = build(render_request("FK7804", "SIGNED", protected=True))
    assert document.protected_warning == "Skyddade personuppgifter – hantera utskriften varsamt"
    assert "Adress" not in [f.label for f in document.facts]


def test_the_facts_name_patient_issuer_unit_care_provider_and_dates():
    facts = {f.label: f.value for f in build(render_request("FK7804", "DRAFT")).facts}
    assert facts == {"Patient": "Tolvan Tolvansson", "Personnummer": "19121212-1212",
                     "Adress": "Svensson, Storgatan 1, 11122 Örebro", "Utfärdare": "Maria Costa, Läkare",
                     "Enhet": "NMT vg1 ve1", "Vårdgivare": "NMT vg1", "Skapat": "2026-11-25 09:00",
                     "Signerat": "Ej signerat"}


def test_title_subject_and_footer():
    document = build(render_request("FK7804", "LOCKED"))
    assert document.title == "Läkarintyg för sjukpenning (FK7804)"
    assert document.subject == "Läkarintyg för sjukpenning (FK7804), låst utkast, utskrift från Webcert"
    assert document.author == "Webcert"
    assert document.footer == "Utskrivet från Webcert 2026-11-26 10:30 · Intygs-id cert-fk7804-locked"


def test_sections_follow_the_form_and_leave_out_hidden_questions():
    request = render_request("FK7804", "SIGNED")
    document = build(request)
    labels = [s.label for s in document.sections]
    assert labels[:3] == ["Smittbärarpenning", "Grund för medicinskt underlag", "Sysselsättning"]
    questions = {a.label: a.lines for s in document.sections for a in s.answers}
    assert questions["Ange yrke och arbetsuppgifter"] == ("Snickare, bär tungt.",)
    hidden = set(request["certificate"]["hidden_questions"])
    assert hidden, "the example hides some questions"
    shown_ids = {q["id"] for s in request["definition"]["sections"] for q in s["questions"]} - hidden
    assert len([a for s in document.sections for a in s.answers]) <= len(shown_ids)


def test_an_unknown_field_type_prints_its_answer_as_text():
    definition = definition_with({"id": "1", "label": "Ny sorts fråga", "type": "hologram", "options": []})
    document = doc.build_document(definition, certificate_with({"1": {"x": [1, 2]}}), PRINTED_AT)
    assert document.sections[0].answers[0].lines == ("{'x': [1, 2]}",)


def test_content_the_shared_wording_cannot_read_still_prints():
    definition = definition_with(
        {"id": "1", "label": "Val", "type": "single_choice", "options": [{"code": "A", "label": "Alfa"}]},
        {"id": "2", "label": "Diagnoser", "type": "diagnoses", "options": []},
        {"id": "3", "label": "Perioder", "type": "sick_leave_periods", "options": [{"code": "H", "label": "Hel"}]})
    content = {"1": ["A", "B"], "2": [{"code": "J20", "code_system": ["ICD"]}], "3": "inte ett objekt"}
    document = doc.build_document(definition, certificate_with(content), PRINTED_AT)
    assert [a.lines for a in document.sections[0].answers] == [
        ("['A', 'B']",), ("[{'code': 'J20', 'code_system': ['ICD']}]",), ("inte ett objekt",)]


def test_control_characters_are_removed_from_every_text():
    definition = definition_with({"id": "1", "label": "Fr\x07åga", "type": "textarea"})
    certificate = certificate_with({"1": "rad 1\r\nrad\x00 2\tflik\x1b[31m\ud800"},
                                   patient={"personnummer": "19121212-1212", "name": "Tol\x08van"})
    document = doc.build_document(definition, certificate, PRINTED_AT)
    answer = document.sections[0].answers[0]
    assert (answer.label, answer.lines) == ("Fråga", ("rad 1\nrad 2\tflik[31m",))
    assert "Tolvan" in document.heading


@pytest.mark.parametrize("value, shown", [
    ("2026-11-26T09:30:00+00:00", "2026-11-26 10:30"),
    ("2026-07-01T09:30:00Z", "2026-07-01 11:30"),
    ("2026-11-26T09:30:00", "2026-11-26 10:30"),
    (datetime(2026, 11, 26, 23, 30, tzinfo=timezone.utc), "2026-11-27 00:30"),
    ("igår\x00", "igår"),
    (None, ""),
])
def test_times_are_shown_in_swedish_time(value, shown):
    assert swedish_time(value) == shown


def test_clean_keeps_newlines_tabs_and_swedish_letters():
    assert clean("Åsa Öberg\tÄngby\né") == "Åsa Öberg\tÄngby\né"
    assert clean(None) == ""
