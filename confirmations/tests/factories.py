"""Factories for the confirmation tests: recordals in force, filed cases, general bonds."""

from datetime import date
from decimal import Decimal

import factory

from confirmations import services
from confirmations.models import GeneralBond
from portal.tests.factories import HolderFactory, UserFactory
from recordals.models import Party, Recordal

_counter = {"n": 0}


def approved_recordal(holder, *, title="LUMIÈRE", right_type="trademark", infringers=(), **fields) -> Recordal:
    """Create an approved recordal in force from 2020 to 2035."""
    _counter["n"] += 1
    prefix = "T" if right_type == "trademark" else "P"
    recordal = Recordal.objects.create(
        holder=holder,
        right_type=right_type,
        title=title,
        registration_number=f"REG{_counter['n']:06d}",
        right_valid_from=date(2015, 1, 1),
        status=Recordal.Status.APPROVED,
        number=f"{prefix}2026-{_counter['n'] + 900000:06d}",
        valid_from=date(2020, 1, 1),
        valid_until=date(2035, 12, 31),
        identification_guide="Genuine dials carry a laser-etched serial.",
        **fields,
    )
    for name in infringers:
        Party.objects.create(recordal=recordal, role=Party.Role.INFRINGER, name=name)
    return recordal


def item_input(recordal, *, value="1000.00", quantity=10, description="Watches", currency="", photos=()):
    return services.ItemInput(
        recordal_id=recordal.pk,
        description=description,
        quantity=quantity,
        value=Decimal(value),
        currency=currency,
        photos=list(photos),
    )


def shipment(**fields) -> dict:
    return {
        "channel": "express",
        "direction": "import",
        "waybill_number": "EX123456789CN",
        "consignor": "Shenzhen Trading Co",
        "consignor_country": "CN",
        "consignee": "Jean Dupont",
        "consignee_country": "FR",
        "declared_goods": "watches",
        "currency": "CNY",
        **fields,
    }


def file_case(officer, items, **shipment_fields):
    """File a case through the service (call inside django_capture_on_commit_callbacks to run notices)."""
    return services.case_file(officer=officer, shipment=shipment(**shipment_fields), items=items)


class GeneralBondFactory(factory.django.DjangoModelFactory):
    """A holder's general bond of 200,000 CNY for a year (2026 unless given), awaiting confirmation; no events."""

    class Meta:
        model = GeneralBond

    holder = factory.SubFactory(HolderFactory)
    bank = "Bank"
    reference = factory.Sequence(lambda n: f"G-{n}")
    amount_cny = Decimal("200000.00")
    year = 2026
    covers_from = factory.LazyAttribute(lambda bond: date(bond.year, 1, 1))
    valid_until = factory.LazyAttribute(lambda bond: date(bond.year + 1, 6, 30))
    submitted_by = factory.SubFactory(UserFactory)
