"""Factories for the confirmation tests: item inputs, filed cases, general bonds."""

from datetime import date
from decimal import Decimal

import factory

from confirmations import services
from confirmations.models import GeneralBond
from portal.tests.factories import HolderFactory, UserFactory


def item_input(recordal, *, value="1000.00", quantity=10, description="Watches", currency="", hs_code="", photos=()):
    return services.ItemInput(
        recordal_id=recordal.pk,
        description=description,
        hs_code=hs_code,
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
