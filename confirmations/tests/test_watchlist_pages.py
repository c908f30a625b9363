"""The administrators' watchlist pages, and the officer's case page showing why a party matched."""

import pytest

from confirmations import services
from confirmations.models import WatchedTrader, WatchlistProposal
from confirmations.tests.factories import file_case, item_input

pytestmark = pytest.mark.django_db


def listed(cast, name="Shady Exports Co., Ltd.", **fields):
    fields.setdefault("source", "judgment")
    fields.setdefault("judgment_reference", "(2025) Hu 73 Min Chu 101")
    return services.watched_trader_add(actor=cast.admin, data=services.TraderInput(name=name, **fields))


@pytest.mark.parametrize("who", ["officer1", "holder1_user", "agent_user"])
@pytest.mark.parametrize("path", ["/watchlist/", "/watchlist/new/", "/watchlist/proposals/", "{trader}", "{edit}"])
def test_only_administrators_open_the_watchlist_pages(client, cast, who, path):
    trader = listed(cast)
    client.force_login(getattr(cast, who))
    url = path.format(trader=trader.get_absolute_url(), edit=f"/watchlist/{trader.pk}/edit/")
    assert client.get(url).status_code == 403
    assert client.post(f"/watchlist/{trader.pk}/deactivate/", {"reason": "x"}).status_code == 403
    assert WatchedTrader.objects.get(pk=trader.pk).is_active


def test_administrator_adds_a_trader_with_aliases(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        "/watchlist/new/",
        {
            "name": "广州时光贸易有限公司",
            "aliases": "Guangzhou Shiguang Trading Co., Ltd.\n\nShiguang Trading",
            "country": "cn",
            "identifier": "91440101MA5X3AB12C",
            "source": "holder_report",
            "reporting_holder": cast.holder1.pk,
        },
    )
    trader = WatchedTrader.objects.get()
    assert response.status_code == 302 and response.url == trader.get_absolute_url()
    assert (trader.name_key, trader.country, trader.reporting_holder) == ("广州时光贸易", "CN", cast.holder1)
    assert list(trader.aliases.values_list("name_key", flat=True)) == ["guangzhou shiguang trading", "shiguang trading"]
    page = client.get(trader.get_absolute_url()).content.decode()
    assert "Guangzhou Shiguang Trading Co., Ltd." in page and "Listed" in page


def test_a_source_without_its_reference_is_refused_on_the_field(client, cast):
    client.force_login(cast.admin)
    response = client.post("/watchlist/new/", {"name": "Shady Exports", "source": "judgment"})
    assert response.status_code == 200
    assert "Give the judgment&#x27;s court and reference." in response.content.decode()
    assert not WatchedTrader.objects.exists()


def test_editing_records_what_changed(client, cast):
    trader = listed(cast, aliases=["Shady"])
    client.force_login(cast.admin)
    form = {"name": "Shady Exports Co., Ltd.", "aliases": "Shady\nShadow Exports", "source": "judgment"}
    form["judgment_reference"] = "(2025) Hu 73 Min Chu 101"
    assert client.post(f"/watchlist/{trader.pk}/edit/", form).status_code == 302
    event = trader.events.get(action="edited")
    assert event.data["changed"] == {"aliases": [["Shady"], ["Shady", "Shadow Exports"]]}
    assert "Shadow Exports" in client.get(trader.get_absolute_url()).content.decode()


def test_deactivation_asks_why_and_keeps_the_trader(client, cast):
    trader = listed(cast)
    client.force_login(cast.admin)
    assert client.post(f"/watchlist/{trader.pk}/deactivate/", {"reason": ""}).status_code == 200
    assert client.post(f"/watchlist/{trader.pk}/deactivate/", {"reason": "Judgment quashed"}).status_code == 302
    trader.refresh_from_db()
    assert not trader.is_active
    assert trader.events.get(action="deactivated").reason == "Judgment quashed"
    assert client.post(f"/watchlist/{trader.pk}/reactivate/").status_code == 302
    assert WatchedTrader.objects.get(pk=trader.pk).is_active


def test_list_searches_names_aliases_and_numbers(client, cast, django_assert_num_queries):
    listed(cast, name="Shady Exports Co., Ltd.", aliases=["Sombre Export SARL"])
    listed(cast, name="Bright Star", identifier="USCC-77")
    listed(cast, name="Moon River")
    client.force_login(cast.admin)
    client.get("/watchlist/")
    with django_assert_num_queries(3):
        page = client.get("/watchlist/", {"q": "SOMBRE EXPORT"}).content.decode()
    assert "Shady Exports Co., Ltd." in page and "Moon River" not in page
    page = client.get("/watchlist/", {"q": "uscc77"}).content.decode()
    assert "Bright Star" in page and "Shady" not in page


def test_proposal_is_accepted_with_one_click(client, cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor="Bright Star")
    proposal = WatchlistProposal.objects.create(
        case=case, role="consignor", name="Bright Star", created_at=case.created_at
    )
    client.force_login(cast.admin)
    assert "List Bright Star" in client.get("/watchlist/proposals/").content.decode()
    response = client.post(f"/watchlist/proposals/{proposal.pk}/accept/")
    assert response.status_code == 302
    trader = WatchedTrader.objects.get()
    assert (trader.name, trader.source_case) == ("Bright Star", case)
    assert client.post(f"/watchlist/proposals/{proposal.pk}/dismiss/").status_code == 302
    assert WatchlistProposal.objects.get(pk=proposal.pk).status == "accepted"
    assert client.post("/watchlist/proposals/999999/accept/").status_code == 404


def test_officer_sees_why_the_case_matched(client, cast, recordals):
    listed(cast, name="广州时光贸易有限公司", aliases=["Guangzhou Shiguang Trading Co., Ltd."])
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor="GUANGZHOU SHIGUANG TRADING CO LTD")
    client.force_login(cast.officer1)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Risk intelligence" in page and "广州时光贸易有限公司" in page
    assert "(compared as “guangzhou shiguang trading”)" in page and "similarity 1.00" in page


def test_holder_never_sees_watchlist_or_other_holders_infringer_hits(client, cast, recordals):
    listed(cast, name="Shady Exports Co., Ltd.")
    case = file_case(
        cast.officer1,
        [item_input(recordals.nordik)],
        consignor="Shady Exports Ltd",
    )
    assert case.watchlist_hits.count() == 2
    client.force_login(cast.holder2_user)
    page = client.get(case.get_absolute_url()).content.decode()
    item_page = client.get(case.items.get().get_absolute_url()).content.decode()
    for text in ("Risk intelligence", recordals.lumiere.number, "Known infringer", "Watchlist"):
        assert text not in page and text not in item_page
