"""Working days since many start days are counted from one read of the calendar table."""

from datetime import date, datetime

import pytest

from portal.workdays.calendar import CALENDAR_TZ, local_date, working_days_between, working_days_since
from portal.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_each_start_day_gets_the_same_count_as_working_days_between(django_assert_num_queries):
    CalendarDay.objects.create(date=date(2026, 9, 28), kind=CalendarDay.Kind.HOLIDAY, name="Closed")
    starts = [datetime(2026, 9, day, 23, 30, tzinfo=CALENDAR_TZ) for day in (20, 25, 27, 28, 30)] + [date(2026, 10, 9)]
    end = datetime(2026, 10, 9, 12, tzinfo=CALENDAR_TZ)
    with django_assert_num_queries(1):
        counts = working_days_since(starts, end)
    assert counts == {local_date(start): working_days_between(start, end) for start in starts}
    assert counts[date(2026, 9, 27)] == counts[date(2026, 9, 28)]  # the 28th is closed


def test_no_start_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert working_days_since([], date(2026, 3, 10)) == {}
        assert working_days_since([date(2026, 3, 10)], date(2026, 3, 9)) == {date(2026, 3, 10): 0}
