"""Template filters that format money, durations and deadlines for the page's language."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from portal.templatetags.portal_format import deadline, duration, money

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 min"), (540, "9 min"), (3600, "1 h 0 min"), (8100, "2 h 15 min"), (97200, "1 d 3 h"), (None, "")],
)
def test_durations_read_as_people_say_them(seconds, text):
    assert duration(seconds) == text


def test_deadline_is_shown_as_24_00_of_its_own_day():
    stored = datetime(2026, 10, 11, 0, 0, tzinfo=SHANGHAI)
    with translation.override("en"):
        assert deadline(stored) == "Oct. 10, 2026, 24:00"
    with translation.override("zh-hans"):
        assert deadline(stored).startswith("2026年10月10日")


def test_amounts_group_digits_in_threes_in_both_languages():
    with translation.override("en"):
        assert money("1234567.5") == "1,234,567.50"
    with translation.override("zh-hans"):
        assert money("1234567.5") == "1,234,567.50"
