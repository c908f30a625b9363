"""Demo data for the risk and service figures and a published penalty decision (idempotent)."""

from datetime import timedelta

from django.utils import timezone

from confirmations import services
from confirmations.demo import detain_and_investigate, file_case
from confirmations.models import Case, Item
from confirmations.penalty_models import PenaltyDecision
from confirmations.services import penalties

PENALTY_NUMBER = "SH-IPR-2026-0001"
# Waybill, recordal key, goods, channel, consignor, origin, minutes the holder took to answer, outcome.
RISK_CASES = [
    ("DEMO-RISK-011", "lumiere", "Diver watches", "sea", "Saigon Time Export Co", "VN", 25, Item.Status.CONFIRMED),
    ("DEMO-RISK-012", "nordik", "Watch boxes", "air", "Anatolia Cargo Ltd", "TR", 190, "not_infringing"),
    ("DEMO-RISK-013", "lumiere_paris", "Tote bags", "express", "Kowloon Bag Trading", "HK", 50, Item.Status.CONFIRMED),
    ("DEMO-RISK-014", "nordik", "Smart watches", "ecommerce", "Kowloon Bag Trading", "HK", 1500, "not_infringing"),
]


def _answer(demo, case: Case, *, outcome: str, minutes: int) -> None:
    """Answer the case's item as its holder would, then date its notice back so the answer took ``minutes``."""
    item = case.items.get()
    if outcome == Item.Status.CONFIRMED:
        item = detain_and_investigate(demo, case, result=Item.Status.CONFIRMED)
    else:
        item = services.item_decide(user=demo.holder2_user, item_id=item.pk, decision=outcome, comment="Genuine goods.")
        services.item_release(officer=demo.officer1, item_id=item.pk)
    Item.objects.filter(pk=item.pk).update(notified_at=item.decided_at - timedelta(minutes=minutes))


def _publish_penalty(demo) -> bool:
    if PenaltyDecision.objects.filter(number=PENALTY_NUMBER).exists():
        return False
    case = Case.objects.filter(waybill_number="DEMO-RESULT-006").first()
    item = case and case.items.filter(status=Item.Status.CONFIRMED).first()
    if item is None:
        return False
    text = penalties.PenaltyText(
        number=PENALTY_NUMBER,
        decided_on=timezone.localdate(),
        trader_en="Guangzhou Timely Trading Co., Ltd.",
        trader_zh="广州准时贸易有限公司",
        goods_en="200 watches bearing the LUMIÈRE mark",
        goods_zh="带有 LUMIÈRE 商标的手表 200 只",
        penalty_en="The infringing goods are confiscated and destroyed; a fine of 50,000 CNY.",
        penalty_zh="没收并销毁侵权货物，处罚款人民币 50,000 元。",
    )
    decision = penalties.penalty_draft(admin=demo.admin, case_id=case.pk, recordal_id=item.recordal_id, text=text)
    penalties.penalty_review(admin=demo.admin2, decision_id=decision.pk)
    penalties.penalty_publish(admin=demo.admin, decision_id=decision.pk)
    return True


def seed(demo, *, stdout) -> None:
    """Cases from several origins with answers of different speeds, and one published penalty decision."""
    recordals = getattr(demo, "recordals", None) or {}
    if not all(key in recordals for key in ("lumiere", "lumiere_paris", "nordik")):
        stdout.write("(figures demo skipped: the recordals seeder set no demo recordals)")
        return
    created = 0
    for waybill, key, goods, channel, consignor, origin, minutes, outcome in RISK_CASES:
        case, new = file_case(
            demo,
            waybill,
            [(recordals[key], goods, 20, "12000.00", (70, 70, 110))],
            channel=channel,
            consignor=consignor,
            consignor_country=origin,
        )
        if new:
            _answer(demo, case, outcome=outcome, minutes=minutes)
            created += 1
    state = "published" if _publish_penalty(demo) else "already published"
    stdout.write(f"figures: {created} demo cases created; penalty decision {PENALTY_NUMBER} {state}")
