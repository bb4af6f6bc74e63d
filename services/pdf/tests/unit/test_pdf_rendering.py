"""The reportlab renderer, read back with a PDF text extractor (pypdf): what a person printing
the certificate would see on each page, and that the same request gives the same bytes."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdf_examples import PRINTED_AT, certificate_view, long_fk7804_content, render_request, type_codes
from webcert_pdf.adapters.reportlab_renderer import ReportlabRenderer
from webcert_pdf.domain.document import build_document

RENDERER = ReportlabRenderer()
MARKING_WORDS = ("UTKAST", "Utkast", "LÅST", "Låst utkast", "MAKULERAT", "Makulerat", "ERSATT", "Ersatt")


def render(request: dict) -> bytes:
    return RENDERER.render(build_document(request["definition"], request["certificate"], request["printed_at"]))


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def squeezed(text: str) -> str:
    """Text without whitespace: a wrapped line reads back with a line break where it wrapped."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("status, kwargs, banner, label", [
    ("DRAFT", {}, "UTKAST – intyget är inte signerat", "Utkast"),
    ("LOCKED", {}, "LÅST UTKAST – utkastet är låst och kan inte signeras", "Låst utkast"),
    ("REVOKED", {}, "MAKULERAT – intyget är makulerat och får inte användas", "Makulerat"),
    ("SIGNED", {"replaced": True}, "ERSATT – intyget har ersatts av ett nyare intyg", "Ersatt"),
])
def test_the_state_is_on_every_page(status, kwargs, banner, label):
    texts = pages(render(render_request("FK7804", status, content=long_fk7804_content(), **kwargs)))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert banner in text, f"page {number}"
        assert f"Tolvan Tolvansson, 19121212-1212 – {label}" in text, f"page {number}"
        assert f"Sida {number} av {len(texts)}" in text


def test_a_signed_certificate_carries_no_state_marking():
    texts = pages(render(render_request("FK7804", "SIGNED", content=long_fk7804_content())))
    assert len(texts) >= 3
    for text in texts:
        assert not [word for word in MARKING_WORDS if word in text]
        assert "Tolvan Tolvansson, 19121212-1212" in text
    assert "2026-11-25 09:15 av Maria Costa" in texts[0]


def test_patient_issuer_unit_and_answers_are_searchable_text_with_swedish_letters():
    text = "\n".join(pages(render(render_request("FK7804", "SIGNED"))))
    for expected in ("Läkarintyg för sjukpenning (FK7804)", "Tolvan Tolvansson", "19121212-1212",
                     "Svensson, Storgatan 1, 11122 Örebro", "Maria Costa, Läkare", "NMT vg1 ve1",
                     "Grund för medicinskt underlag", "Snickare, bär tungt.", "J20 (ICD-10-SE) – Akut bronkit",
                     "Utskrivet från Webcert 2026-11-26 10:30"):
        assert expected in text


def test_a_protected_patients_printout_says_so_on_every_page():
    texts = pages(render(render_request("FK7804", "SIGNED", content=long_fk7804_content(), protected=True)))
    assert all("Skyddade personuppgifter – hantera utskriften varsamt" in text for text in texts)
    assert not any("Storgatan" in text for text in texts)


def test_the_pdf_carries_title_author_subject_and_language():
    reader = PdfReader(io.BytesIO(render(render_request("FK7804", "DRAFT"))))
    assert reader.metadata.title == "Läkarintyg för sjukpenning (FK7804)"
    assert reader.metadata.author == "Webcert"
    assert reader.metadata.subject == "Läkarintyg för sjukpenning (FK7804), utkast, utskrift från Webcert"
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"


def test_fonts_are_embedded():
    reader = PdfReader(io.BytesIO(render(render_request("FK7804", "DRAFT"))))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [fonts[name].get_object()["/FontDescriptor"] for name in fonts]
    assert descriptors and all("/FontFile2" in d for d in descriptors)


def test_the_same_request_gives_the_same_bytes():
    request = render_request("FK7804", "REVOKED", replaced=True)
    assert render(request) == render(request)


