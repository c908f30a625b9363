"""Demo cases in every state, on top of the recordals seeder's LUMIÈRE, LUMIÈRE PARIS and NORDIK."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from confirmations import services
from confirmations.models import Case, GeneralBond, Item
from portal.uploads import verify_image


def _photo(text: str, color: tuple[int, int, int]):
    image = Image.new("RGB", (640, 480), color)
    ImageDraw.Draw(image).text((40, 220), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return verify_image(SimpleUploadedFile(f"{text}.jpg", buffer.getvalue(), content_type="image/jpeg"))


def _file(demo, waybill, items, **shipment):
    existing = Case.objects.filter(waybill_number=waybill).first()
    if existing is not None:
        return existing, False
    entries = [
        services.ItemInput(
            recordal_id=recordal.pk,
            description=description,
            quantity=quantity,
            value=Decimal(value),
            photos=[_photo(description, color)],
        )
        for recordal, description, quantity, value, color in items
    ]
    case = services.case_file(
        officer=demo.officer1,
        shipment={
            "channel": "express",
            "direction": "import",
            "waybill_number": waybill,
            "currency": "CNY",
            "consignor": "Guangzhou Timely Trading",
            "consignor_country": "CN",
            "consignee": "M. Martin",
            "consignee_country": "FR",
            "declared_goods": "watches",
            **shipment,
        },
        items=entries,
    )
    return case, True


def seed(demo, *, stdout) -> None:
    """Create demo cases in every state and a confirmed general bond for holder1 (idempotent)."""
    recordals = getattr(demo, "recordals", None) or {}
    if not all(key in recordals for key in ("lumiere", "lumiere_paris", "nordik")):
        stdout.write("(confirmations demo skipped: the recordals seeder set no demo recordals)")
        return
    lumiere, paris, nordik = recordals["lumiere"], recordals["lumiere_paris"], recordals["nordik"]
    year = timezone.localdate().year
    bond, _ = GeneralBond.objects.get_or_create(
        holder=demo.holder1,
        year=year,
        reference=f"BOC-GB-{year}-001",
        defaults={
            "bank": "Bank of China, Shanghai Branch",
            "amount_cny": Decimal("250000.00"),
            "covers_from": date(year, 1, 1),
            "valid_until": date(year + 1, 6, 30),
            "submitted_by": demo.holder1_user,
            "status": GeneralBond.Status.CONFIRMED,
            "confirmed_by": demo.admin,
            "confirmed_at": timezone.now(),
        },
    )
    created = 0

    case, new = _file(demo, "DEMO-PENDING-001", [(lumiere, "Wristwatches, LUMIÈRE dial", 12, "3600.00", (120, 90, 40))])
    created += new

    case, new = _file(
        demo,
        "DEMO-MIXED-002",
        [
            (lumiere, "Watches marked LUMIÈRE", 5, "1500.00", (90, 60, 30)),
            (nordik, "Watches marked NORDIK", 8, "2400.00", (30, 60, 90)),
        ],
        channel="mail",
    )
    created += new

    case, new = _file(
        demo,
        "DEMO-DETAINED-003",
        [(paris, "Handbags, LUMIÈRE PARIS", 40, "52000.00", (80, 20, 20))],
        channel="sea",
        consignee="Shady Exports Ltd",
    )
    if new:
        item = case.items.get()
        services.item_decide(
            user=demo.holder1_user,
            item_id=item.pk,
            decision="infringing",
            bond="case",
            comment="Counterfeit: wrong stitching and logo spacing.",
        )
        services.item_case_bond_receive(officer=demo.officer1, item_id=item.pk)
        services.item_detain(officer=demo.officer1, item_id=item.pk)
        created += 1

    case, new = _file(
        demo, "DEMO-RELEASED-004", [(nordik, "Watch straps", 100, "800.00", (20, 80, 20))], channel="ecommerce"
    )
    if new:
        item = case.items.get()
        services.item_decide(
            user=demo.holder2_user,
            item_id=item.pk,
            decision="not_infringing",
            comment="Parallel import of genuine goods.",
        )
        services.item_release(officer=demo.officer1, item_id=item.pk)
        created += 1

    case, new = _file(demo, "DEMO-LAPSED-005", [(nordik, "Sunglasses", 30, "900.00", (60, 60, 60))], channel="air")
    if new:
        item = case.items.get()
        services.item_lapse(item_id=item.pk, now=item.deadline + timedelta(minutes=1))
        created += 1

    case, new = _file(
        demo, "DEMO-RESULT-006", [(lumiere, "Watches, general bond", 200, "250000.00", (10, 10, 60))], channel="land"
    )
    if new:
        item = case.items.get()
        services.item_decide(user=demo.holder1_user, item_id=item.pk, decision="infringing", bond="general")
        services.item_detain(officer=demo.officer1, item_id=item.pk)
        services.item_investigation_record(
            officer=demo.officer1,
            item_id=item.pk,
            result=Item.Status.CONFIRMED,
            note="Infringement confirmed by the holder's expert report.",
        )
        created += 1

    stdout.write(f"confirmations: {created} demo cases created; general bond {bond.reference} confirmed")
