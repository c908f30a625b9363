"""Working days and deadlines on China's official calendar, in Asia/Shanghai time.

A day's status comes from the first source that knows it: the administrators' ``CalendarDay``
table, then the ``chinesecalendar`` package (official State Council data), then an estimate from
the ``holidays`` package (a weekday that is not a public holiday is a working day).

A year is official when the package knows it or an administrator marked its schedule as published
(``CalendarYear``); until then it is provisional, however many of its days the table holds.
"""

import enum
import functools
import itertools
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays
from django.db.models import DateTimeField, Value
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.workdays.models import CalendarDay, CalendarYear

CALENDAR_TZ = ZoneInfo("Asia/Shanghai")
SCAN_WINDOW_DAYS = 60
ONE_DAY = timedelta(days=1)


class YearSource(enum.StrEnum):
    """Where a calendar year's holidays and make-up working days come from."""

    TABLE = "official-table"
    PACKAGE = "official-package"
    PROVISIONAL = "provisional"


def local_date(moment: date | datetime) -> date:
    """Return the Asia/Shanghai calendar date of an aware datetime; return a date unchanged."""
    if isinstance(moment, datetime):
        if timezone.is_naive(moment):
            raise ValueError("A naive datetime has no calendar date; give an aware datetime.")
        return timezone.localtime(moment, CALENDAR_TZ).date()
    return moment


def local_day_of(instant: datetime) -> TruncDate:
    """Return an expression of the Asia/Shanghai calendar date of an aware datetime (``local_date`` reckoned by the
    database: a query compiled once takes each call's instant as a parameter)."""
    return TruncDate(Value(instant, output_field=DateTimeField()), tzinfo=CALENDAR_TZ)


def is_working_day(day: date) -> bool:
    """Return whether a day is a working day on China's official calendar."""
    day = local_date(day)
    kind = CalendarDay.objects.filter(date=day).values_list("kind", flat=True).first()
    if kind is not None:
        return kind == CalendarDay.Kind.WORKDAY
    return _default_working_day(day)


def published_years() -> frozenset[int]:
    """Return the years whose official schedule an administrator marked as published."""
    return frozenset(CalendarYear.objects.filter(published_at__isnull=False).values_list("year", flat=True))


def year_source(year: int) -> str:
    """Return where a year's calendar comes from: a published table, the package, or an estimate."""
    if _package_knows(year):
        return YearSource.PACKAGE
    if year in published_years():
        return YearSource.TABLE
    return YearSource.PROVISIONAL


def is_provisional(day_or_year: date | int) -> bool:
    """Return whether a day's (or year's) calendar is only an estimate."""
    year = day_or_year if isinstance(day_or_year, int) else local_date(day_or_year).year
    return year_source(year) == YearSource.PROVISIONAL


def provisional_years(start: date, end: date, *, published: frozenset[int] | None = None) -> list[int]:
    """Return the years from start to end, inclusive, whose calendar is only an estimate."""
    first, last = local_date(start).year, local_date(end).year
    unknown = [year for year in range(first, last + 1) if not _package_knows(year)]
    if unknown and published is None:
        published = published_years()
    return [year for year in unknown if year not in published]


def deadline_provisional_years(
    notified_at: datetime, deadline: datetime, *, published: frozenset[int] | None = None
) -> list[int]:
    """Return the provisional years a deadline counts through, from the day after notice to its last day."""
    first = local_date(notified_at) + ONE_DAY
    return provisional_years(first, max(first, deadline_display_date(deadline)), published=published)


def add_working_days(moment: datetime, n: int) -> datetime:
    """Return the deadline at 24:00 Shanghai time of the n-th working day after the moment's date."""
    if n < 1:
        raise ValueError(f"Count at least one working day, not {n}.")
    start = local_date(moment)
    working_days = (day for day, working in _days_after(start) if working)
    last_day = next(itertools.islice(working_days, n - 1, None))
    return datetime.combine(last_day + ONE_DAY, time.min, tzinfo=CALENDAR_TZ)


def working_days_between(a: date | datetime, b: date | datetime) -> int:
    """Return how many working days fall after a's date, up to and including b's date."""
    start, end = local_date(a), local_date(b)
    if end <= start:
        return 0
    return sum(1 for _day, working in _days_after(start, last=end) if working)


def working_days_since(starts, end: date | datetime) -> dict[date, int]:
    """Return, for each start's date, how many working days fall after it up to end's date; one query for all."""
    days = {local_date(start) for start in starts}
    last = local_date(end)
    if not days or last <= min(days):
        return dict.fromkeys(days, 0)
    after = {}
    working_after = 0
    for day, working in reversed(list(_days_after(min(days), last=last))):
        working_after += working
        after[day] = working_after
    return {day: after.get(day + ONE_DAY, 0) for day in days}


def deadline_display_date(deadline: datetime) -> date:
    """Return the calendar date whose 24:00 the deadline is."""
    return local_date(deadline) - ONE_DAY


def format_deadline(deadline: datetime) -> str:
    """Return the deadline as the law states it, in the active language: "Nov. 26, 2026, 24:00"."""
    return _("%(date)s, 24:00") % {"date": date_format(deadline_display_date(deadline), "DATE_FORMAT")}


def _days_after(start: date, *, last: date | None = None) -> Iterator[tuple[date, bool]]:
    """Yield each day after start, up to last if given, with whether it is a working day."""
    window_start = start + ONE_DAY
    while last is None or window_start <= last:
        window_end = window_start + timedelta(days=SCAN_WINDOW_DAYS - 1) if last is None else last
        overrides = _table_overrides(window_start, window_end)
        for offset in range((window_end - window_start).days + 1):
            day = window_start + timedelta(days=offset)
            working = overrides.get(day)
            yield day, _default_working_day(day) if working is None else working
        window_start = window_end + ONE_DAY


def _table_overrides(first: date, last: date) -> dict[date, bool]:
    """Return the table's entries from first to last, inclusive, as working-day flags."""
    rows = CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind")
    return {day: kind == CalendarDay.Kind.WORKDAY for day, kind in rows}


def _default_working_day(day: date) -> bool:
    """Return the packaged answer for a day: official data if known, else the estimate."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5 and day not in _estimated_holidays(day.year)


@functools.cache
def _package_knows(year: int) -> bool:
    """Return whether the chinesecalendar package has official data for a year."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=16)
def _estimated_holidays(year: int) -> frozenset[date]:
    """Return the public holidays the holidays package expects in China for a year."""
    return frozenset(holidays.country_holidays("CN", years=year))
