"""A confirmed case with a published and a draft penalty decision, for the pages of figures and penalties."""

from datetime import date

from confirmations.models import Item
from confirmations.services import penalties
from confirmations.tests.factories import file_case, item_input
from portal.tests.factories import member_of


def penalty_text(number: str) -> penalties.PenaltyText:
    return penalties.PenaltyText(
        number=number,
        decided_on=date(2026, 3, 9),
        trader_en="Shady Exports Ltd, a company with a rather long registered name",
        trader_zh="阴影出口有限公司",
        goods_en="Counterfeit wristwatches bearing the LUMIÈRE mark × 120",
        goods_zh="带有 LUMIÈRE 商标的假冒手表 120 只",
        penalty_en="The goods are confiscated and destroyed; a fine of 60,000 CNY.",
        penalty_zh="没收并销毁侵权货物，罚款人民币 60,000 元。",
    )


def figures_scene(cast, recordal) -> dict:
    """Return the published decision, a draft one and the confirmed case."""
    case = file_case(cast.officer1, [item_input(recordal)], waybill_number="EX-CONFIRMED-0001", consignor_country="VN")
    Item.objects.filter(case=case).update(status=Item.Status.CONFIRMED)
    reviewer = member_of(cast.admin_dept, username="t-admin2")
    published = penalties.penalty_draft(
        admin=cast.admin, case_id=case.pk, recordal_id=recordal.pk, text=penalty_text("SH-IPR-2026-0001")
    )
    penalties.penalty_review(admin=reviewer, decision_id=published.pk)
    penalties.penalty_publish(admin=cast.admin, decision_id=published.pk)
    draft = penalties.penalty_draft(
        admin=reviewer, case_id=case.pk, recordal_id=recordal.pk, text=penalty_text("SH-IPR-2026-0002")
    )
    return {"confirmed_case": case, "penalty": published, "penalty_draft": draft}


def figures_pages(scene) -> list[tuple]:
    """Return (role, name, path) for the figures and penalty pages."""
    penalty, draft, case = scene["penalty"], scene["penalty_draft"], scene["confirmed_case"]
    return [
        (None, "penalties-public", "/penalties/?q=LUMIÈRE"),
        (None, "penalty-public", f"/penalties/{penalty.pk}/"),
        ("holder1_user", "service-figures-holder", "/statistics/holders/"),
        ("officer1", "risk-figures-officer", "/statistics/risk/"),
        ("admin", "risk-figures", "/statistics/risk/"),
        ("admin", "service-figures", "/statistics/holders/"),
        ("admin", "penalty-desk", "/penalties/manage/"),
        ("admin", "penalty-new", f"/penalties/manage/new/{case.pk}/"),
        ("admin", "penalty-draft", f"/penalties/manage/{draft.pk}/"),
        ("admin", "penalty-review", f"/penalties/manage/{draft.pk}/review/"),
        ("admin", "penalty-withdraw", f"/penalties/manage/{penalty.pk}/withdraw/"),
    ]
