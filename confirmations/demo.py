"""Demo cases in every state, on top of the recordals seeder's LUMIÈRE, LUMIÈRE PARIS and NORDIK."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from confirmations import demo_requests, services
from confirmations.demo_hs_codes import hs_code_for
from confirmations.demo_texts import bilingual
from confirmations.models import BondInstructions, Case, Disposal, GeneralBond, Item
from portal.access import office_of
from portal.uploads import verify_image, verify_pdf
from portal.workdays.calendar import add_working_days


def _photo(text: str, color: tuple[int, int, int]):
    image = Image.new("RGB", (640, 480), color)
    ImageDraw.Draw(image).text((40, 220), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return verify_image(SimpleUploadedFile(f"{text}.jpg", buffer.getvalue(), content_type="image/jpeg"))


def file_case(demo, waybill, items, **shipment):
    """File (once) a demo case of ``items`` (recordal, goods, quantity, value, photo colour); return it and if new."""
    existing = Case.objects.filter(waybill_number=waybill).first()
    if existing is not None:
        return existing, False
    entries = [
        services.ItemInput(
            recordal_id=recordal.pk,
            description=bilingual(description),
            hs_code=hs_code_for(description),
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
            **shipment,
            "declared_goods": bilingual(shipment.get("declared_goods", "watches")),
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

    case, new = file_case(
        demo, "DEMO-PENDING-001", [(lumiere, "Wristwatches, LUMIÈRE dial", 12, "3600.00", (120, 90, 40))]
    )
    created += new

    case, new = file_case(
        demo,
        "DEMO-MIXED-002",
        [
            (lumiere, "Watches marked LUMIÈRE", 5, "1500.00", (90, 60, 30)),
            (nordik, "Watches marked NORDIK", 8, "2400.00", (30, 60, 90)),
        ],
        channel="mail",
    )
    created += new

    case, new = file_case(
        demo,
        "DEMO-DETAINED-003",
        [(paris, "Handbags, LUMIÈRE PARIS", 40, "52000.00", (80, 20, 20))],
        channel="sea",
        consignee="Shady Exports Ltd",
    )
    if new:
        detain_on_case_bond(
            demo,
            case.items.get().pk,
            user=demo.holder1_user,
            comment="Counterfeit: wrong stitching and logo spacing.",
        )
        created += 1

    case, new = file_case(
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

    case, new = file_case(demo, "DEMO-LAPSED-005", [(nordik, "Sunglasses", 30, "900.00", (60, 60, 60))], channel="air")
    if new:
        item = case.items.get()
        services.item_lapse(item_id=item.pk, now=item.deadline + timedelta(minutes=1))
        created += 1

    case, new = file_case(
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
        services.item_dispose(
            officer=demo.officer1,
            item_id=item.pk,
            method=Disposal.Method.DESTROYED,
            disposed_on=timezone.localdate(),
            note="Crushed under customs supervision; the holder paid storage and destruction.",
        )
        created += 1

    created += seed_detention(demo, lumiere=lumiere, paris=paris)
    demo_requests.seed(demo, lumiere=lumiere, stdout=stdout)

    stdout.write(f"confirmations: {created} demo cases created; general bond {bond.reference} confirmed")


DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_detention(demo, *, lumiere, paris) -> int:
    """An application awaiting its bond, a withdrawn one, a court notice and a release after 50 working days."""
    office = office_of(demo.officer1)
    BondInstructions.objects.get_or_create(
        office=office,
        defaults={
            "payee": f"{office.name} (customs deposit account)",
            "bank": "Bank of China, Shanghai Yangshan Sub-branch",
            "account": "4377 0012 3456 7890",
            "reference_format": "IPR-BOND {reference}",
            "guarantees": "Irrevocable guarantees of banks licensed in mainland China, payable on first demand.",
            "originals_address": f"{office.name}, IPR Section, Room 301",
        },
    )
    created = 0
    case, new = file_case(
        demo,
        "DEMO-BOND-007",
        [
            (lumiere, "Chronographs, LUMIÈRE", 50, "150000.00", (100, 40, 40)),
            (lumiere, "Dress watches, LUMIÈRE", 50, "150000.00", (40, 100, 40)),
        ],
        channel="sea",
    )
    if new:
        services.items_decide_bulk(
            user=demo.holder1_user,
            item_ids=list(case.items.values_list("pk", flat=True)),
            decision="infringing",
            bond="case",
            comment="Counterfeit dials; one application of 300,000 CNY.",
        )
        created += 1
    case, new = file_case(demo, "DEMO-WITHDRAWN-008", [(paris, "Scarves, LUMIÈRE PARIS", 20, "6000.00", (90, 90, 20))])
    if new:
        item = services.item_decide(
            user=demo.holder1_user, item_id=case.items.get().pk, decision="infringing", bond="case"
        )
        services.application_withdraw(
            user=demo.holder1_user, application_id=item.application_id, reason="Settled with the importer."
        )
        created += 1
    case, new = file_case(demo, "DEMO-COURT-009", [(paris, "Belts, LUMIÈRE PARIS", 60, "18000.00", (30, 30, 30))])
    if new:
        item = detain_and_investigate(demo, case, result=Item.Status.NOT_CONFIRMED)
        services.item_court_notice_record(
            officer=demo.officer1,
            item_id=item.pk,
            court="Shanghai Intellectual Property Court",
            reference="(2026) Hu 73 Xing Bao 0007",
            issued_on=timezone.localdate(),
            document=verify_pdf(SimpleUploadedFile("court-notice.pdf", DEMO_PDF, content_type="application/pdf")),
        )
        created += 1
    case, new = file_case(demo, "DEMO-RELEASE50-010", [(paris, "Wallets, LUMIÈRE PARIS", 80, "9000.00", (50, 20, 70))])
    if new:
        item = detain_and_investigate(demo, case, result=Item.Status.NOT_CONFIRMED)
        detained_at = timezone.now() - timedelta(days=80)
        Item.objects.filter(pk=item.pk).update(
            officer_action_at=detained_at,
            investigation_due=add_working_days(detained_at, 30),
            release_due=add_working_days(detained_at, 50),
        )
        services.items_release_without_court_notice()
        created += 1
    return created


def detain_on_case_bond(demo, item_id: int, *, user, comment: str = "") -> Item:
    """Answer the item "infringing" with a case bond as ``user``, receive the bond and detain the goods."""
    services.item_decide(user=user, item_id=item_id, decision="infringing", bond="case", comment=comment)
    services.item_case_bond_receive(officer=demo.officer1, item_id=item_id)
    return services.item_detain(officer=demo.officer1, item_id=item_id)


def detain_and_investigate(demo, case, *, result: str) -> Item:
    """Apply for detention of the case's one item, secure its bond, detain it and record the investigation."""
    item = services.item_decide(user=demo.holder1_user, item_id=case.items.get().pk, decision="infringing", bond="case")
    services.application_bond_receive(officer=demo.officer1, application_id=item.application_id)
    services.item_detain(officer=demo.officer1, item_id=item.pk)
    return services.item_investigation_record(officer=demo.officer1, item_id=item.pk, result=result)
