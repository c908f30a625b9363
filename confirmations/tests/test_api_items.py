from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from confirmations.models import Item
from confirmations.tests.factories import GeneralBondFactory, file_case, item_input
from portal.workdays.calendar import local_date

pytestmark = pytest.mark.django_db


def test_holder_inbox_lists_only_its_items(api_client, filed, cast):
    _case, lumiere, nordik = filed
    api_client.force_authenticate(cast.holder1_user)
    results = api_client.get("/api/items/").json()["results"]
    assert [r["id"] for r in results] == [lumiere.pk]
    assert results[0]["status"] == "pending" and results[0]["deadline"] and results[0]["photos"] == []
    assert results[0]["shipment"]["waybill_number"] == "EX123456789CN"
    assert api_client.get(f"/api/items/{nordik.pk}/").status_code == 404


def test_agent_sees_its_delegating_holders_items(api_client, filed, cast):
    _case, lumiere, _ = filed
    api_client.force_authenticate(cast.agent_user)
    assert [r["id"] for r in api_client.get("/api/items/").json()["results"]] == [lumiere.pk]


def test_inbox_filters_by_status_and_puts_pending_first(api_client, cast, recordals):
    case = file_case(
        cast.officer1, [item_input(recordals.lumiere), item_input(recordals.lumiere, description="Straps")]
    )
    first, second = case.items.order_by("pk")
    api_client.force_authenticate(cast.holder1_user)
    api_client.post(f"/api/items/{first.pk}/decision/", {"decision": "not_infringing"}, format="json")
    assert [r["id"] for r in api_client.get("/api/items/").json()["results"]] == [second.pk, first.pk]
    assert [r["id"] for r in api_client.get("/api/items/?status=pending").json()["results"]] == [second.pk]


def test_inbox_query_count_is_constant(api_client, cast, recordals):
    api_client.force_authenticate(cast.holder1_user)
    file_case(cast.officer1, [item_input(recordals.lumiere)])
    api_client.get("/api/items/")
    with CaptureQueriesContext(connection) as one:
        api_client.get("/api/items/")
    for _ in range(5):
        file_case(cast.officer1, [item_input(recordals.lumiere)])
    with CaptureQueriesContext(connection) as six:
        assert len(api_client.get("/api/items/").json()["results"]) == 6
    assert len(six) == len(one) == 2


