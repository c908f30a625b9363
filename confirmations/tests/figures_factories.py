"""Cases filed at chosen instants and items settled in chosen outcomes, for the figures' hand-counted fixtures."""

from datetime import datetime, timedelta

import time_machine

from confirmations.models import Item
from confirmations.tests.factories import file_case, item_input
from recordals.models import Goods

S = Item.Status
D = Item.Decision


def goods_lines(recordal, *codes: str) -> None:
    """Give the recordal genuine-goods lines with these HS codes, in order."""
    Goods.objects.bulk_create(
        [Goods(recordal=recordal, name=f"Line {n}", hs_code=code) for n, code in enumerate(codes)]
    )


def file_at(instant: str, officer, recordals, *, hs_codes=(), **shipment):
    """File a case (one item per recordal, with the HS codes given in order) at an instant such as
    ``2026-03-05 10:00:00 +08:00``."""
    shipment.setdefault("waybill_number", f"WB{datetime.fromisoformat(instant).strftime('%m%d%H%M%S')}")
    codes = [*hs_codes, *[""] * (len(recordals) - len(hs_codes))]
    with time_machine.travel(instant, tick=False):
        items = [item_input(r, description=f"Goods {n}", hs_code=codes[n]) for n, r in enumerate(recordals)]
        case = file_case(officer, items, **shipment)
    return case, list(case.items.order_by("pk"))


def settle(item: Item, status: str, *, decision: str = "", answered_after: timedelta | None = None) -> None:
    """Put an item in an outcome directly (the figures read outcomes, not how they came about)."""
    fields = {"status": status, "decision": decision}
    if answered_after is not None:
        fields["decided_at"] = item.notified_at + answered_after
    if decision == D.INFRINGING:
        fields["bond_kind"] = Item.Bond.CASE
    Item.objects.filter(pk=item.pk).update(**fields)
