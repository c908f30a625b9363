"""Every filed case is matched, fuzzily, against the watchlist and every recordal's known infringers."""

import pytest
from django.db import connection
from django.utils import timezone

from confirmations import services
from confirmations.models import CaseParty, WatchedTrader, WatchlistHit
from confirmations.screening import MATCH_THRESHOLD, name_similarity
from confirmations.tests.factories import file_case, item_input
from portal.traders import trader_identifier_key, trader_name_key
from recordals.models import Recordal
from recordals.tests.factories import recordal_in_force

pytestmark = pytest.mark.django_db


def watch(admin, name, *, aliases=(), identifier="", source="judgment", **fields):
    return services.watched_trader_add(
        actor=admin,
        data=services.TraderInput(
            name=name,
            aliases=list(aliases),
            identifier=identifier,
            source=source,
            judgment_reference=fields.pop("judgment_reference", "(2025) Hu 73 Min Chu 101"),
            **fields,
        ),
    )


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Guangzhou Shiguang Trading Co., Ltd.", "guangzhou shiguang trading"),
        ("GUANGZHOU SHIGUANG TRADING CO LTD", "guangzhou shiguang trading"),
        ("guangzhou-shiguang  trading (co. limited)", "guangzhou shiguang trading"),
        ("Müller GmbH & Co. KG", "muller"),
        ("Acme S.A.", "acme"),
        ("Société Générale S.à r.l.", "societe generale"),
        ("Shady Exports L.L.C.", "shady exports"),
        ("ＡＣＭＥ　Inc.", "acme"),
        ("广州时光贸易有限公司", "广州时光贸易"),
        ("深圳星光股份有限公司", "深圳星光"),
        ("Limited", "limited"),
        ("Trading Company", "trading"),
    ],
)
def test_names_compare_without_case_punctuation_or_legal_form(name, key):
    assert trader_name_key(name) == key


def test_identifiers_compare_in_capitals_and_digits_only():
    assert trader_identifier_key(" 91440101-ma5x 3ab1.2c ") == "91440101MA5X3AB12C"


@pytest.mark.parametrize(
    "filed_as",
    ["SHADY EXPORTS CO., LTD.", "shady exports limited", "Shady-Exports, Ltd", "Shady Exprts Co Ltd"],
)
def test_watched_name_matches_whatever_its_case_punctuation_or_legal_form(cast, recordals, filed_as):
    trader = watch(cast.admin, "Shady Exports Co., Ltd.")
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor=filed_as)
    hit = case.watchlist_hits.get(kind=WatchlistHit.Kind.WATCHLIST)
    assert (hit.trader, hit.role, hit.matched_on) == (trader, "consignor", "name")
    assert hit.case_key == trader_name_key(filed_as) and hit.listed_key == "shady exports"
    assert hit.score >= MATCH_THRESHOLD


def test_transliterated_alias_matches_a_trader_listed_under_its_chinese_name(cast, recordals):
    trader = watch(cast.admin, "广州时光贸易有限公司", aliases=["Guangzhou Shiguang Trading Co., Ltd."])
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignee="GUANGZHOU SHIGUANG TRADING CO. LTD")
    hit = case.watchlist_hits.get()
    assert (hit.trader, hit.role, hit.matched_on, hit.score) == (trader, "consignee", "alias", 1.0)
    assert hit.listed_value == "Guangzhou Shiguang Trading Co., Ltd."
    assert "Guangzhou Shiguang Trading Co., Ltd." in hit.reason() and "guangzhou shiguang trading" in hit.reason()


def test_chinese_name_matches_the_trader_itself(cast, recordals):
    trader = watch(cast.admin, "广州时光贸易有限公司", aliases=["Guangzhou Shiguang Trading"])
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor="广州时光贸易 有限公司")
    assert list(case.watchlist_hits.values_list("trader", "matched_on")) == [(trader.pk, "name")]


def test_identifier_matches_exactly_whatever_the_name(cast, recordals):
    trader = watch(cast.admin, "Shady Exports", identifier="91440101-MA5X3AB12C")
    shipment = {"consignor": "Bright Star Logistics", "consignor_identifier": "91440101ma5x3ab12c"}
    case = file_case(cast.officer1, [item_input(recordals.nordik)], **shipment)
    hit = case.watchlist_hits.get()
    assert (hit.trader, hit.matched_on, hit.case_key) == (trader, "identifier", "91440101MA5X3AB12C")
    near = {"consignor": "Bright Star Logistics", "consignor_identifier": "91440101MA5X3AB12D"}
    assert not file_case(cast.officer1, [item_input(recordals.nordik)], **near).watchlist_hits.exists()


