"""CERT-10: the printout's file name -- the type, the state, the user's day; no personal data."""
from datetime import datetime, timezone

from webcert_certificate.service_layer.printing import file_name


def test_the_file_is_named_by_the_swedish_day():
    # 23:30 UTC is 00:30 the next day in Stockholm (winter time)
    assert file_name("FK7804", "Utkast", datetime(2026, 11, 26, 23, 30, tzinfo=timezone.utc)) == \
        "FK7804-utkast-2026-11-27.pdf"


def test_the_state_is_spelled_without_swedish_letters_or_spaces():
    assert file_name("DB", "Låst utkast", datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc)) == \
        "DB-last-utkast-2026-06-01.pdf"
