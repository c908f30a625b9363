"""Template filters that format numbers and deadlines for the page's language."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from portal.workdays.calendar import deadline_provisional_years, format_deadline, published_years

register = template.Library()


@register.filter
def money(value):
    """Format an amount with two decimals and the language's digit grouping (12,345.00)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return value
    return _grouped(amount, decimal_pos=2)


@register.filter
def deadline(value):
    """Format a deadline stored as 00:00 of the next day as 24:00 of its own day (Asia/Shanghai)."""
    return format_deadline(value) if value else ""


@register.simple_tag(takes_context=True)
def provisional_deadline(context, notified_at, deadline):
    """Say "provisional" beside a deadline that counts through a year whose calendar is only an estimate."""
    return provisional_note(context.get("request"), notified_at, deadline)


def provisional_note(request, notified_at, deadline):
    """Return the "provisional" note of a deadline counted through a year whose calendar is an estimate, or "" (the
    years published are read once per request)."""
    if not notified_at or not deadline:
        return ""
    unknown = deadline_provisional_years(notified_at, deadline, published=frozenset())
    if not unknown:
        return ""
    published = getattr(request, "_published_calendar_years", None)
    if published is None:
        published = published_years()
        if request is not None:
            request._published_calendar_years = published
    years = [year for year in unknown if year not in published]
    if not years:
        return ""
    return format_html(
        '<strong class="provisional">{}</strong>',
        _("provisional: the official %(years)s calendar is not yet published")
        % {"years": ", ".join(str(year) for year in years)},
    )


@register.filter
def count(value):
    """Format a whole number with the language's digit grouping (12,345)."""
    if value is None or value == "":
        return ""
    return _grouped(value, decimal_pos=None)


def _grouped(value, *, decimal_pos):
    """Group digits in threes, as amounts are written in both languages' business documents."""
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos,
        3,
        get_format("THOUSAND_SEPARATOR") or ",",
        force_grouping=True,
    )


@register.filter
def duration(seconds):
    """Format a duration in seconds the way people say it: "9 min", "2 h 15 min", "1 d 3 h"."""
    if seconds is None or seconds == "":
        return ""
    minutes = max(0, round(float(seconds) / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": mins}
    return _("%(m)d min") % {"m": mins}


@register.filter
def whole_minutes(value):
    """Return a timedelta as whole minutes, rounded up (a 90-second wait is 2 minutes)."""
    if not value:
        return ""
    return -(-int(value.total_seconds()) // 60)
