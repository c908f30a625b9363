"""Factories for the confirmation tests: approved recordals, photos, filed cases."""

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from confirmations import services
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


def image_upload(name="photo.jpg", color=(200, 30, 30), fmt="JPEG", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


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
