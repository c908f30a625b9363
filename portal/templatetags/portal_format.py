"""Template filters that format numbers for the page's language."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import numberformat
from django.utils.formats import get_format

from portal.workdays.calendar import format_deadline

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
