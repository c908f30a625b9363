"""Every route of the confirmation flow, tried by every role: foreign objects answer 404 or 403, never data.

The scene: one case of office1 holding an item of holder1 (LUMIÈRE, with a photo) and an item of
holder2 (NORDIK, with a photo, already released), a general bond and a webhook of each holder.
"""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from confirmations import services
from confirmations.models import GeneralBond, Item
from confirmations.tests.factories import GeneralBondFactory, file_case, item_input
from portal.accounts.models import Delegation
from portal.notices.models import WebhookEndpoint
from portal.tests.access import assert_open_only_to, client_as
from portal.tests.factories import AgentFirmFactory, member_of
from portal.uploads import verify_image
from recordals.tests.factories import image_upload, recordal_image

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "holder1", "holder2", "agent", "idle_agent", "officer1", "officer2", "admin"]
LUMIERE_SIDE = {"holder1", "agent", "officer1", "admin"}
NORDIK_SIDE = {"holder2", "officer1", "admin"}
CASE_PARTIES = {"holder1", "holder2", "agent", "officer1", "admin"}
CUSTOMS_OF_CASE = {"officer1", "admin"}


def _bond(holder, user):
    return GeneralBondFactory(
        holder=holder,
        reference=f"G-{holder.pk}",
        submitted_by=user,
    )


