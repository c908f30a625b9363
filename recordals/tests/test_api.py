from datetime import date

import pytest
from rest_framework.authtoken.models import Token

from portal.tests.factories import PASSWORD
from recordals.models import Modification, Recordal, RecordalDocument
from recordals.tests.factories import RecordalFactory, approved_recordal, submitted_recordal

pytestmark = pytest.mark.django_db

URL = "/api/recordals/"

DRAFT = {
    "right_type": "trademark",
    "title": "LUMIÈRE",
    "registration_number": "G1234567",
    "right_valid_from": "2019-03-01",
    "right_valid_until": "2039-02-28",
    "nice_classes": [18, 14],
    "goods": [{"name": "Handbags", "hs_code": "4202.21"}, {"name": "Watches", "hs_code": "9102.11"}],
}


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_token_login_then_create_a_draft(api_client, cast):
    token = api_client.post("/api/auth/token/", {"username": "t-holder1", "password": PASSWORD}).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = api_client.post(URL, DRAFT, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["number"] is None and body["valid_until"] is None
    assert body["holder"] == cast.holder1.pk and body["holder_name"] == "Maison Lumière"
    assert body["nice_classes"] == [14, 18]
    assert [g["hs_code"] for g in body["goods"]] == ["420221", "910211"]
    assert [e["action"] for e in body["events"]] == ["created"]
    assert Token.objects.filter(key=token).exists()


def test_agent_names_the_holder_and_may_not_file_for_others(api_client, cast):
    client = as_user(api_client, cast.agent_user)

    assert client.post(URL, DRAFT, format="json").status_code == 400
    assert client.post(URL, {**DRAFT, "holder": cast.holder1.pk}, format="json").status_code == 201
    response = client.post(URL, {**DRAFT, "holder": cast.holder2.pk}, format="json")
    assert response.status_code == 403 and "detail" in response.json()


def test_holder_cannot_file_for_another_holder(api_client, cast):
    response = as_user(api_client, cast.holder1_user).post(URL, {**DRAFT, "holder": cast.holder2.pk}, format="json")

    assert response.status_code == 403
    assert not Recordal.objects.exists()


@pytest.mark.parametrize("who", ["officer1", "admin"])
def test_customs_staff_do_not_file(api_client, cast, who):
    assert as_user(api_client, getattr(cast, who)).post(
        URL, {**DRAFT, "holder": cast.holder1.pk}, format="json"
    ).status_code in (400, 403)
    assert not Recordal.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"right_type": "plant_variety"}, "right_type"),
        ({"nice_classes": [0, 46]}, "nice_classes"),
        ({"right_valid_until": "2018-01-01"}, "right_valid_until"),
        ({"right_valid_from": "01/03/2019"}, "right_valid_from"),
        ({"goods": [{"name": "Bags", "hs_code": "bags"}]}, "goods"),
    ],
)
def test_invalid_drafts_get_field_errors(api_client, cast, payload, field):
    response = as_user(api_client, cast.holder1_user).post(URL, {**DRAFT, **payload}, format="json")

    assert response.status_code == 400 and field in response.json()


def test_anonymous_callers_are_refused(api_client):
    assert api_client.get(URL).status_code in (401, 403)


def test_list_is_scoped_by_role(api_client, cast):
    mine = RecordalFactory(holder=cast.holder1, title="MINE DRAFT")
    theirs = RecordalFactory(holder=cast.holder2, title="THEIR DRAFT")
    approved = approved_recordal(holder=cast.holder2, title="NORDIK")

    def ids(user):
        return {r["id"] for r in as_user(api_client, user).get(URL).json()["results"]}

    assert ids(cast.holder1_user) == {mine.pk}
    assert ids(cast.agent_user) == {mine.pk}
    assert ids(cast.holder2_user) == {theirs.pk, approved.pk}
    assert ids(cast.officer1) == {approved.pk}
    assert ids(cast.admin) == {mine.pk, theirs.pk, approved.pk}
    assert ids(cast.outsider) == set()


def test_another_holders_draft_is_not_found(api_client, cast):
    theirs = RecordalFactory(holder=cast.holder2)
    client = as_user(api_client, cast.holder1_user)

    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/submit/").status_code == 404
    assert client.patch(f"{URL}{theirs.pk}/", {"title": "MINE"}, format="json").status_code == 404


