"""Every list, page and export of cases, items, bonds and statistics runs an exact number of queries,
the same however many rows there are and on every database."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from confirmations import services
from confirmations.models import (
    ConsigneeLink,
    DetentionRequest,
    Item,
    PenaltyDecision,
    Tip,
    WatchlistHit,
    WatchlistProposal,
)
from confirmations.tests.factories import GeneralBondFactory, file_case, item_input
from portal.tests.query_counts import assert_exact_queries
from portal.uploads import verify_image
from recordals.tests.factories import image_upload

# A deadline that crosses into the next calendar year reads that year's calendar too: counts are pinned to one instant.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


def _grow(cast, recordals, scene, size: int) -> None:
    """File a case of ``size`` LUMIÈRE items (one with a photo) and a NORDIK item; holder1 applies for detention of
    the first (the others stay pending), the officer releases the NORDIK item; holder1 adds a bond and a webhook."""
    photo = verify_image(image_upload("photo.jpg"))
    lots = [
        item_input(recordals.lumiere, description=f"Lot {n}", photos=[photo] if n == 0 else []) for n in range(size)
    ]
    case = file_case(cast.officer1, [*lots, item_input(recordals.nordik, description="Straps")])
    first, *_, nordik = case.items.order_by("pk")
    services.item_decide(user=cast.holder1_user, item_id=first.pk, decision="infringing", bond="case")
    services.item_decide(user=cast.holder2_user, item_id=nordik.pk, decision="not_infringing")
    services.item_release(officer=cast.officer1, item_id=nordik.pk)
    scene.number += 1
    GeneralBondFactory(holder=cast.holder1, reference=f"G-{scene.number}", submitted_by=cast.holder1_user)
    services.webhook_add(user=cast.holder1_user, url=f"https://hooks.example.com/{scene.number}")
    scene.case, scene.item, scene.released = case, Item.objects.get(pk=first.pk), nordik
    scene.application = scene.item.application
    _risk_rows(cast, case, scene.number)


def _risk_rows(cast, case, number: int) -> None:
    """Give every risk record's admin list one more row: a watched trader with an alias, its hit, a proposal,
    a penalty decision, a consignee link, a tip and an application for detention."""
    trader = services.watched_trader_add(
        actor=cast.admin,
        data=services.TraderInput(
            name=f"Trader {number}", aliases=[f"Alias {number}"], source="judgment", judgment_reference=f"J-{number}"
        ),
    )
    now, recordal = timezone.now(), case.items.first().recordal
    WatchlistHit.objects.create(
        case=case, role="consignor", kind="watchlist", trader=trader, matched_on="name", score=1.0,
        case_value=trader.name, case_key=trader.name_key, listed_value=trader.name, listed_key=trader.name_key,
    )  # fmt: skip
    WatchlistProposal.objects.create(case=case, role="consignee", name=f"Consignee {number}", created_at=now)
    PenaltyDecision.objects.create(
        case=case, recordal=recordal, number=f"P-{number}", decided_on=now.date(), trader_en="T", goods_en="G",
        penalty_en="Fine", right_type=recordal.right_type, recordal_number=recordal.number, mark="M",
        drafted_by=cast.admin,
    )  # fmt: skip
    ConsigneeLink.objects.create(
        case=case, role="consignee", name=f"Consignee {number}", email="c@example.com", language="en", salt="s",
        token_hash=f"{number:064}", created_by=cast.officer1, created_at=now,
    )  # fmt: skip
    Tip.objects.create(
        holder=cast.holder1, office=case.office, submitted_by=cast.holder1_user, subject=f"Tip {number}",
        details="Seen", submitted_at=now,
    )  # fmt: skip
    DetentionRequest.objects.create(
        holder=cast.holder1, recordal=recordal, office=case.office, submitted_by=cast.holder1_user, goods="Bags",
        quantity=1, expected_port="Shenzhen", expected_from=now.date(), expected_until=now.date(),
        evidence_summary="Copies", value=10, value_cny=10, bond_amount_cny=10, submitted_at=now, review_due=now,
    )  # fmt: skip


@pytest.fixture
def scene(cast, recordals):
    """Grow the scene by one case of the given size; return the scene (its latest case, item, application)."""
    made = SimpleNamespace(number=0)
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()

    def grow(size: int) -> SimpleNamespace:
        _grow(cast, recordals, made, size)
        return made

    return grow


PAGES = [
    ("holder1_user", lambda s: reverse("confirmations:inbox"), 6),
    ("agent_user", lambda s: reverse("confirmations:inbox"), 6),
    ("holder1_user", lambda s: reverse("confirmations:inbox") + "?status=pending", 6),
    ("officer1", lambda s: reverse("confirmations:case-list"), 3),
    ("admin", lambda s: reverse("confirmations:case-list"), 3),
    ("officer1", lambda s: reverse("confirmations:case-detail", args=[s.case.pk]), 11),
    ("holder1_user", lambda s: reverse("confirmations:case-detail", args=[s.case.pk]), 6),
    ("admin", lambda s: reverse("confirmations:case-detail", args=[s.case.pk]), 10),
    ("officer1", lambda s: reverse("confirmations:case-status", args=[s.case.pk]), 5),
    ("holder1_user", lambda s: reverse("confirmations:case-status", args=[s.case.pk]), 6),
    ("admin", lambda s: reverse("confirmations:case-status", args=[s.case.pk]), 5),
    ("officer1", lambda s: reverse("confirmations:case-export", args=[s.case.pk]), 10),
    ("admin", lambda s: reverse("confirmations:case-export", args=[s.case.pk]), 10),
    # No general bond read for a bond quote on the page of an item no longer awaiting the holder's decision.
    ("holder1_user", lambda s: reverse("confirmations:item-detail", args=[s.item.pk]), 2),
    ("officer1", lambda s: reverse("confirmations:item-detail", args=[s.item.pk]), 2),
    ("officer1", lambda s: reverse("confirmations:item-notice", args=[s.released.pk]), 4),
    ("holder1_user", lambda s: reverse("confirmations:application-receipt", args=[s.application.pk]), 5),
    ("admin", lambda s: reverse("confirmations:bonds"), 3),
    ("holder1_user", lambda s: reverse("confirmations:bonds"), 4),
    ("holder1_user", lambda s: reverse("confirmations:webhooks"), 5),
    ("admin", lambda s: reverse("confirmations:stats"), 6),
    ("officer1", lambda s: reverse("confirmations:stats"), 5),
    ("holder1_user", lambda s: reverse("confirmations:stats"), 6),
]
API = [
    ("officer1", lambda s: "/api/cases/", 4),
    ("admin", lambda s: "/api/cases/", 4),
    ("officer1", lambda s: f"/api/cases/{s.case.pk}/", 4),
    ("holder1_user", lambda s: "/api/items/", 3),
    ("agent_user", lambda s: "/api/items/", 3),
    ("officer1", lambda s: "/api/items/", 3),
    ("holder1_user", lambda s: f"/api/items/{s.item.pk}/", 3),
    ("holder1_user", lambda s: "/api/applications/", 4),
    ("officer1", lambda s: "/api/applications/", 4),
    ("holder1_user", lambda s: f"/api/applications/{s.application.pk}/", 3),
    ("admin", lambda s: "/api/bonds/", 3),
    ("holder1_user", lambda s: "/api/bonds/", 3),
    ("holder1_user", lambda s: "/api/webhooks/", 3),
    ("admin", lambda s: "/api/stats/", 5),
]
ADMIN = [
    ("admin", lambda s: "/admin/confirmations/case/", 5),
    ("admin", lambda s: "/admin/confirmations/item/", 4),
    ("admin", lambda s: "/admin/confirmations/caseevent/", 5),
    ("admin", lambda s: "/admin/confirmations/evidencehead/", 4),
    ("admin", lambda s: "/admin/confirmations/generalbond/", 5),
    ("admin", lambda s: "/admin/confirmations/generalbondevent/", 5),
    ("admin", lambda s: "/admin/confirmations/detentionapplication/", 4),
    ("admin", lambda s: "/admin/confirmations/bondinstructions/", 4),
    ("admin", lambda s: "/admin/confirmations/watchedtrader/", 4),
    ("admin", lambda s: "/admin/confirmations/watchlisthit/", 4),
    ("admin", lambda s: "/admin/confirmations/watchlistproposal/", 4),
    ("admin", lambda s: "/admin/confirmations/penaltydecision/", 4),
    ("admin", lambda s: "/admin/confirmations/consigneelink/", 4),
    ("admin", lambda s: "/admin/confirmations/detentionrequest/", 5),
    ("admin", lambda s: "/admin/confirmations/tip/", 5),
]


def _name(row) -> str:
    who, url, _expected = row
    made = SimpleNamespace(case=SimpleNamespace(pk=1), item=SimpleNamespace(pk=1))
    made.released = made.application = made.item
    return f"{who}-{url(made)}"


@pytest.mark.parametrize(("who", "url", "expected"), PAGES + API + ADMIN, ids=map(_name, PAGES + API + ADMIN))
def test_queries_are_exact_and_do_not_grow_with_rows(
    client, cast, scene, django_assert_num_queries, who, url, expected
):
    client.force_login(getattr(cast, who))
    assert_exact_queries(client, url(scene(2)), expected, django_assert_num_queries)
    scene(3)
    assert_exact_queries(client, url(scene(4)), expected, django_assert_num_queries)
