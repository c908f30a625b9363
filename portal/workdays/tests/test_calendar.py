from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest

from portal.workdays.calendar import (
    CALENDAR_TZ,
    SCAN_WINDOW_DAYS,
    add_working_days,
    deadline_display_date,
    is_provisional,
    is_working_day,
    local_date,
    provisional_years,
    working_days_between,
    year_source,
)
from portal.workdays.models import CalendarDay, CalendarYear
from portal.workdays.services import calendar_year_publish

pytestmark = pytest.mark.django_db


def shanghai(*args) -> datetime:
    return datetime(*args, tzinfo=CALENDAR_TZ)


def midnight(day: date) -> datetime:
    return shanghai(day.year, day.month, day.day)


def test_spring_festival_2026_follows_the_package():
    festival = [date(2026, 2, 15) + timedelta(days=offset) for offset in range(9)]
    make_up_saturdays = [date(2026, 2, 14), date(2026, 2, 28)]

    assert [chinese_calendar.is_workday(day) for day in festival] == [False] * 9
    assert [chinese_calendar.is_workday(day) for day in make_up_saturdays] == [True, True]
    assert [is_working_day(day) for day in festival] == [False] * 9
    assert [is_working_day(day) for day in make_up_saturdays] == [True, True]
    assert is_working_day(date(2026, 2, 24))


def test_notice_on_friday_before_spring_festival_is_due_after_the_holiday():
    deadline = add_working_days(shanghai(2026, 2, 13, 10, 0), 3)

    # Day 1 is make-up Saturday 14 February, then the festival, then 24 and 25 February.
    assert deadline == midnight(date(2026, 2, 26))
    assert deadline_display_date(deadline) == date(2026, 2, 25)


def test_make_up_sunday_counts_as_working_day():
    assert chinese_calendar.is_workday(date(2026, 9, 20))
    assert is_working_day(date(2026, 9, 20))

    deadline = add_working_days(shanghai(2026, 9, 19, 9, 30), 3)

    assert deadline == midnight(date(2026, 9, 23))


def test_national_day_week_is_skipped_and_make_up_saturday_counts():
    assert chinese_calendar.is_workday(date(2026, 10, 10))
    assert not any(is_working_day(date(2026, 10, day)) for day in range(1, 8))

    deadline = add_working_days(shanghai(2026, 9, 30, 15, 0), 3)

    assert deadline == midnight(date(2026, 10, 11))
    assert deadline_display_date(deadline) == date(2026, 10, 10)


def test_year_unknown_to_package_is_estimated_from_holidays_package():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))

    assert not is_working_day(date(2027, 1, 1))
    assert is_working_day(date(2027, 1, 4))
    assert not is_working_day(date(2027, 1, 9))
    assert year_source(2026) == "official-package"
    assert year_source(2027) == "provisional"
    assert is_provisional(2027)
    assert is_provisional(date(2027, 6, 1))
    assert not is_provisional(2026)


def test_notice_at_year_end_uses_estimate_for_next_year():
    deadline = add_working_days(shanghai(2026, 12, 30, 11, 0), 3)

    # 31 December, then New Year's Day off, the weekend, then 4 and 5 January.
    assert deadline == midnight(date(2027, 1, 6))


def test_table_entry_wins_over_estimate_but_the_year_stays_provisional_until_published(cast):
    notice = shanghai(2026, 12, 30, 11, 0)
    CalendarDay.objects.create(date=date(2027, 1, 4), kind=CalendarDay.Kind.HOLIDAY, name="New Year's Day")
    CalendarDay.objects.create(date=date(2027, 2, 6), kind=CalendarDay.Kind.HOLIDAY, name="Spring Festival")

    assert not is_working_day(date(2027, 1, 4))
    assert add_working_days(notice, 3) == midnight(date(2027, 1, 7))
    assert year_source(2027) == "provisional"
    assert is_provisional(2027)

    calendar_year_publish(actor=cast.admin, year=2027)

    assert year_source(2027) == "official-table"
    assert not is_provisional(2027)