def test_officer_cannot_read_a_draft(api_client, cast):
    draft = RecordalFactory(holder=cast.holder1)

    assert as_user(api_client, cast.officer1).get(f"{URL}{draft.pk}/").status_code == 404


def test_list_query_count_does_not_grow_with_rows(api_client, cast, django_assert_num_queries):
    for i in range(15):
        approved_recordal(holder=cast.holder1, title=f"MARK {i}", parties=[{"role": "licensee", "name": "L"}])
    client = as_user(api_client, cast.admin)

    with django_assert_num_queries(7):
        response = client.get(URL)

    assert response.status_code == 200 and response.json()["count"] == 15


def test_full_lifecycle_over_the_api(api_client, cast, at):
    at(2026, 6, 15)
    holder = as_user(api_client, cast.holder1_user)
    recordal_id = holder.post(URL, DRAFT, format="json").json()["id"]
    assert holder.patch(f"{URL}{recordal_id}/", {"identification_guide": "Stitching"}, format="json").status_code == 200
    body = holder.post(f"{URL}{recordal_id}/submit/").json()
    assert body["status"] == "submitted"

    admin = as_user(api_client, cast.admin)
    body = admin.post(f"{URL}{recordal_id}/approve/").json()
    assert (body["status"], body["number"], body["valid_from"], body["valid_until"]) == (
        "approved",
        "T2026-000001",
        "2026-06-15",
        "2036-06-15",
    )

    at(2036, 1, 10)
    holder = as_user(api_client, cast.holder1_user)
    assert holder.post(f"{URL}{recordal_id}/renew/").json()["status"] == "renewal_requested"
    body = as_user(api_client, cast.admin).post(f"{URL}{recordal_id}/approve/").json()
    assert (body["status"], body["valid_until"], body["renewal_count"]) == ("approved", "2039-02-28", 1)

    body = as_user(api_client, cast.holder1_user).post(f"{URL}{recordal_id}/cancel/", {"reason": "Sold"}).json()
    assert body["status"] == "cancelled"
    assert [e["action"] for e in body["events"]] == [
        "created",
        "updated",
        "submitted",
        "approved",
        "renewal_requested",
        "renewed",
        "cancelled",
    ]


def test_reject_requires_a_reason(api_client, cast):
    recordal = submitted_recordal(holder=cast.holder1)
    admin = as_user(api_client, cast.admin)

    assert admin.post(f"{URL}{recordal.pk}/reject/", {}).status_code == 400
    response = admin.post(f"{URL}{recordal.pk}/reject/", {"reason": "Certificate unreadable"})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["rejection_reason"]) == ("rejected", "Certificate unreadable")


def test_approving_a_draft_is_a_400_with_a_message(api_client, cast):
    draft = RecordalFactory(holder=cast.holder1)

    response = as_user(api_client, cast.admin).post(f"{URL}{draft.pk}/approve/")

    assert response.status_code == 400
    assert response.json() == {"detail": "This recordal is draft; it cannot be approved."}
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.events.exists()


def test_holder_approving_its_own_filing_is_forbidden(api_client, cast):
    recordal = submitted_recordal(holder=cast.holder1)

    response = as_user(api_client, cast.holder1_user).post(f"{URL}{recordal.pk}/approve/")

    assert response.status_code == 403
    recordal.refresh_from_db()
    assert recordal.status == "submitted"


def test_officer_cannot_renew_or_cancel(api_client, cast):
    recordal = approved_recordal(holder=cast.holder1)
    client = as_user(api_client, cast.officer1)

    assert client.post(f"{URL}{recordal.pk}/renew/").status_code == 403
    assert client.post(f"{URL}{recordal.pk}/cancel/").status_code == 403


def test_renewing_too_early_names_the_opening_day(api_client, cast, at):
    at(2026, 6, 15)
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=None)

    response = as_user(api_client, cast.holder1_user).post(f"{URL}{recordal.pk}/renew/")

    assert response.status_code == 400 and response.json() == {"detail": "Renewal opens on 2035-12-15."}


def test_editing_an_approved_recordal_in_place_is_refused(api_client, cast):
    recordal = approved_recordal(holder=cast.holder1)

    response = as_user(api_client, cast.holder1_user).patch(f"{URL}{recordal.pk}/", {"title": "X"}, format="json")

    assert response.status_code == 400 and "modification" in response.json()["detail"]
    recordal.refresh_from_db()
    assert recordal.title == "LUMIÈRE"


