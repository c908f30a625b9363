"""Money rules: conversion to CNY at a stated rate, the case-bond tiers, general-bond cover."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import connections
from django.utils.translation import gettext_lazy as _

from confirmations.models import ExchangeRate, GeneralBond
from portal.compiled_rows import instances_compiled_once
from recordals.models import RightType

CENT = Decimal("0.01")
LOW_TIER_LIMIT = Decimal("20000.00")
HIGH_TIER_LIMIT = Decimal("200000.00")
HIGH_TIER_BOND = Decimal("100000.00")


def rate_to_cny(currency: str, day: date) -> Decimal:
    """Return the stated CNY rate of a currency on a day; refuse a currency with no rate."""
    currency = currency.upper()
    if currency == "CNY":
        return Decimal(1)
    rate = (
        ExchangeRate.objects.filter(currency=currency, valid_from__lte=day)
        .order_by("-valid_from")
        .values_list("rate_to_cny", flat=True)
        .first()
    )
    if rate is None:
        raise ValidationError(
            _("No exchange rate to CNY is stated for %(currency)s.") % {"currency": currency}, code="no_rate"
        )
    return rate


def to_cny(value: Decimal, rate: Decimal) -> Decimal:
    """Convert a value at a rate, rounding half up to the cent."""
    return (Decimal(value) * Decimal(rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def case_bond_amount(value_cny: Decimal) -> Decimal:
    """Return the bond for one detention: the value under 20,000; half of it (at least 20,000) up to
    200,000; 100,000 above."""
    value = Decimal(value_cny).quantize(CENT, rounding=ROUND_HALF_UP)
    if value < LOW_TIER_LIMIT:
        return value
    if value <= HIGH_TIER_LIMIT:
        return max((value / 2).quantize(CENT, rounding=ROUND_HALF_UP), LOW_TIER_LIMIT)
    return HIGH_TIER_BOND


def covering_general_bonds(holder, day):
    """Return the queryset of the general bond ``general_bond_for`` chooses (the largest confirmed bond of the holder
    covering ``day``); ``holder`` and ``day`` may be expressions (an item's holder, ``local_day_of`` an instant)."""
    return GeneralBond.objects.covering(holder, day).order_by("-amount_cny", "pk")[:1]


def general_bond_for(*, holder, right_type: str, day: date, read: list | None = None) -> GeneralBond | None:
    """Return the holder's confirmed general bond covering a trademark application on ``day``, if any. ``read``: the
    rows of ``covering_general_bonds(holder, day)`` where they were read already (the item page reads them with the
    item)."""
    if right_type != RightType.TRADEMARK:
        return None
    if read is None:
        holder_id = getattr(holder, "pk", holder)
        status, using = GeneralBond.Status.CONFIRMED, GeneralBond.objects.db
        # Read by SQL compiled once (``portal.compiled_rows``): every page deciding an item asks this, and building
        # the query cost more than running it. Its parameters, in the filter's order: status, day as sent, year,
        # holder.
        valid_until = GeneralBond._meta.get_field("valid_until").get_db_prep_value(day, connections[using])
        read = instances_compiled_once(
            lambda instants: covering_general_bonds(holder_id, day),
            ("general bond for",),
            instants=[],
            tail=[status, valid_until, day.year, holder_id],
            using=using,
        )
    return read[0] if read else None