@pytest.mark.parametrize(
    ("one", "other", "alike"),
    [
        ("shady exports", "shady exprts", True),
        ("bright star", "bright star", True),
        ("shiguang", "shiguang", True),
        ("广州时光贸易", "广州时光贸", True),
        ("bakoza", "bale", False),
        ("acme", "acne studios", False),
        ("bright star", "bright moon", False),
    ],
)
def test_distinctive_words_decide_likeness(one, other, alike):
    assert (name_similarity(one, other) >= MATCH_THRESHOLD) is alike


def test_shared_places_and_trades_do_not_make_traders_alike(cast, recordals):
    watch(cast.admin, "Yiwu Bakoza Garments Co., Ltd.")
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor="YIWU BALE GARMENTS CO LTD")
    assert not case.watchlist_hits.exists()


def test_unrelated_or_merely_similar_short_names_do_not_match(cast, recordals):
    watch(cast.admin, "Acme Trading Co., Ltd.")
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor="Acne Studios", consignee="Jean Dupont")
    assert not case.watchlist_hits.exists()


def test_a_deactivated_trader_no_longer_matches(cast, recordals):
    trader = watch(cast.admin, "Shady Exports Co., Ltd.")
    services.watched_trader_deactivate(actor=cast.admin, trader_id=trader.pk, reason="Court quashed the judgment")
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor="Shady Exports")
    assert not case.watchlist_hits.filter(kind=WatchlistHit.Kind.WATCHLIST).exists()
    assert WatchedTrader.objects.filter(pk=trader.pk).exists()


def test_known_infringer_of_any_recordal_in_force_matches_but_flags_only_its_own_recordals_item(cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor="SHADY EXPORTS CO LTD")
    hit = case.watchlist_hits.get()
    assert (hit.kind, hit.recordal, hit.listed_value) == ("known_infringer", recordals.lumiere, "Shady Exports Ltd")
    item = case.items.get()
    assert not item.flagged_infringer and item.flag_reason == ""


def test_known_infringer_of_an_expired_recordal_does_not_match(cast, recordals):
    Recordal.objects.filter(pk=recordals.lumiere.pk).update(status=Recordal.Status.EXPIRED)
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor="Shady Exports Ltd")
    assert not case.watchlist_hits.exists()


def test_known_infringer_of_the_items_own_recordal_flags_the_item_fuzzily(cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.lumiere)], consignee="Shady Exports Limited")
    item = case.items.get()
    assert item.flagged_infringer and "Shady Exports Ltd" in item.flag_reason
    assert case.watchlist_hits.get().recordal == recordals.lumiere


def test_one_hit_per_party_and_source_identifier_first(cast, recordals):
    trader = watch(cast.admin, "Shady Exports", aliases=["Shady Exports Ltd"], identifier="USCC-1")
    case = file_case(
        cast.officer1,
        [item_input(recordals.nordik)],
        consignor="Shady Exports Co",
        consignor_identifier="uscc 1",
    )
    hits = list(case.watchlist_hits.order_by("kind"))
    assert [(h.kind, h.matched_on) for h in hits] == [("known_infringer", "name"), ("watchlist", "identifier")]
    assert hits[1].trader == trader


def test_filing_records_both_parties_in_comparable_form(cast, recordals):
    case = file_case(
        cast.officer1,
        [item_input(recordals.nordik)],
        consignor="Bright Star Co., Ltd.",
        consignee="",
        consignee_identifier="FR 123 456",
    )
    parties = {p.role: (p.name_key, p.identifier_key) for p in CaseParty.objects.filter(case=case)}
    assert parties == {"consignor": ("bright star", ""), "consignee": ("", "FR123456")}


def test_match_runs_a_fixed_number_of_queries(cast, recordals, django_assert_num_queries):
    for n in range(5):
        watch(cast.admin, f"Trader {n} Co Ltd", aliases=[f"Alias {n}"])
        recordal_in_force(cast.holder2, title=f"MARK {n}", infringers=[f"Infringer {n} Ltd"])
    from confirmations.screening import case_parties, matches_for
    from portal.workdays.calendar import local_date

    parties = case_parties({"consignor": "Trader 3 Co", "consignee": "Infringer 4", "consignee_identifier": "X1"})
    with django_assert_num_queries(4 + 2 * (connection.vendor == "postgresql")):
        hits = matches_for(parties, today=local_date(timezone.now()))
    assert {(h.role, h.kind) for h in hits} == {("consignor", "watchlist"), ("consignee", "known_infringer")}
