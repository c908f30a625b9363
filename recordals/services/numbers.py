"""Recordal numbers: ``T2026-000123``, one counter row per prefix and year, never two alike."""

from django.db import transaction
from django.db.models import F

from recordals.models import RecordalNumberCounter


def number_allocate(*, prefix: str, year: int) -> str:
    """Take the next number for a prefix and year; the counter row stays locked until commit."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Allocate recordal numbers inside the approving transaction.")
    RecordalNumberCounter.objects.bulk_create(
        [RecordalNumberCounter(prefix=prefix, year=year, last=0)], ignore_conflicts=True
    )
    counters = RecordalNumberCounter.objects.filter(prefix=prefix, year=year)
    counters.update(last=F("last") + 1)
    last = counters.values_list("last", flat=True).get()
    return f"{prefix}{year}-{last:06d}"