@pytest.fixture
def scene(cast, recordals, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(
            cast.officer1,
            [
                item_input(recordals.lumiere, photos=[verify_image(image_upload("l.jpg"))]),
                item_input(recordals.nordik, photos=[verify_image(image_upload("n.jpg"))]),
            ],
        )
        lumiere, nordik = case.items.order_by("pk")
        services.item_decide(user=cast.holder2_user, item_id=nordik.pk, decision="not_infringing")
        services.item_release(officer=cast.officer1, item_id=nordik.pk)
    idle_firm = AgentFirmFactory(name="Idle Firm")
    users = {
        "anonymous": None,
        "outsider": cast.outsider,
        "holder1": cast.holder1_user,
        "holder2": cast.holder2_user,
        "agent": cast.agent_user,
        "idle_agent": member_of(idle_firm, username="t-idle-agent"),
        "officer1": cast.officer1,
        "officer2": cast.officer2,
        "admin": cast.admin,
    }
    return SimpleNamespace(
        case=case,
        lumiere=lumiere,
        nordik=Item.objects.get(pk=nordik.pk),
        lumiere_photo=lumiere.photos.get(),
        nordik_photo=nordik.photos.get(),
        lumiere_image=recordal_image(recordals.lumiere),
        nordik_image=recordal_image(recordals.nordik),
        bond1=_bond(cast.holder1, cast.holder1_user),
        bond2=_bond(cast.holder2, cast.holder2_user),
        hook1=WebhookEndpoint.objects.create(organization=cast.holder1, url="https://h1.example.com/hook"),
        hook2=WebhookEndpoint.objects.create(organization=cast.holder2, url="https://h2.example.com/hook"),
        users=users,
    )


def _client(scene, role):
    return client_as(scene.users[role])


PAGES = {
    "item page": (lambda s: reverse("confirmations:item-detail", args=[s.lumiere.pk]), LUMIERE_SIDE),
    "item photo": (lambda s: reverse("confirmations:photo", args=[s.lumiere_photo.pk]), LUMIERE_SIDE),
    "item thumbnail": (lambda s: reverse("confirmations:photo-thumb", args=[s.lumiere_photo.pk]), LUMIERE_SIDE),
    "other holder's photo": (lambda s: reverse("confirmations:photo", args=[s.nordik_photo.pk]), NORDIK_SIDE),
    "genuine image": (lambda s: reverse("confirmations:recordal-image", args=[s.lumiere_image.pk]), LUMIERE_SIDE),
    "other genuine image": (lambda s: reverse("confirmations:recordal-image", args=[s.nordik_image.pk]), NORDIK_SIDE),
    "release notice": (lambda s: reverse("confirmations:item-notice", args=[s.nordik.pk]), NORDIK_SIDE),
    "case page": (lambda s: reverse("confirmations:case-detail", args=[s.case.pk]), CASE_PARTIES),
    "case status": (lambda s: reverse("confirmations:case-status", args=[s.case.pk]), CASE_PARTIES),
    "evidence export": (lambda s: reverse("confirmations:case-export", args=[s.case.pk]), CUSTOMS_OF_CASE),
    "filing form": (lambda s: reverse("confirmations:case-new"), {"officer1", "officer2"}),
    "webhooks page": (lambda s: reverse("confirmations:webhooks"), {"holder1", "holder2", "outsider"}),
}
API = {
    "item": (lambda s: f"/api/items/{s.lumiere.pk}/", LUMIERE_SIDE),
    "other holder's item": (lambda s: f"/api/items/{s.nordik.pk}/", NORDIK_SIDE),
    "case": (lambda s: f"/api/cases/{s.case.pk}/", CUSTOMS_OF_CASE),
    "bond": (lambda s: f"/api/bonds/{s.bond1.pk}/", {"holder1", "agent", "admin"}),
    "other holder's bond": (lambda s: f"/api/bonds/{s.bond2.pk}/", {"holder2", "admin"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_is_open_only_to_those_it_concerns(scene, role, name):
    url, allowed = PAGES[name]
    response = _client(scene, role).get(url(scene))
    assert_open_only_to(response, allowed=role in allowed, api=False, label=(name, role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(API))
def test_api_object_is_open_only_to_those_it_concerns(scene, role, name):
    url, allowed = API[name]
    response = _client(scene, role).get(url(scene))
    assert_open_only_to(response, allowed=role in allowed, api=True, label=(name, role))


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("role", "items"),
    [
        ("outsider", set()),
        ("holder1", {"lumiere"}),
        ("holder2", {"nordik"}),
        ("agent", {"lumiere"}),
        ("idle_agent", set()),
        ("officer1", {"lumiere", "nordik"}),
        ("officer2", set()),
        ("admin", {"lumiere", "nordik"}),
    ],
)
def test_item_list_holds_only_the_callers_items_even_inside_one_shipment(scene, role, items):
    response = _client(scene, role).get("/api/items/")
    assert _ids(response) == {getattr(scene, name).pk for name in items}
    filtered = _client(scene, role).get(f"/api/items/?case={scene.case.pk}")
    assert _ids(filtered) == {getattr(scene, name).pk for name in items}


@pytest.mark.parametrize(
    ("role", "bonds", "hooks"),
    [
        ("outsider", set(), set()),
        ("holder1", {"bond1"}, {"hook1"}),
        ("holder2", {"bond2"}, {"hook2"}),
        ("agent", {"bond1"}, set()),
        ("idle_agent", set(), set()),
        ("officer1", set(), set()),
        ("admin", {"bond1", "bond2"}, set()),
    ],
)
def test_bond_and_webhook_lists_hold_only_the_callers_own(scene, role, bonds, hooks):
    client = _client(scene, role)
    assert _ids(client.get("/api/bonds/")) == {getattr(scene, name).pk for name in bonds}
    assert _ids(client.get("/api/webhooks/")) == {getattr(scene, name).pk for name in hooks}
    assert all("secret" not in row for row in client.get("/api/webhooks/").json()["results"])


@pytest.mark.parametrize(
    ("role", "cases"),
    [("holder1", None), ("agent", None), ("officer1", {"case"}), ("officer2", set()), ("admin", {"case"})],
)
def test_case_list_is_for_customs_of_the_office(scene, role, cases):
    response = _client(scene, role).get("/api/cases/")
    if cases is None:
        assert response.status_code == 403
    else:
        assert _ids(response) == {scene.case.pk for _ in cases}


@pytest.mark.parametrize(
    ("role", "items"),
    [
        ("outsider", 0),
        ("holder1", 1),
        ("holder2", 1),
        ("agent", 1),
        ("idle_agent", 0),
        ("officer1", 2),
        ("officer2", 0),
        ("admin", 2),
    ],
)
def test_statistics_count_only_what_the_caller_sees(scene, role, items):
    data = _client(scene, role).get("/api/stats/").json()
    assert data["items"] == items
    page = _client(scene, role).get(reverse("confirmations:stats"))
    assert page.status_code == 200


@pytest.mark.parametrize("role", ["holder1", "holder2", "agent", "officer1", "officer2", "admin", "outsider"])
def test_inbox_and_case_list_pages_show_only_the_callers_rows(scene, role):
    client = _client(scene, role)
    inbox = client.get(reverse("confirmations:inbox"))
    assert inbox.status_code == 200
    shown = {int(pk) for pk in re.findall(r'<li class="task[^"]*" data-item-id="(\d+)"', inbox.content.decode())}
    expected = {
        name
        for name, side in (("lumiere", LUMIERE_SIDE), ("nordik", NORDIK_SIDE))
        if role in side and role not in ("officer1", "admin")
    }
    if role in ("officer1", "admin"):
        expected = {"lumiere", "nordik"}
    assert shown == {getattr(scene, name).pk for name in expected}
    cases = client.get(reverse("confirmations:case-list"))
    if role in ("officer1", "officer2", "admin"):
        listed = {int(pk) for pk in re.findall(r'<td><a href="/cases/\d+/">(\d+)</a></td>', cases.content.decode())}
        assert listed == ({scene.case.pk} if role != "officer2" else set())
    else:
        assert cases.status_code == 403


def test_case_page_of_a_holder_shows_no_other_holders_item_or_events(scene):
    client = _client(scene, "holder1")
    page = client.get(reverse("confirmations:case-detail", args=[scene.case.pk]))
    assert [e.item_id for e in page.context["events"]] and {e.item_id for e in page.context["events"]} == {
        scene.lumiere.pk
    }
    status = client.get(reverse("confirmations:case-status", args=[scene.case.pk])).json()
    assert [row["id"] for row in status["items"]] == [scene.lumiere.pk]
    assert "NORDIK" not in page.content.decode()


OFFICER_ACTIONS = ["detain", "release", "bond-received", "investigation", "counter-guarantee"]


@pytest.mark.parametrize("role", ["holder1", "agent", "holder2", "officer2", "admin", "outsider"])
@pytest.mark.parametrize("action", OFFICER_ACTIONS)
def test_only_an_officer_of_the_cases_office_acts_on_its_items(scene, role, action):
    services.item_decide(user=scene.users["holder1"], item_id=scene.lumiere.pk, decision="infringing", bond="case")
    events = scene.lumiere.events.count()
    client = _client(scene, role)
    body = {"result": "confirmed", "amount_cny": "99999999", "reason": "x", "confirmed": "yes"}
    api = client.post(f"/api/items/{scene.lumiere.pk}/{action}/", body, format="json")
    page = client.post(reverse("confirmations:item-act", args=[scene.lumiere.pk, action]), body)
    assert api.status_code in (403, 404) and page.status_code in (403, 404)
    item = Item.objects.get(pk=scene.lumiere.pk)
    assert item.status == "infringing" and item.case_bond_received_at is None
    assert item.events.count() == events


@pytest.mark.parametrize("role", ["holder2", "officer1", "officer2", "admin", "idle_agent", "outsider"])
def test_only_the_holder_side_decides(scene, role):
    client = _client(scene, role)
    body = {"decision": "not_infringing", "confirm": "on"}
    api = client.post(f"/api/items/{scene.lumiere.pk}/decision/", body, format="json")
    bulk = client.post("/api/items/decisions/", {"items": [scene.lumiere.pk], **body}, format="json")
    page = client.post(reverse("confirmations:item-decide", args=[scene.lumiere.pk]), body)
    assert api.status_code in (403, 404), api.status_code
    assert bulk.status_code in (400, 403, 404), bulk.status_code
    assert page.status_code in (403, 404)
    assert Item.objects.get(pk=scene.lumiere.pk).status == "pending"


def test_agent_that_may_not_decide_sees_but_cannot_decide(scene, cast):
    Delegation.objects.filter(pk=cast.delegation.pk).update(may_decide=False)
    client = _client(scene, "agent")
    assert client.get(f"/api/items/{scene.lumiere.pk}/").status_code == 200
    response = client.post(f"/api/items/{scene.lumiere.pk}/decision/", {"decision": "not_infringing"}, format="json")
    assert response.status_code == 403
    bulk = client.post("/api/items/decisions/", {"items": [scene.lumiere.pk], "decision": "not_infringing"})
    assert bulk.status_code == 403
    assert Item.objects.get(pk=scene.lumiere.pk).status == "pending"


def test_revoked_agent_loses_every_route(scene, cast):
    from django.utils import timezone

    Delegation.objects.filter(pk=cast.delegation.pk).update(revoked_at=timezone.now())
    client = _client(scene, "agent")
    assert client.get(f"/api/items/{scene.lumiere.pk}/").status_code == 404
    assert client.get(reverse("confirmations:photo", args=[scene.lumiere_photo.pk])).status_code == 404
    assert client.get(f"/api/bonds/{scene.bond1.pk}/").status_code == 404
    assert client.get("/api/stats/").json()["items"] == 0


@pytest.mark.parametrize("role", ["holder1", "holder2", "agent", "officer1", "outsider"])
def test_only_administrators_confirm_or_reject_general_bonds(scene, role):
    client = _client(scene, role)
    for verdict in ("confirm", "reject"):
        assert client.post(f"/api/bonds/{scene.bond1.pk}/{verdict}/").status_code in (403, 404)
        page = client.post(reverse("confirmations:bond-decide", args=[scene.bond1.pk, verdict]))
        assert page.status_code in (403, 404)
    assert GeneralBond.objects.get(pk=scene.bond1.pk).status == GeneralBond.Status.SUBMITTED


@pytest.mark.parametrize("role", ["holder2", "agent", "officer1", "admin", "outsider"])
def test_nobody_removes_another_holders_webhook(scene, role):
    client = _client(scene, role)
    assert client.delete(f"/api/webhooks/{scene.hook1.pk}/").status_code in (403, 404)
    page = client.post(reverse("confirmations:webhooks"), {"remove": scene.hook1.pk})
    assert page.status_code in (403, 404)
    assert WebhookEndpoint.objects.filter(pk=scene.hook1.pk).exists()


@pytest.mark.parametrize("role", ["holder1", "agent", "admin", "outsider", "anonymous"])
def test_only_officers_file_cases_or_add_photos(scene, role):
    client = _client(scene, role)
    body = {
        "channel": "mail",
        "direction": "import",
        "waybill_number": "W1",
        "items": [{"recordal": scene.lumiere.recordal_id, "description": "x", "quantity": 1, "value": "1"}],
    }
    assert client.post("/api/cases/", body, format="json").status_code in (401, 403)
    photo = client.post(
        f"/api/items/{scene.lumiere.pk}/photos/", {"image": image_upload("photo.jpg")}, format="multipart"
    )
    assert photo.status_code in (401, 403, 404)
    assert scene.case.__class__.objects.count() == 1 and scene.lumiere.photos.count() == 1


def test_officer_of_another_office_cannot_add_photos_to_an_item(scene):
    client = _client(scene, "officer2")
    response = client.post(
        f"/api/items/{scene.lumiere.pk}/photos/", {"image": image_upload("photo.jpg")}, format="multipart"
    )
    assert response.status_code == 404
    assert scene.lumiere.photos.count() == 1


def test_filtering_items_by_a_case_does_not_tell_whether_a_foreign_case_exists(scene, recordals, cast):
    foreign = file_case(cast.officer2, [item_input(recordals.lumiere)])
    client = _client(scene, "holder2")
    for case_id in (foreign.pk, 10**6, 10**20):
        response = client.get(f"/api/items/?case={case_id}")
        assert response.status_code in (200, 400) and response.json().get("results", []) == []
    assert client.get(f"/api/items/?case={foreign.pk}").status_code == client.get("/api/items/?case=999999").status_code


@pytest.mark.parametrize("role", ["holder2", "agent", "officer1", "admin", "outsider"])
def test_nobody_reads_or_opens_another_users_notice(scene, role):
    from portal.notices.models import Notice

    notice = Notice.objects.filter(recipient=scene.users["holder1"]).first()
    client = _client(scene, role)
    assert client.get(f"/api/notices/{notice.pk}/").status_code == 404
    assert client.post(f"/api/notices/{notice.pk}/read/").status_code == 404
    assert client.get(reverse("notices:open", args=[notice.pk])).status_code == 404
    assert notice.pk not in {row["id"] for row in client.get("/api/notices/").json()["results"]}
    assert Notice.objects.get(pk=notice.pk).read_at is None
