"""Demo of the holder's own initiatives: an application for detention awaiting review, and a tip."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from confirmations.demo_texts import bilingual
from confirmations.models import DetentionRequest, Tip
from confirmations.services.requests import RequestInput, detention_request_submit
from confirmations.services.tips import TipInput, tip_send
from portal.access import office_of

WAYBILL = "DEMO-DR-MSKU-7788990"
TIP_IDENTIFIERS = "DEMO-TIP container TGHU-5566778"


def seed(demo, *, lumiere, stdout) -> None:
    """Create a pending application for detention and a tip to officer1's office (idempotent)."""
    office = office_of(demo.officer1)
    today = timezone.localdate()
    if not DetentionRequest.objects.filter(waybill_number=WAYBILL).exists():
        detention_request_submit(
            user=demo.holder1_user,
            data=RequestInput(
                recordal_id=lumiere.pk,
                office_id=office.pk,
                goods=bilingual("Wristwatches with a LUMIÈRE dial, 600 pieces in 12 cartons"),
                quantity=600,
                value=Decimal("48000.00"),
                currency="CNY",
                expected_port="Shanghai Yangshan",
                expected_from=today + timedelta(days=7),
                expected_until=today + timedelta(days=21),
                evidence_summary="Our investigator obtained the order confirmation and the factory's photos.",
                consignor="Guangzhou Timely Trading",
                consignee="Shady Exports Ltd",
                waybill_number=WAYBILL,
            ),
        )
    if not Tip.objects.filter(identifiers=TIP_IDENTIFIERS).exists():
        tip_send(
            user=demo.holder1_user,
            data=TipInput(
                office_id=office.pk,
                recordal_id=lumiere.pk,
                subject="Weekly LCL shipments of fake LUMIÈRE straps from Shady Exports Ltd",
                identifiers=TIP_IDENTIFIERS,
                expected_arrival=today + timedelta(days=10),
                details="A former employee of the forwarder tells us of a shipment every Thursday.",
            ),
        )
    stdout.write("confirmations: a pending application for detention and a tip to the office")
