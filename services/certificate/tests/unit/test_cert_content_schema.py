"""The API schema of each type's content, derived from its definition (domain/content_schema.py):
every example content follows it, and the shapes the format check refuses are refused by it too."""
from __future__ import annotations

import jsonschema
import pytest

from webcert_certificate.adapters.type_loader import load_certificate_types
from webcert_certificate.domain.content_schema import content_schema
from webcert_certificate.examples import EXAMPLES_DATE, example_content

TYPES = load_certificate_types()


@pytest.mark.parametrize("code", sorted(TYPES))
def test_the_schema_is_valid_and_the_example_follows_it(code):
    schema = content_schema(TYPES[code])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(example_content(code, EXAMPLES_DATE), schema,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("content", [
    {"nonsense": "x"}, {"29": 12}, {"28": ["PÅHITTAT"]}, {"1": {"UNDERSOKNING": "igår"}},
    {"29": "x" * 5000}, {"6": [{"code_system": "ICD_10_SE", "code": "J20", "description": "x", "extra": 1}]},
    {"32": {"HALFTEN": {"from": "2026-11-25", "until": "2026-12-01"}}},
])
def test_shapes_the_service_refuses_are_outside_the_schema(content):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(content, content_schema(TYPES["FK7804"]),
                            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