def test_the_same_request_gives_the_same_bytes_in_another_process():
    """Another interpreter with another hash seed: the bytes are a function of the request only."""
    script = Path(__file__).with_name("pdf_examples.py").parent
    code = ("import sys, hashlib; sys.path.insert(0, %r); from pdf_examples import render_request;"
            "from webcert_pdf.adapters.reportlab_renderer import ReportlabRenderer;"
            "from webcert_pdf.domain.document import build_document;"
            "r = render_request('FK7804', 'DRAFT');"
            "print(hashlib.sha256(ReportlabRenderer().render(build_document(r['definition'], r['certificate'],"
            " r['printed_at']))).hexdigest())") % str(script)
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=os.pathsep.join(sys.path)))
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == hashlib.sha256(render(render_request("FK7804", "DRAFT"))).hexdigest()


def test_a_30000_character_answer_spans_several_pages_and_prints_whole():
    text = " ".join(f"ord{n}" for n in range(5000))[:30000]
    content = dict(certificate_view("FK7804")["content"], **{"29": text})
    texts = pages(render(render_request("FK7804", "DRAFT", content=content)))
    assert len(texts) >= 5
    assert re.findall(r"ord\d+", "\n".join(texts)) == text.split()


def test_an_answers_own_line_breaks_and_tabs_are_kept():
    content = dict(certificate_view("FK7804")["content"], **{"29": "rad ett\n\n\n\nrad två\tmed flik"})
    text = "\n".join(pages(render(render_request("FK7804", "DRAFT", content=content))))
    assert re.search(r"rad ett\n(\s*\n)?rad två\s+med flik\n", text)


def test_a_word_longer_than_a_line_is_cut_not_lost():
    content = dict(certificate_view("FK7804")["content"], **{"29": "Å" * 3000 + "slut"})
    text = "\n".join(pages(render(render_request("FK7804", "DRAFT", content=content))))
    assert squeezed(text).count("Å") >= 3000 and "slut" in text


def test_control_characters_and_glyphs_the_font_lacks_do_not_stop_the_printout():
    content = dict(certificate_view("FK7804")["content"],
                   **{"29": "a\x00b\x07c\x1b[31m\ud800 d\ufffe 😀 中文 \u202e <b>&amp; </para>\n\n\n\nslut"})
    text = "\n".join(pages(render(render_request("FK7804", "DRAFT", content=content))))
    assert "abc[31m" in text and "<b>&amp; </para>" in text and "slut" in text
    assert "\x07" not in text and "\x00" not in text
    assert " d? ? ?? ?" in text         # a glyph the fonts lack shows as "?", not as nothing


def test_a_letter_the_fonts_lack_prints_without_its_accent():
    request = render_request("FK7804", "DRAFT")
    request["certificate"]["patient"]["name"] = "Őrs Ştefan Zoë"
    assert "Ors Ştefan Zoë" in pages(render(request))[0]


def test_an_unknown_field_type_renders():
    request = render_request("FK7804", "DRAFT")
    request["definition"]["sections"][0]["questions"].append(
        {"id": "99", "label": "Fråga av okänd typ", "type": "hologram", "options": []})
    request["certificate"]["content"]["99"] = {"vinkel": 45}
    text = "\n".join(pages(render(request)))
    assert "Fråga av okänd typ" in text and "{'vinkel': 45}" in text


def test_there_are_eleven_types():
    assert len(type_codes()) == 11 and "FK7263" in type_codes()


@pytest.mark.parametrize("code", type_codes())
@pytest.mark.parametrize("status", ["DRAFT", "SIGNED"])
def test_every_type_prints_every_question_and_answer(code, status):
    request = render_request(code, status)
    document = build_document(request["definition"], request["certificate"], PRINTED_AT)
    text = squeezed("".join(pages(render(request))))
    assert squeezed(document.title) in text
    for section in document.sections:
        assert squeezed(section.label) in text
        for answer in section.answers:
            assert squeezed(answer.label) in text, answer.label
            assert all(squeezed(line) in text for line in answer.lines), answer.lines


def test_the_request_can_be_json_round_tripped_into_the_same_pdf():
    """What the HTTP layer receives is JSON: the renderer must not depend on Python-only values."""
    request = render_request("DB", "LOCKED")
    assert render(json.loads(json.dumps(request))) == render(request)
