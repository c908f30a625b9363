"""Demo risk intelligence: a watched trader with a transliterated alias, a case at the second office that
matches it, and a consignee already seen at the first office (a repeat trader across two offices)."""

from decimal import Decimal

from confirmations import services
from confirmations.demo_texts import bilingual
from confirmations.models import Case, WatchedTrader
from portal.traders import trader_name_key

WAYBILL = "DEMO-WATCH-011"


def seed(demo, *, stdout) -> None:
    """List a watched trader and file the matching case at Pudong Airport (idempotent)."""
    recordals = getattr(demo, "recordals", None) or {}
    if "nordik" not in recordals or not hasattr(demo, "officer2"):
        stdout.write("(watchlist demo skipped: no demo recordals or second office)")
        return
    trader = WatchedTrader.objects.filter(name_key=trader_name_key("广州时光贸易有限公司")).first()
    if trader is None:
        trader = services.watched_trader_add(
            actor=demo.admin,
            data=services.TraderInput(
                name="广州时光贸易有限公司",
                aliases=["Guangzhou Shiguang Trading Co., Ltd."],
                country="CN",
                address="广州市白云区机场路 88 号",
                identifier="91440111MA5C8K2L3X",
                source=WatchedTrader.Source.JUDGMENT,
                judgment_reference="(2025) Yue 73 Min Chu 1234, Guangzhou IP Court",
                notes="Counterfeit watches shipped under varying English names.",
            ),
        )
    if not Case.objects.filter(waybill_number=WAYBILL).exists():
        services.case_file(
            officer=demo.officer2,
            shipment={
                "channel": "air",
                "direction": "export",
                "waybill_number": WAYBILL,
                "consignor": "GUANGZHOU SHIGUANG TRADING CO LTD",
                "consignor_country": "CN",
                "consignee": "Shady Exports Ltd.",
                "consignee_country": "HK",
                "declared_goods": bilingual("watch parts"),
                "currency": "CNY",
            },
            items=[
                services.ItemInput(
                    recordal_id=recordals["nordik"].pk,
                    description=bilingual("Watch movements marked NORDIK"),
                    hs_code="9108.11",
                    quantity=300,
                    value=Decimal("45000.00"),
                )
            ],
        )
    stdout.write(f"watchlist: {trader.name} watched; case {WAYBILL} at {demo.officer2.organization} matches it")
