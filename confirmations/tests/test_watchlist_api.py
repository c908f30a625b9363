"""The watchlist API: administrators only; bad input answers 400 per field, a decided proposal 409."""

import pytest

from confirmations.models import WatchedTrader, WatchlistHit, WatchlistProposal
from confirmations.tests.factories import file_case, item_input

pytestmark = pytest.mark.django_db

BODY = {
    "name": "Shady Exports Co., Ltd.",
    "aliases": ["沙迪出口有限公司"],
    "country": "HK",
    "identifier": "HK-12345678",
    "source": "judgment",
    "judgment_reference": "(2025) Hu 73 Min Chu 101",
}


@pytest.fixture
def admin_api(api_client, cast):
    api_client.force_authenticate(cast.admin)
    return api_client


@pytest.mark.parametrize("who", ["officer1", "holder1_user", "agent_user"])
def test_only_administrators_use_the_watchlist_api(api_client, cast, who):
    api_client.force_authenticate(getattr(cast, who))
    assert api_client.get("/api/watchlist/").status_code == 403
    assert api_client.post("/api/watchlist/", BODY, format="json").status_code == 403
    assert api_client.get("/api/watchlist-proposals/").status_code == 403
    assert not WatchedTrader.objects.exists()


def test_anonymous_is_refused(api_client):
    assert api_client.get("/api/watchlist/").status_code in (401, 403)


def test_administrator_lists_edits_and_deactivates_a_trader(admin_api):
    created = admin_api.post("/api/watchlist/", BODY, format="json")
    assert created.status_code == 201
    trader = created.json()
    assert (trader["name_key"], trader["identifier_key"], trader["aliases"]) == (
        "shady exports",
        "HK12345678",
        ["沙迪出口有限公司"],
    )
    found = admin_api.get("/api/watchlist/", {"q": "沙迪出口"}).json()["results"]
    assert [t["id"] for t in found] == [trader["id"]]
    changed = admin_api.patch(f"/api/watchlist/{trader['id']}/", {**BODY, "aliases": []}, format="json")
    assert changed.status_code == 200 and changed.json()["aliases"] == []
    assert admin_api.post(f"/api/watchlist/{trader['id']}/deactivate/", {}, format="json").status_code == 400
    gone = admin_api.post(f"/api/watchlist/{trader['id']}/deactivate/", {"reason": "Quashed"}, format="json")
    assert gone.status_code == 200 and gone.json()["is_active"] is False
    assert (
        admin_api.post(f"/api/watchlist/{trader['id']}/deactivate/", {"reason": "x"}, format="json").status_code == 409
    )
    assert [t["id"] for t in admin_api.get("/api/watchlist/", {"active": "false"}).json()["results"]] == [trader["id"]]
    events = admin_api.get(f"/api/watchlist/{trader['id']}/events/").json()
    assert [e["action"] for e in events] == ["listed", "edited", "deactivated"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": " "}, "name"),
        ({"country": "ZZ"}, "country"),
        ({"source": "case", "source_case": 999999}, "source_case"),
        ({"source": "holder_report"}, "reporting_holder"),
        ({"source": "rumour"}, "source"),
        ({"aliases": ["x" * 301]}, "aliases"),
    ],
)
def test_bad_input_is_refused_on_its_field(admin_api, change, field):
    answer = admin_api.post("/api/watchlist/", {**BODY, **change}, format="json")
    assert answer.status_code == 400 and field in answer.json()
    assert not WatchedTrader.objects.exists()


def test_proposal_is_accepted_once(admin_api, cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.nordik)], consignor="Bright Star")
    proposal = WatchlistProposal.objects.create(
        case=case, role="consignor", name="Bright Star", created_at=case.created_at
    )
    assert [p["id"] for p in admin_api.get("/api/watchlist-proposals/").json()["results"]] == [proposal.pk]
    accepted = admin_api.post(f"/api/watchlist-proposals/{proposal.pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["source_case"] == case.pk
    assert admin_api.post(f"/api/watchlist-proposals/{proposal.pk}/accept/").status_code == 404
    assert admin_api.get("/api/watchlist-proposals/").json()["results"] == []


def test_officer_files_parties_identifiers_through_the_api_and_they_are_matched(api_client, cast, recordals):
    trader = services_trader(cast)
    api_client.force_authenticate(cast.officer1)
    body = {
        "channel": "mail",
        "direction": "import",
        "waybill_number": "RR123456785CN",
        "consignor": "Unknown Sender",
        "consignor_identifier": "hk 1234 5678",
        "consignee": "A. Buyer",
        "items": [{"recordal": recordals.nordik.pk, "description": "Watches", "quantity": 3, "value": "300.00"}],
    }
    response = api_client.post("/api/cases/", body, format="json")
    assert response.status_code == 201, response.json()
    hit = WatchlistHit.objects.get(case_id=response.json()["id"])
    assert (hit.trader, hit.matched_on, hit.case_key) == (trader, "identifier", "HK12345678")


def services_trader(cast):
    from confirmations import services

    return services.watched_trader_add(
        actor=cast.admin,
        data=services.TraderInput(
            name="Shady Exports", identifier="HK-12345678", source="judgment", judgment_reference="J"
        ),
    )
