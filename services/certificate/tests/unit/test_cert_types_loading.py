"""CERT-1: the eleven types load from the project's definition files, and a bad definition
stops the start with an error that names the file."""
from __future__ import annotations

from pathlib import Path

import pytest

from webcert_certificate.adapters.type_loader import (
    DEFAULT_DIRECTORY, TypeDefinitionError, load_certificate_type, load_certificate_types,
)

ELEVEN = {"FK7800", "FK7801", "FK7802", "FK7804", "TSTRK1007", "TSTRK1031", "FK7263", "AG1-14",
          "AG7804", "DB", "DOI"}


@pytest.fixture(scope="module")
def types():
    return load_certificate_types()


def test_all_eleven_types_of_tabell_2_load(types):
    assert set(types) == ELEVEN
    assert len(list(DEFAULT_DIRECTORY.glob("*.yaml"))) == 11


def test_every_question_has_a_label_and_every_section_questions(types):
    for cert_type in types.values():
        assert cert_type.sections
        for section in cert_type.sections:
            assert section.label and section.questions
            for question in section.questions:
                assert question.label.strip()


@pytest.mark.parametrize("code, recipient", [
    ("FK7804", "Försäkringskassan"), ("TSTRK1031", "Transportstyrelsen"), ("DB", "Skatteverket"),
    ("DOI", "Socialstyrelsen"), ("AG1-14", None), ("AG7804", None),
])
def test_recipients(types, code, recipient):
    assert types[code].recipient_name == recipient


def test_fk7263_is_for_showing_and_printing_only(types):
    fk7263 = types["FK7263"]
    assert not fk7263.creatable
    assert fk7263.allows("print") and not fk7263.allows("send") and not fk7263.allows("renew")
    assert not any(q.mandatory.op != "never" for q in fk7263.questions())
    assert all(t.creatable for code, t in types.items() if code != "FK7263")


def test_operations_follow_the_forms(types):
    # CERT-6: DB and DOI go to their recipient on signing, and are revoked without a reason (§5.7).
    for code in ("DB", "DOI"):
        assert types[code].sent_on_sign and not types[code].revoke_reason_required
        assert not types[code].allows("send") and not types[code].allows("renew")
    for code in ("FK7800", "FK7801", "FK7802", "FK7804"):
        assert {"send", "renew", "replace", "complement"} <= types[code].operations
    assert not types["AG1-14"].allows("renew") and types["AG7804"].allows("renew")
    assert not types["TSTRK1007"].allows("complement")


def test_textareas_without_a_limit_get_the_form_default(types):
    assert types["FK7804"].question("35").max_length == 3500
    assert types["FK7804"].question("25").max_length == 2700
    assert types["FK7804"].question("25").max_length_complement == 3296


def test_ag7804_is_fk7804_with_its_own_differences(types):
    ag, fk = types["AG7804"], types["FK7804"]
    assert ag.question("1.2") is None and ag.question("32.1") is None
    assert ag.question("100") is not None and ag.question("103") is not None
    assert "KONFLIKTHANTERING" in fk.question("40").option_codes
    assert "KONFLIKTHANTERING" not in ag.question("40").option_codes


def test_fk7801_differs_from_fk7800_where_the_form_does(types):
    assert types["FK7801"].question("24") is not None and types["FK7800"].question("24") is None
    assert "SKOLHALSOVARD" in types["FK7801"].question("4").option_codes
    assert "SKOLHALSOVARD" not in types["FK7800"].question("4").option_codes


# --- bad definitions -----------------------------------------------------------------------

GOOD = """
code: XX1
name: Prov
recipient: fk
operations: [print]
sections:
  - id: s1
    label: Avsnitt
    questions:
      - {id: "1", label: Fråga, type: yes_no, mandatory: true}
      - {id: "2", label: Text, type: textarea, shown_if: "@1 == true"}
      - id: "3"
        label: Val
        type: multiple_choice
        options: [{code: A, label: A}, {code: B, label: B}]
"""


def _write(tmp_path: Path, text: str, name: str = "prov.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_small_definition_loads(tmp_path):
    cert_type = load_certificate_type(_write(tmp_path, GOOD))
    assert cert_type.code == "XX1" and [q.id for q in cert_type.questions()] == ["1", "2", "3"]


@pytest.mark.parametrize("change, expected", [
    (("type: yes_no", "type: radio_button"), "okänd fälttyp 'radio_button'"),
    (('"@1 == true"', '"@9 == true"'), "okänd fråga 9"),
    (('"@1 == true"', '"has(@3, C)"'), "kod C"),
    (('"@1 == true"', '"__import__(os)"'), "okänd funktion '__import__'"),
    (('"@1 == true"', '"@1 == true and"'), "väntade"),
    (('"@1 == true"', '"@1 > 2"'), "kan inte tolkas"),
    (("mandatory: true}", "mandatory: true, colour: red}"), "okända nycklar"),
    (("recipient: fk", "recipient: posten"), "okänd intygsmottagare"),
    (("operations: [print]", "operations: [print, fax]"), "okända operationer"),
])
def test_a_bad_definition_is_refused_naming_the_file(tmp_path, change, expected):
    path = _write(tmp_path, GOOD.replace(*change), "trasig.yaml")
    with pytest.raises(TypeDefinitionError) as caught:
        load_certificate_type(path)
    assert str(caught.value).startswith("trasig.yaml: ")
    assert expected in str(caught.value)


def test_a_date_rule_must_name_an_existing_date(tmp_path):
    text = GOOD + '      - {id: "4", label: Datum, type: date, dates: {on_or_before: ["3"]}}\n'
    with pytest.raises(TypeDefinitionError, match="inte är ett datum"):
        load_certificate_type(_write(tmp_path, text))


def test_unreadable_yaml_and_repeated_codes_name_the_file(tmp_path):
    with pytest.raises(TypeDefinitionError, match=r"^trasig\.yaml: filen kan inte läsas"):
        load_certificate_type(_write(tmp_path, "code: [oavslutad", "trasig.yaml"))
    (tmp_path / "trasig.yaml").unlink()
    _write(tmp_path, GOOD, "a.yaml")
    _write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(TypeDefinitionError, match=r"^b\.yaml: typen XX1 finns redan"):
        load_certificate_types(tmp_path)


def test_a_question_id_used_twice_is_refused(tmp_path):
    text = GOOD + '      - {id: "1", label: Igen, type: text}\n'
    with pytest.raises(TypeDefinitionError, match="fråga 1 förekommer mer än en gång"):
        load_certificate_type(_write(tmp_path, text))
