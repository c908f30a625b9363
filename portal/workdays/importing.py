"""Read calendar files of ``date,kind,name`` lines and store them in the calendar table."""

import csv
import re
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.workdays.models import CalendarDay

HEADER = ["date", "kind", "name"]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NAME_MAX_LENGTH = CalendarDay._meta.get_field("name").max_length


class CalendarFileError(ValueError):
    """A calendar file that cannot be imported, with one line saying why."""


def decode_calendar_file(data: bytes) -> str:
    """Return the text of an uploaded or read calendar file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CalendarFileError(_("the file is not UTF-8 text (byte %(position)d)") % {"position": error.start + 1})


def parse_calendar_file(text: str) -> list[tuple[date, str, str]]:
    """Return the (date, kind, name) rows of a calendar file, or raise CalendarFileError."""
    rows: list[tuple[date, str, str]] = []
    seen: dict[date, int] = {}
    header_allowed = True
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in next(csv.reader([line]))]
        if header_allowed and [field.lower() for field in fields] == HEADER:
            header_allowed = False
            continue
        header_allowed = False
        day, kind, name = _parse_line(number=number, fields=fields)
        if day in seen:
            raise CalendarFileError(
                _("line %(line)d: %(date)s is already given on line %(first)d")
                % {"line": number, "date": day.isoformat(), "first": seen[day]}
            )
        seen[day] = number
        rows.append((day, kind, name))
    return rows


@transaction.atomic
def import_calendar_rows(rows: Iterable[tuple[date, str, str]]) -> int:
    """Create or update one calendar day per row, all or nothing, and return how many were stored."""
    count = 0
    for day, kind, name in rows:
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
        count += 1
    return count


def _parse_line(*, number: int, fields: list[str]) -> tuple[date, str, str]:
    """Return the date, kind and name of one line, or raise CalendarFileError naming the line."""
    if len(fields) != len(HEADER):
        raise CalendarFileError(
            _("line %(line)d: expected 3 columns (date,kind,name), found %(count)d")
            % {"line": number, "count": len(fields)}
        )
    raw_date, kind, name = fields
    try:
        day = date.fromisoformat(raw_date) if ISO_DATE.fullmatch(raw_date) else None
    except ValueError:
        day = None
    if day is None:
        raise CalendarFileError(
            _("line %(line)d: '%(value)s' is not a date (YYYY-MM-DD)") % {"line": number, "value": raw_date}
        )
    if kind not in CalendarDay.Kind.values:
        raise CalendarFileError(
            _("line %(line)d: '%(value)s' is not a kind (%(kinds)s)")
            % {"line": number, "value": kind, "kinds": ", ".join(CalendarDay.Kind.values)}
        )
    if len(name) > NAME_MAX_LENGTH:
        raise CalendarFileError(
            _("line %(line)d: the name is longer than %(limit)d characters")
            % {"line": number, "limit": NAME_MAX_LENGTH}
        )
    return day, kind, name
