"""Validity arithmetic of a recordal: ten years from approval, capped by the right; six-month renewal window.

A recordal approved on a day runs until the same calendar day ten years later (29 February becomes
28 February), and never past the right's own expiry. A renewal adds ten years to the current end,
again capped. A renewal may be requested from six months before the end up to the end itself.
"""

import calendar
from datetime import date

VALIDITY_YEARS = 10
RENEWAL_WINDOW_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """Return the same day ``years`` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def capped(day: date, cap: date | None) -> date:
    """Return ``day``, or ``cap`` when it comes first."""
    return day if cap is None or day <= cap else cap


def initial_validity(approved_on: date, right_valid_until: date | None) -> tuple[date, date]:
    """Return (valid_from, valid_until) of a recordal approved on a day."""
    return approved_on, capped(add_years(approved_on, VALIDITY_YEARS), right_valid_until)


def renewed_until(valid_until: date, right_valid_until: date | None) -> date:
    """Return the new end of a recordal renewed from its current end."""
    return capped(add_years(valid_until, VALIDITY_YEARS), right_valid_until)


def renewal_window_start(valid_until: date) -> date:
    """Return the first day a renewal may be requested."""
    return add_months(valid_until, -RENEWAL_WINDOW_MONTHS)
