"""The risk, penalty, request and tip lists, the figures and the evidence seal run an exact number of queries, the
same for 3 rows as for 30 and on every database."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from confirmations import services
from confirmations.evidence import evidence_seal
from confirmations.models import (
    BondInstructions,
    BondInstructionsEvent,
    ExchangeRate,
    ExchangeRateEvent,
    PenaltyDecision,
    WatchlistHit,
    WatchlistProposal,
)
from confirmations.tests.factories import file_case, item_input
from confirmations.tests.request_factories import send_tip, submit_request
from portal.audit import audit_write
from portal.tests.factories import OfficeFactory, member_of
from portal.tests.query_counts import assert_exact_queries, make_superuser

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


def _case_with_risk_rows(cast, recordals, reviewer, number: int):
    """File a case and give it a watched trader with an alias, its hit, a proposal and a published penalty."""
    case = file_case(cast.officer1, [item_input(recordals.lumiere, description=f"Lot {number}")])
    trader = services.watched_trader_add(
        actor=cast.admin,
        data=services.TraderInput(
            name=f"Trader {number}", aliases=[f"Alias {number}"], source="judgment", judgment_reference=f"J-{number}"
        ),
    )
    now, recordal = timezone.now(), recordals.lumiere
    WatchlistHit.objects.create(
        case=case, role="consignor", kind="watchlist", trader=trader, matched_on="name", score=1.0,
        case_value=trader.name, case_key=trader.name_key, listed_value=trader.name, listed_key=trader.name_key,
    )  # fmt: skip
    WatchlistProposal.objects.create(case=case, role="consignee", name=f"Consignee {number}", created_at=now)
    PenaltyDecision.objects.create(
        case=case, recordal=recordal, number=f"P-{number}", decided_on=now.date(), trader_en="T", goods_en="G",
        penalty_en="Fine", right_type=recordal.right_type, recordal_number=recordal.number, mark="M",
        drafted_by=cast.admin, reviewed_by=reviewer, status="published", published_at=now,
    )  # fmt: skip
    return case


def _reference_rows(cast, number: int) -> None:
    """State an exchange rate and an office's bond instructions, recording their events."""
    valid_from = date(2030, 1, 1) + timedelta(days=number)
    ExchangeRate.objects.create(currency="USD", rate_to_cny="7.1", valid_from=valid_from)
    audit_write(ExchangeRateEvent, actor=cast.admin, action="added", currency="USD", valid_from=valid_from)
    office = OfficeFactory(district=cast.office1.district)
    BondInstructions.objects.create(office=office, payee=f"Payee {number}", bank="Bank", account=f"62{number:04}")
    audit_write(BondInstructionsEvent, actor=cast.admin, action="added", office=office)


@pytest.fixture
def scene(cast, recordals):
    """Grow the scene by ``size`` cases with their risk rows, detention requests and tips of holder1, and seal."""
    made = SimpleNamespace(number=0)
    make_superuser(cast.admin)
    reviewer = member_of(cast.admin_dept, username="t-reviewer")

    def grow(size: int) -> SimpleNamespace:
        for _ in range(size):
            made.number += 1
            made.case = _case_with_risk_rows(cast, recordals, reviewer, made.number)
            made.request = submit_request(cast.holder1_user, recordals.lumiere, cast.office1)
            made.tip = send_tip(cast.holder1_user, cast.office1, subject=f"Tip {made.number}")
            _reference_rows(cast, made.number)
        made.trader = made.case.watchlist_hits.get().trader
        made.penalty = made.case.penalty_decisions.get()
        evidence_seal(day=timezone.localdate() + timedelta(days=made.number))
        return made

    return grow


PAGES = [
    ("admin", lambda s: reverse("confirmations:watchlist"), 3),
    ("admin", lambda s: reverse("confirmations:watchlist-proposals"), 2),
    ("admin", lambda s: reverse("confirmations:watchlist-detail", args=[s.trader.pk]), 5),
    ("admin", lambda s: reverse("confirmations:penalty-manage"), 4),
    ("admin", lambda s: reverse("confirmations:penalty-manage-detail", args=[s.penalty.pk]), 3),
    (None, lambda s: reverse("confirmations:penalty-public-list"), 2),
    (None, lambda s: reverse("confirmations:penalty-public-detail", args=[s.penalty.pk]), 1),
    ("holder1_user", lambda s: reverse("confirmations:request-list"), 5),
    ("officer1", lambda s: reverse("confirmations:request-list"), 3),
    ("holder1_user", lambda s: reverse("confirmations:request-detail", args=[s.request.pk]), 6),
    ("holder1_user", lambda s: reverse("confirmations:tip-list"), 4),
    ("officer1", lambda s: reverse("confirmations:tip-list"), 3),
    ("officer1", lambda s: reverse("confirmations:tip-detail", args=[s.tip.pk]), 3),
    ("admin", lambda s: reverse("confirmations:risk-figures"), 6),
    ("admin", lambda s: reverse("confirmations:service-figures"), 3),
    ("officer1", lambda s: reverse("confirmations:consignee-record", args=[s.case.pk]), 2),
    ("admin", lambda s: reverse("confirmations:evidence-seal"), 2),
]
API = [
    (None, lambda s: "/api/penalties/", 2),
    ("admin", lambda s: "/api/penalty-decisions/", 3),
    ("admin", lambda s: "/api/watchlist/", 3),
    ("admin", lambda s: "/api/watchlist-proposals/", 2),
    ("holder1_user", lambda s: "/api/detention-requests/", 5),
    ("officer1", lambda s: "/api/detention-requests/", 5),
    ("holder1_user", lambda s: "/api/tips/", 3),
    ("officer1", lambda s: "/api/tips/", 3),
    ("admin", lambda s: "/api/stats/risk/", 6),
    ("admin", lambda s: "/api/stats/holders/", 3),
]
ADMIN = [
    ("admin", lambda s: "/admin/confirmations/evidenceseal/", 4),
    ("admin", lambda s: "/admin/confirmations/exchangerate/", 4),
    ("admin", lambda s: "/admin/confirmations/exchangerateevent/", 6),
    ("admin", lambda s: "/admin/confirmations/bondinstructions/", 4),
    ("admin", lambda s: "/admin/confirmations/bondinstructionsevent/", 5),
]
ROWS = PAGES + API + ADMIN


def _name(row) -> str:
    who, url, _expected = row
    made = SimpleNamespace(case=SimpleNamespace(pk=1))
    made.trader = made.penalty = made.request = made.tip = made.case
    return f"{who or 'public'}-{url(made)}"


@pytest.mark.parametrize(("who", "url", "expected"), ROWS, ids=map(_name, ROWS))
def test_queries_are_exact_and_the_same_for_three_rows_as_for_thirty(
    client, cast, scene, django_assert_num_queries, who, url, expected
):
    if who:
        client.force_login(getattr(cast, who))
    assert_exact_queries(client, url(scene(3)), expected, django_assert_num_queries)
    assert_exact_queries(client, url(scene(27)), expected, django_assert_num_queries)
