"""A confirmed infringement proposes the case's consignor and consignee; an administrator lists or dismisses them."""

import pytest
from django.core.exceptions import PermissionDenied

from confirmations import services
from confirmations.models import (
    WatchedTrader,
    WatchlistProposal,
    WatchlistProposalEvent,
)
from confirmations.tests.factories import file_case, item_input

pytestmark = pytest.mark.django_db


def detained_case(cast, recordals, **parties):
    case = file_case(
        cast.officer1,
        [item_input(recordals.nordik), item_input(recordals.nordik, description="Straps")],
        consignor="Bright Star Trading Co., Ltd.",
        consignor_identifier="91440300MA5F00001X",
        consignee="Jean Dupont",
        **parties,
    )
    for item in case.items.all():
        services.item_decide(user=cast.holder2_user, item_id=item.pk, decision="infringing", bond="case")
        services.item_case_bond_receive(officer=cast.officer1, item_id=item.pk)
        services.item_detain(officer=cast.officer1, item_id=item.pk)
    return case


def confirm(cast, item, result="confirmed"):
    return services.item_investigation_record(officer=cast.officer1, item_id=item.pk, result=result)


def test_confirmed_infringement_proposes_both_parties_once(cast, recordals):
    case = detained_case(cast, recordals)
    first, second = case.items.order_by("pk")
    confirm(cast, first)
    confirm(cast, second)
    proposals = {p.role: p for p in WatchlistProposal.objects.filter(case=case)}
    assert set(proposals) == {"consignor", "consignee"}
    consignor = proposals["consignor"]
    assert (consignor.name, consignor.country, consignor.identifier) == (
        "Bright Star Trading Co., Ltd.",
        "CN",
        "91440300MA5F00001X",
    )
    assert consignor.status == "pending"
    assert WatchlistProposalEvent.objects.filter(proposal=consignor, action="proposed").count() == 1


def test_infringement_not_confirmed_proposes_nobody(cast, recordals):
    case = detained_case(cast, recordals)
    confirm(cast, case.items.first(), result="not_confirmed")
    assert not WatchlistProposal.objects.exists()


def test_a_party_already_watched_under_its_name_is_not_proposed(cast, recordals):
    services.watched_trader_add(
        actor=cast.admin,
        data=services.TraderInput(name="BRIGHT STAR TRADING LTD", source="judgment", judgment_reference="J-1"),
    )
    case = detained_case(cast, recordals)
    confirm(cast, case.items.first())
    assert list(WatchlistProposal.objects.values_list("role", flat=True)) == ["consignee"]


def test_a_party_already_watched_under_its_registration_number_is_not_proposed(cast, recordals):
    services.watched_trader_add(
        actor=cast.admin,
        data=services.TraderInput(
            name="Shining Star Export", identifier="91440300 ma5f00001x", source="judgment", judgment_reference="J-1"
        ),
    )
    case = detained_case(cast, recordals)
    confirm(cast, case.items.first())
    assert list(WatchlistProposal.objects.values_list("role", flat=True)) == ["consignee"]


def test_a_party_whose_registration_number_is_only_on_a_deactivated_trader_is_proposed(cast, recordals):
    trader = services.watched_trader_add(
        actor=cast.admin,
        data=services.TraderInput(
            name="Shining Star Export", identifier="91440300MA5F00001X", source="judgment", judgment_reference="J-1"
        ),
    )
    services.watched_trader_deactivate(actor=cast.admin, trader_id=trader.pk, reason="Judgment quashed")
    case = detained_case(cast, recordals)
    confirm(cast, case.items.first())
    assert sorted(WatchlistProposal.objects.values_list("role", flat=True)) == ["consignee", "consignor"]


def test_a_party_without_registration_number_is_not_skipped_for_traders_without_one(cast, recordals):
    services.watched_trader_add(
        actor=cast.admin, data=services.TraderInput(name="Someone Else", source="judgment", judgment_reference="J-2")
    )
    case = detained_case(cast, recordals)
    confirm(cast, case.items.first())
    assert sorted(WatchlistProposal.objects.values_list("role", flat=True)) == ["consignee", "consignor"]


def test_accepting_lists_the_trader_with_the_case_as_source_in_one_step(cast, recordals):
    case = detained_case(cast, recordals)
    confirm(cast, case.items.first())
    proposal = WatchlistProposal.objects.get(role="consignor")
    trader = services.watchlist_proposal_accept(actor=cast.admin, proposal_id=proposal.pk)
    assert (trader.source, trader.source_case, trader.identifier_key) == ("case", case, "91440300MA5F00001X")
    assert trader.events.get().action == "listed"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.trader, proposal.decided_by) == ("accepted", trader, cast.admin)
    assert list(proposal.events.values_list("action", flat=True)) == ["proposed", "accepted"]


def test_a_proposal_is_decided_only_once(cast, recordals):
    case = detained_case(cast, recordals)
    confirm(cast, case.items.first())
    proposal = WatchlistProposal.objects.get(role="consignee")
    services.watchlist_proposal_dismiss(actor=cast.admin, proposal_id=proposal.pk, reason="A private person")
    with pytest.raises(services.Conflict):
        services.watchlist_proposal_dismiss(actor=cast.admin, proposal_id=proposal.pk)
    with pytest.raises(services.Conflict):
        services.watchlist_proposal_accept(actor=cast.admin, proposal_id=proposal.pk)
    assert not WatchedTrader.objects.exists()
    assert proposal.events.get(action="dismissed").reason == "A private person"


@pytest.mark.parametrize("who", ["officer1", "holder2_user", "agent_user"])
def test_only_administrators_decide_proposals(cast, recordals, who):
    case = detained_case(cast, recordals)
    confirm(cast, case.items.first())
    proposal = WatchlistProposal.objects.get(role="consignor")
    with pytest.raises(PermissionDenied):
        services.watchlist_proposal_accept(actor=getattr(cast, who), proposal_id=proposal.pk)
    with pytest.raises(PermissionDenied):
        services.watchlist_proposal_dismiss(actor=getattr(cast, who), proposal_id=proposal.pk)
    assert WatchlistProposal.objects.get(pk=proposal.pk).status == "pending"
