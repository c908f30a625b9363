"""The demo shows a watchlist hit by a transliterated alias and a repeat trader across two offices."""

import io
from types import SimpleNamespace

import pytest

from confirmations import demo, demo_watchlist
from confirmations.models import Case, WatchedTrader
from confirmations.repeat_traders import repeat_traders
from recordals.tests.factories import recordal_in_force

pytestmark = pytest.mark.django_db


def test_demo_shows_a_watchlist_hit_and_a_repeat_trader_across_two_offices_idempotently(cast):
    namespace = SimpleNamespace(
        officer1=cast.officer1,
        officer2=cast.officer2,
        holder1=cast.holder1,
        holder1_user=cast.holder1_user,
        holder2_user=cast.holder2_user,
        admin=cast.admin,
        recordals={
            "lumiere": recordal_in_force(cast.holder1, title="LUMIÈRE"),
            "lumiere_paris": recordal_in_force(cast.holder1, title="LUMIÈRE PARIS"),
            "nordik": recordal_in_force(cast.holder2, title="NORDIK"),
        },
    )
    demo.seed(namespace, stdout=io.StringIO())
    for _ in range(2):
        demo_watchlist.seed(namespace, stdout=io.StringIO())
    assert WatchedTrader.objects.count() == 1
    case = Case.objects.get(waybill_number=demo_watchlist.WAYBILL)
    hit = case.watchlist_hits.get(kind="watchlist")
    assert (hit.role, hit.matched_on, hit.score) == ("consignor", "alias", 1.0)
    consignee = next(r for r in repeat_traders(user=cast.officer2, case=case) if r.party.role == "consignee")
    assert (consignee.cases, consignee.elsewhere, consignee.linked) == (1, 1, [])
    assert case.office == cast.office2


def test_watchlist_demo_skips_without_recordals():
    out = io.StringIO()
    demo_watchlist.seed(SimpleNamespace(), stdout=out)
    assert "skipped" in out.getvalue()