def test_modification_request_and_approval(api_client, cast):
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=date(2030, 1, 1))
    holder = as_user(api_client, cast.holder1_user)
    response = holder.post(
        f"{URL}{recordal.pk}/modify/",
        {"changes": {"right_valid_until": "2040-01-01"}, "explanation": "Registration renewed"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    mid = response.json()["id"]
    assert holder.post(f"{URL}{recordal.pk}/modifications/{mid}/approve/").status_code == 403

    body = as_user(api_client, cast.admin).post(f"{URL}{recordal.pk}/modifications/{mid}/approve/").json()

    assert body["right_valid_until"] == "2040-01-01"
    assert body["modifications"][0]["status"] == "approved"
    event = body["events"][-1]
    assert event["action"] == "modification_approved"
    assert event["data"]["changes"] == {"right_valid_until": {"old": "2030-01-01", "new": "2040-01-01"}}


def test_modification_of_forbidden_fields_is_refused(api_client, cast):
    recordal = approved_recordal(holder=cast.holder1)

    response = as_user(api_client, cast.holder1_user).post(
        f"{URL}{recordal.pk}/modify/", {"changes": {"title": "OTHER", "holder": 3}}, format="json"
    )

    assert response.status_code == 400 and "holder, title" in response.json()["detail"]
    assert not Modification.objects.exists()


def test_filters_on_the_list(api_client, cast):
    bags = approved_recordal(
        holder=cast.holder1, title="LUMIÈRE", nice_classes=[18], goods=[{"name": "Bags", "hs_code": "4202.21"}]
    )
    approved_recordal(
        holder=cast.holder2, title="NORDIK", nice_classes=[14], goods=[{"name": "Watches", "hs_code": "9102.11"}]
    )
    client = as_user(api_client, cast.admin)

    def titles(query):
        return [r["title"] for r in client.get(f"{URL}?{query}").json()["results"]]

    assert titles("nice_class=18") == ["LUMIÈRE"]
    assert titles("hs_code=420221") == ["LUMIÈRE"]
    assert titles(f"holder={cast.holder2.pk}") == ["NORDIK"]
    assert titles(f"number={bags.number}") == ["LUMIÈRE"]
    assert titles("status=draft") == []
    assert titles("search=NORDLK") == ["NORDIK"]


def test_officer_list_shows_only_recordals_in_force_unless_asked(api_client, cast):
    active = approved_recordal(holder=cast.holder1, title="ACTIVE")
    ended = approved_recordal(holder=cast.holder1, title="ENDED")
    Recordal.objects.filter(pk=ended.pk).update(status="expired")
    client = as_user(api_client, cast.officer1)

    assert [r["id"] for r in client.get(URL).json()["results"]] == [active.pk]
    assert {r["id"] for r in client.get(f"{URL}?include_inactive=true").json()["results"]} == {active.pk, ended.pk}


def test_review_queue_endpoint_is_for_administrators(api_client, cast):
    submitted_recordal(holder=cast.holder1)

    assert as_user(api_client, cast.holder1_user).get(f"{URL}review-queue/").status_code == 403
    body = as_user(api_client, cast.admin).get(f"{URL}review-queue/").json()
    assert body[0]["working_days_left"] == 30 and body[0]["overdue"] is False


def test_schema_documents_the_recordal_routes(api_client, cast):
    as_user(api_client, cast.admin)
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/recordals/",
        "/api/recordals/{id}/approve/",
        "/api/recordals/{id}/renew/",
        "/api/public/recordals/",
    ):
        assert path in paths


def test_officer_reads_an_approved_recordal_without_documents_or_modifications(api_client, cast):
    recordal = approved_recordal(
        holder=cast.holder1, parties=[{"role": "infringer", "name": "Shenzhen Fake Leather Co."}]
    )
    RecordalDocument.objects.create(recordal=recordal, file="x.pdf", original_name="cert.pdf", sha256="0" * 64)
    Modification.objects.create(recordal=recordal, requested_by=cast.holder1_user, changes={"right_details": "x"})

    officer = as_user(api_client, cast.officer1).get(f"{URL}{recordal.pk}/").json()
    holder = as_user(api_client, cast.holder1_user).get(f"{URL}{recordal.pk}/").json()

    assert officer["parties"][0]["name"] == "Shenzhen Fake Leather Co."
    assert officer["documents"] == [] and officer["modifications"] == []
    assert len(holder["documents"]) == 1 and len(holder["modifications"]) == 1
