from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
import time_machine

from confirmations.tests.factories import file_case, item_input

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@time_machine.travel(datetime(2026, 9, 30, 15, 0, tzinfo=SHANGHAI), tick=False)
def test_deadline_skips_national_day_and_counts_the_make_up_saturday(cast, recordals):
    item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    assert chinese_calendar.is_workday(date(2026, 10, 10))
    assert not chinese_calendar.is_workday(date(2026, 10, 7))
    assert item.deadline == datetime(2026, 10, 11, 0, 0, tzinfo=SHANGHAI)


@time_machine.travel(datetime(2026, 2, 13, 23, 30, tzinfo=SHANGHAI), tick=False)
def test_deadline_across_spring_festival(cast, recordals):
    item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    days = []
    day = date(2026, 2, 14)
    while len(days) < 3:
        if chinese_calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    expected_day = days[-1] + timedelta(days=1)
    assert item.deadline == datetime(expected_day.year, expected_day.month, expected_day.day, tzinfo=SHANGHAI)
    assert item.deadline.date() > date(2026, 2, 23)


@time_machine.travel(datetime(2026, 10, 9, 23, 59, tzinfo=SHANGHAI), tick=False)
def test_notice_late_in_the_day_counts_from_the_next_day(cast, recordals):
    item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    # Oct 10 (make-up Saturday), Oct 12 (Mon), Oct 13 (Tue) -> 24:00 on Oct 13.
    assert item.deadline == datetime(2026, 10, 14, 0, 0, tzinfo=SHANGHAI)