def test_decision_through_the_api_with_case_bond(api_client, filed, cast):
    _case, lumiere, _ = filed
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post(
        f"/api/items/{lumiere.pk}/decision/",
        {"decision": "infringing", "bond": "case", "comment": "fake"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "infringing" and response.json()["bond_amount_cny"] == "1000.00"


def test_second_decision_answers_409(api_client, filed, cast):
    _case, lumiere, _ = filed
    api_client.force_authenticate(cast.holder1_user)
    api_client.post(f"/api/items/{lumiere.pk}/decision/", {"decision": "not_infringing"}, format="json")
    api_client.force_authenticate(cast.holder1b_user)
    response = api_client.post(f"/api/items/{lumiere.pk}/decision/", {"decision": "not_infringing"}, format="json")
    assert response.status_code == 409 and "already decided" in response.json()["detail"]


def test_holder_deciding_another_holders_item_gets_404(api_client, filed, cast):
    _case, _lumiere, nordik = filed
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post(f"/api/items/{nordik.pk}/decision/", {"decision": "not_infringing"}, format="json")
    assert response.status_code == 404
    assert Item.objects.get(pk=nordik.pk).status == "pending"


def test_decision_after_the_deadline_is_refused_with_a_message(api_client, filed, cast):
    _case, lumiere, _ = filed
    api_client.force_authenticate(cast.holder1_user)
    with time_machine.travel(lumiere.deadline + timedelta(minutes=1), tick=False):
        response = api_client.post(f"/api/items/{lumiere.pk}/decision/", {"decision": "not_infringing"}, format="json")
    assert response.status_code == 400 and "deadline" in response.json()["detail"]


def test_infringing_without_bond_is_a_field_error(api_client, filed, cast):
    _case, lumiere, _ = filed
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post(f"/api/items/{lumiere.pk}/decision/", {"decision": "infringing"}, format="json")
    assert response.status_code == 400 and "bond" in response.json()


def test_general_bond_choice_without_a_bond_is_a_field_error(api_client, filed, cast):
    _case, lumiere, _ = filed
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post(
        f"/api/items/{lumiere.pk}/decision/", {"decision": "infringing", "bond": "general"}, format="json"
    )
    assert response.status_code == 400 and "bond" in response.json()


def test_bulk_decision_through_the_api(api_client, cast, recordals):
    case = file_case(
        cast.officer1, [item_input(recordals.lumiere), item_input(recordals.lumiere, description="Straps")]
    )
    ids = list(case.items.values_list("pk", flat=True))
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post("/api/items/decisions/", {"items": ids, "decision": "not_infringing"}, format="json")
    assert response.status_code == 200 and {r["status"] for r in response.json()} == {"not_infringing"}


def test_full_flow_detain_after_general_bond(api_client, filed, cast):
    _case, lumiere, _ = filed
    year = local_date(lumiere.notified_at).year
    GeneralBondFactory(
        holder=cast.holder1,
        reference="G1",
        year=year,
        status="confirmed",
        submitted_by=cast.holder1_user,
    )
    api_client.force_authenticate(cast.holder1_user)
    api_client.post(f"/api/items/{lumiere.pk}/decision/", {"decision": "infringing", "bond": "general"}, format="json")
    api_client.force_authenticate(cast.officer1)
    response = api_client.post(f"/api/items/{lumiere.pk}/detain/")
    assert response.status_code == 200 and response.json()["status"] == "detained"


def test_detaining_without_bond_is_refused(api_client, filed, cast):
    _case, lumiere, _ = filed
    api_client.force_authenticate(cast.holder1_user)
    api_client.post(f"/api/items/{lumiere.pk}/decision/", {"decision": "infringing", "bond": "case"}, format="json")
    api_client.force_authenticate(cast.officer1)
    response = api_client.post(f"/api/items/{lumiere.pk}/detain/")
    assert response.status_code == 400 and "bond" in response.json()["detail"]
    assert api_client.post(f"/api/items/{lumiere.pk}/bond-received/").status_code == 200
    assert api_client.post(f"/api/items/{lumiere.pk}/detain/").json()["status"] == "detained"


def test_officer_of_another_office_cannot_release(api_client, filed, cast):
    _case, lumiere, _ = filed
    api_client.force_authenticate(cast.holder1_user)
    api_client.post(f"/api/items/{lumiere.pk}/decision/", {"decision": "not_infringing"}, format="json")
    api_client.force_authenticate(cast.officer2)
    assert api_client.post(f"/api/items/{lumiere.pk}/release/").status_code == 404
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.post(f"/api/items/{lumiere.pk}/release/").status_code == 403
    api_client.force_authenticate(cast.officer1)
    assert api_client.post(f"/api/items/{lumiere.pk}/release/").json()["status"] == "released"


def test_webhooks_api_shows_the_secret_once(api_client, cast):
    api_client.force_authenticate(cast.holder1_user)
    created = api_client.post("/api/webhooks/", {"url": "https://holder.example/hook"}, format="json")
    assert created.status_code == 201 and len(created.json()["secret"]) == 64
    listed = api_client.get("/api/webhooks/").json()["results"]
    assert "secret" not in listed[0]
    assert api_client.delete(f"/api/webhooks/{listed[0]['id']}/").status_code == 204
    api_client.force_authenticate(cast.officer1)
    assert api_client.post("/api/webhooks/", {"url": "https://x.example/"}, format="json").status_code == 403