def test_table_entry_wins_over_package():
    CalendarDay.objects.create(date=date(2026, 2, 24), kind=CalendarDay.Kind.HOLIDAY, name="Extra day off")
    CalendarDay.objects.create(date=date(2026, 2, 22), kind=CalendarDay.Kind.WORKDAY, name="Extra working day")

    assert not is_working_day(date(2026, 2, 24))
    assert is_working_day(date(2026, 2, 22))
    assert year_source(2026) == "official-package"


def test_provisional_years_lists_years_without_official_data():
    assert provisional_years(date(2026, 11, 23), date(2027, 12, 28)) == [2027]
    assert provisional_years(date(2025, 1, 1), date(2026, 12, 31)) == []

    CalendarDay.objects.create(date=date(2027, 2, 6), kind=CalendarDay.Kind.HOLIDAY, name="Spring Festival")

    assert provisional_years(date(2026, 11, 23), date(2028, 1, 1)) == [2027, 2028]

    CalendarYear.objects.create(year=2027, published_at=shanghai(2026, 12, 1, 9, 0))

    assert provisional_years(date(2026, 11, 23), date(2028, 1, 1)) == [2028]


@pytest.mark.parametrize(
    "notice",
    [
        shanghai(2026, 3, 2, 0, 1),
        shanghai(2026, 3, 2, 23, 59),
        datetime(2026, 3, 1, 16, 30, tzinfo=UTC),
    ],
    ids=["00:01-local", "23:59-local", "utc-already-next-day-in-shanghai"],
)
def test_deadline_is_midnight_after_third_working_day_whatever_time_notice_came(notice):
    deadline = add_working_days(notice, 3)

    assert local_date(notice) == date(2026, 3, 2)
    assert deadline == datetime(2026, 3, 5, 16, 0, tzinfo=UTC)
    assert deadline.tzinfo == CALENDAR_TZ
    assert (deadline.hour, deadline.minute) == (0, 0)
    assert deadline_display_date(deadline) == date(2026, 3, 5)


def test_utc_moment_still_on_previous_day_in_shanghai_counts_from_that_day():
    deadline = add_working_days(datetime(2026, 3, 1, 15, 59, tzinfo=UTC), 3)

    assert deadline == midnight(date(2026, 3, 5))


def test_add_working_days_rejects_count_below_one():
    with pytest.raises(ValueError):
        add_working_days(shanghai(2026, 3, 2, 9, 0), 0)


def test_add_working_days_rejects_naive_datetime():
    with pytest.raises(ValueError):
        add_working_days(datetime(2026, 3, 2, 9, 0), 3)


def test_working_days_between_skips_the_national_day_holiday():
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 9)) == 2
    assert working_days_between(shanghai(2026, 9, 30, 18, 0), shanghai(2026, 10, 10, 8, 0)) == 3


def test_working_days_between_counts_make_up_days_around_spring_festival():
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6


def test_working_days_between_is_zero_when_end_is_not_after_start():
    assert working_days_between(date(2026, 3, 5), date(2026, 3, 5)) == 0
    assert working_days_between(date(2026, 3, 5), date(2026, 3, 2)) == 0


def test_working_days_left_matches_deadline():
    notice = shanghai(2026, 9, 18, 14, 0)
    deadline = add_working_days(notice, 30)

    assert working_days_between(notice, deadline_display_date(deadline)) == 30


def test_deadline_of_thirty_working_days_uses_few_queries(django_assert_num_queries):
    CalendarDay.objects.create(date=date(2027, 1, 4), kind=CalendarDay.Kind.HOLIDAY, name="New Year's Day")

    with django_assert_num_queries(1):
        deadline = add_working_days(shanghai(2026, 12, 20, 9, 0), 30)

    assert deadline > midnight(date(2027, 1, 31))


def test_table_entry_beyond_first_scan_window_moves_deadline():
    notice = shanghai(2026, 3, 2, 9, 0)
    last_day = deadline_display_date(add_working_days(notice, 45))
    assert (last_day - local_date(notice)).days > SCAN_WINDOW_DAYS

    CalendarDay.objects.create(date=last_day, kind=CalendarDay.Kind.HOLIDAY, name="Extra day off")

    assert deadline_display_date(add_working_days(notice, 45)) > last_day
