"""Ordinary logs never carry a personnummer; every line carries the correlation id."""
import io
import json

import pytest

from webcert_common import correlation
from webcert_common.logging import configure_logging, get_logger, mask_personnummer


@pytest.mark.parametrize("text", ["19121212-1212", "191212121212", "121212-1212", "121212+1212", "1212121212", "19850363-3219"])
def test_personnummer_forms_are_masked(text):
    assert mask_personnummer(f"patient {text} sökt") == "patient <personnummer> sökt"


def test_hsa_ids_and_short_numbers_are_left_alone():
    assert mask_personnummer("TSTNMT2321000156-1001 och 204010") == "TSTNMT2321000156-1001 och 204010"


def test_log_lines_are_json_with_service_and_correlation_id():
    stream = io.StringIO()
    configure_logging("auth", stream=stream)
    token = correlation.set("abc12345corr")
    try:
        get_logger().info("login", subject="19121212-1212")
    finally:
        correlation.reset(token)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["service"] == "auth"
    assert line["correlation_id"] == "abc12345corr"
    assert line["subject"] == "<personnummer>"
