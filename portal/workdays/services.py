"""Every change administrators make to the working-day calendar, each telling the apps above it."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from portal.audit import audit_changes, audit_snapshot, audit_write
from portal.workdays.importing import import_calendar_rows
from portal.workdays.models import CalendarDay, CalendarEvent, CalendarYear
from portal.workdays.signals import calendar_changed


def _announce(*, days: Iterable[date], actor, source: str) -> None:
    """Tell the receivers which days may have changed, inside the caller's transaction."""
    changed = sorted(set(days))
    if changed:
        calendar_changed.send(sender=CalendarDay, days=changed, actor=actor, source=source)


def _day_values(day: CalendarDay | None) -> dict:
    snapshot = audit_snapshot(day)
    return {name: snapshot[name] for name in ("date", "kind", "name", "note")} if snapshot else {}


@transaction.atomic
def calendar_day_save(*, actor, day: CalendarDay) -> CalendarDay:
    """Create or change one calendar day; a moved day changes its old date as well as its new one."""
    before = _day_values(CalendarDay.objects.filter(pk=day.pk).first() if day.pk else None)
    day.save()
    old_date = date.fromisoformat(before["date"]) if before else None
    changes = audit_changes(before, _day_values(day))
    if changes:
        audit_write(
            CalendarEvent,
            actor=actor,
            action="day_changed" if before else "day_added",
            data={"changes": changes},
            year=day.date.year,
            day=day.date,
        )
    _announce(days={day.date, old_date} - {None}, actor=actor, source="admin")
    return day


@transaction.atomic
def calendar_days_delete(*, actor, days: Iterable[CalendarDay]) -> int:
    """Delete calendar days, so their dates fall back to the packaged calendar."""
    pks = [day.pk for day in days]
    rows = list(CalendarDay.objects.filter(pk__in=pks).order_by("date"))
    for row in rows:
        audit_write(
            CalendarEvent,
            actor=actor,
            action="day_deleted",
            data={"was": _day_values(row)},
            year=row.date.year,
            day=row.date,
        )
    deleted, _by_model = CalendarDay.objects.filter(pk__in=pks).delete()
    _announce(days=[row.date for row in rows], actor=actor, source="admin")
    return deleted


@transaction.atomic
def calendar_import(*, actor, rows: list[tuple[date, str, str]], publish: bool = False) -> int:
    """Store the rows of a calendar file, all or nothing; with ``publish``, mark their years as published."""
    before = {row.date: (row.kind, row.name) for row in CalendarDay.objects.filter(date__in=[r[0] for r in rows])}
    count = import_calendar_rows(rows)
    for year in sorted({day.year for day, _kind, _name in rows}):
        changed = [
            [day.isoformat(), kind, name]
            for day, kind, name in rows
            if day.year == year and before.get(day) != (kind, name)
        ]
        audit_write(CalendarEvent, actor=actor, action="imported", data={"days": changed}, year=year)
    _announce(days=[day for day, _kind, _name in rows], actor=actor, source="import")
    if publish:
        for year in sorted({day.year for day, _kind, _name in rows}):
            calendar_year_publish(actor=actor, year=year)
    return count


@transaction.atomic
def calendar_year_publish(*, actor, year: int) -> CalendarYear:
    """Mark a year's official schedule as entered in full: the year stops being provisional."""
    row, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    if row.published_at is None:
        row.published_at = timezone.now()
        row.published_by = actor if actor is not None and actor.is_authenticated else None
        row.save(update_fields=["published_at", "published_by"])
        audit_write(CalendarEvent, actor=actor, action="published", year=year)
    return row


@transaction.atomic
def calendar_year_unpublish(*, actor, year: int) -> None:
    """Mark a year as provisional again (its schedule turned out to be incomplete)."""
    if CalendarYear.objects.filter(year=year, published_at__isnull=False).update(published_at=None, published_by=None):
        audit_write(CalendarEvent, actor=actor, action="unpublished", year=year)
