"""The form questions of FK's types are copied, not read across the service boundary: the two
generated modules must say what the certificate service's definitions say (run
services/messaging/scripts/make_form_questions.py when this fails)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from webcert_messaging.adapters.form_questions import FORM_QUESTION_IDS, question_ids

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_form_questions.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_form_questions", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_modules_match_the_type_definitions(script):
    forms = script.collect()
    assert script.MESSAGING_MODULE.read_text(encoding="utf-8") == script.messaging_module(forms)
    assert script.SIMULATOR_MODULE.read_text(encoding="utf-8") == script.simulator_module(forms)


def test_the_types_that_may_be_complemented_and_their_questions(script):
    assert set(FORM_QUESTION_IDS) == {"FK7800", "FK7801", "FK7802", "FK7804"}
    fk7804 = question_ids("FK7804")
    assert {"1", "28", "32", "26.2"} <= fk7804
    assert "1.2" not in fk7804          # Webcert's helper field, moved into "Övriga upplysningar"
    assert question_ids("FK7263") == frozenset() and question_ids("TSTRK1007") == frozenset()
