"""POST /render as the certificate service calls it, and what a bad request gets: a 4xx with a
Swedish message or a correct PDF, never a 500."""
from __future__ import annotations

import copy
import io
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader

from pdf_examples import render_request
from webcert_pdf.adapters.renderer import FakeRenderer
from webcert_pdf.config import PdfConfig
from webcert_pdf.entrypoints.app import create_app


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_certificate_view_renders_to_a_pdf(client):
    answer = client.post("/render", json=render_request("FK7804", "LOCKED"))
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    assert answer.data.startswith(b"%PDF-")
    text = text_of(answer.data)
    assert "LÅST UTKAST" in text and "Tolvan Tolvansson" in text and "Snickare, bär tungt." in text


def test_the_same_request_gives_the_same_bytes_also_from_threads_at_once(client, app):
    request = render_request("FK7804", "REVOKED", replaced=True)
    first = client.post("/render", json=request).data

    def again(_):
        return app.test_client().post("/render", json=request).data

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(again, range(16))) == {first}


def test_unknown_keys_are_tolerated(client):
    request = render_request("DB", "SIGNED")
    request["extra"] = {"anything": 1}
    request["definition"]["layout"] = "ny"
    request["certificate"]["delivery"] = {"state": "pending"}
    request["certificate"]["patient"]["nickname"] = "Tolle"
    assert client.post("/render", json=request).status_code == 200


def test_an_unknown_field_type_and_control_characters_give_a_correct_pdf(client):
    request = render_request("FK7804", "DRAFT")
    request["definition"]["sections"][0]["questions"].append(
        {"id": "99", "label": "Okänd typ", "type": "hologram", "options": []})
    request["certificate"]["content"].update({"99": [1, {"a": None}], "29": "rad\u0000ett\u0007\nrad två\u001b"})
    answer = client.post("/render", data=json.dumps(request), content_type="application/json")
    assert answer.status_code == 200
    text = text_of(answer.data)
    assert "[1, {'a': None}]" in text and "radett" in text and "rad två" in text


def test_a_deeply_nested_answer_gives_a_pdf_or_a_4xx(client):
    request = render_request("FK7804", "DRAFT")
    body = json.dumps(request).replace('"29": "Snickare, bär tungt."', '"29": ' + "[" * 900 + "]" * 900)
    answer = client.post("/render", data=body, content_type="application/json")
    assert answer.status_code in (200, 400)


def _broken(change):
    request = render_request("FK7804", "DRAFT")
    change(request)
    return request


@pytest.mark.parametrize("body", [
    pytest.param([], id="a list"),
    pytest.param({}, id="empty"),
    pytest.param(_broken(lambda r: r.pop("certificate")), id="no certificate"),
    pytest.param(_broken(lambda r: r.pop("printed_at")), id="no printed_at"),
    pytest.param(_broken(lambda r: r.update(printed_at="i morgon")), id="printed_at not a time"),
    pytest.param(_broken(lambda r: r.update(printed_at="2026-11-26T09:30:00")), id="printed_at without zone"),
    pytest.param(_broken(lambda r: r["certificate"].update(status="KLADD")), id="unknown status"),
    pytest.param(_broken(lambda r: r["certificate"].update(content=["a"])), id="content not an object"),
    pytest.param(_broken(lambda r: r["certificate"]["patient"].pop("personnummer")), id="no personnummer"),
    pytest.param(_broken(lambda r: r["certificate"].update(patient="Tolvan")), id="patient not an object"),
    pytest.param(_broken(lambda r: r["definition"].update(sections={"a": 1})), id="sections not a list"),
    pytest.param(_broken(lambda r: r["definition"]["sections"][0]["questions"][0].pop("type")),
                 id="question without type"),
    pytest.param(_broken(lambda r: r["certificate"].update(hidden_questions="1")), id="hidden_questions not a list"),
    pytest.param(_broken(lambda r: r["definition"]["sections"][0]["questions"][0].update(label="x" * 2001)),
                 id="a label longer than any form has"),
    pytest.param(_broken(lambda r: r["certificate"]["patient"].update(name=["Tolvan"])), id="name not a text"),
])
def test_a_malformed_body_is_a_400_in_swedish(client, body):
    answer = client.post("/render", json=body)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["reason"] == "HTTP_400"
    assert error["message"] == "Begäran kunde inte tolkas."
    assert all(_swedish(m) for m in _messages(error["details"]["json"]))


def _messages(details):
    if isinstance(details, dict):
        return [m for value in details.values() for m in _messages(value)]
    return list(details) if isinstance(details, list) else [details]


def _swedish(message: str) -> bool:
    return message.startswith(("Uppgiften", "Tiden", "Okänd", "Intygets"))


def test_a_patient_without_a_name_still_prints(client):
    request = render_request("FK7804", "SIGNED")
    request["certificate"]["patient"]["name"] = None
    answer = client.post("/render", json=request)
    assert answer.status_code == 200
    assert "19121212-1212" in text_of(answer.data)


def test_a_body_that_is_not_json_is_a_400(client):
    answer = client.post("/render", data="{ inte json", content_type="application/json")
    assert answer.status_code == 400
    assert answer.get_json()["error"]["message"] == "Begäran kunde inte tolkas."


def test_json_nested_deeper_than_python_recurses_is_a_400(client):
    answer = client.post("/render", data="[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert answer.status_code == 400
    assert answer.get_json()["error"] == {"reason": "REQUEST_TOO_DEEP",
                                          "message": "Begäran är för djupt nästlad för att kunna tolkas."}


def test_a_definition_of_another_type_is_refused(client):
    request = render_request("FK7804", "DRAFT")
    request["definition"] = render_request("DB")["definition"]
    answer = client.post("/render", json=request)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["reason"] == "TYPE_MISMATCH"


def test_a_body_over_the_bound_is_a_413(client):
    request = render_request("FK7804", "DRAFT")
    request["certificate"]["content"]["29"] = "x" * (PdfConfig().max_request_bytes + 1)
    answer = client.post("/render", json=request)
    assert answer.status_code == 413
    assert answer.get_json()["error"]["message"] == "Begäran är för stor."


def test_the_longest_text_within_the_bound_prints(client):
    request = render_request("FK7804", "DRAFT")
    request["certificate"]["content"]["29"] = ("Lang text. " * 50_000)[: PdfConfig().max_request_bytes - 40_000]
    answer = client.post("/render", json=request)
    assert answer.status_code == 200
    assert len(PdfReader(io.BytesIO(answer.data)).pages) > 50


def test_the_view_hands_the_renderer_the_document():
    renderer = FakeRenderer()
    client = create_app(PdfConfig(), renderer=renderer).test_client()
    request = render_request("AG7804", "SIGNED", protected=True)
    assert client.post("/render", json=copy.deepcopy(request)).status_code == 200
    document = renderer.documents[-1]
    assert document.title.endswith("(AG7804)")
    assert document.marking is None and document.protected_warning


def test_health_ready_and_openapi(client):
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/ready").get_json() == {"status": "ok", "checks": {"renderer": "ok"}}
    spec = client.get("/openapi.json").get_json()
    render = spec["paths"]["/render"]["post"]
    assert render["responses"]["200"]["content"]["application/pdf"]["schema"] == {"type": "string",
                                                                                  "format": "binary"}
    assert "400" in render["responses"]
