"""Every recordal route, tried by every role: foreign objects answer 404 or 403, never data, and change nothing.

The scene: holder1 has a draft (with an image and a document), a submitted filing and an approved
recordal (with an image, a document and a pending modification); holder2 has a draft. The agent
firm holds holder1's delegation (scope all); another firm holds none.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portal.accounts.models import Delegation
from portal.tests.access import assert_open_only_to, client_as
from portal.tests.factories import AgentFirmFactory, DelegationFactory, member_of
from portal.uploads import verify_pdf
from recordals import services
from recordals.models import Modification, Recordal, RecordalDocument, RecordalEvent, RecordalImage
from recordals.tests.factories import (
    RecordalFactory,
    approved_recordal,
    image_upload,
    pdf_upload,
    recordal_image,
    submitted_recordal,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "holder1", "holder2", "agent", "idle_agent", "officer1", "officer2", "admin"]
HOLDER1_SIDE = {"holder1", "agent", "admin"}
HOLDER1_FILERS = {"holder1", "agent"}
SEES_APPROVED = {"holder1", "agent", "officer1", "officer2", "admin"}
CUSTOMS = {"officer1", "officer2", "admin"}
ADMIN = {"admin"}


@pytest.fixture
def scene(cast):
    draft = RecordalFactory(holder=cast.holder1, created_by=cast.holder1_user)
    draft_document = services.recordal_documents_add(
        actor=cast.holder1_user, recordal=draft, documents=[(verify_pdf(pdf_upload()), "")]
    )[0]
    approved = approved_recordal(holder=cast.holder1, title="LUMIÈRE")
    approved_document = RecordalDocument(recordal=approved, title="Licence", original_name="l.pdf", sha256="1" * 64)
    approved_document.file.save(f"recordals/{approved.pk}/docs/l.pdf", pdf_upload(), save=True)
    modification = services.modification_request(
        actor=cast.holder1_user, recordal=approved, changes={"identification_guide": "New guide"}
    )
    users = {
        "anonymous": None,
        "outsider": cast.outsider,
        "holder1": cast.holder1_user,
        "holder2": cast.holder2_user,
        "agent": cast.agent_user,
        "idle_agent": member_of(AgentFirmFactory(name="Idle Firm"), username="t-idle-agent"),
        "officer1": cast.officer1,
        "officer2": cast.officer2,
        "admin": cast.admin,
    }
    return SimpleNamespace(
        draft=draft,
        draft_image=recordal_image(draft),
        draft_document=draft_document,
        submitted=submitted_recordal(holder=cast.holder1),
        approved=approved,
        approved_image=recordal_image(approved),
        approved_document=approved_document,
        modification=modification,
        other_draft=RecordalFactory(holder=cast.holder2),
        users=users,
    )


def _client(scene, role):
    return client_as(scene.users[role])


PAGES = {
    "draft page": (lambda s: reverse("recordals:detail", args=[s.draft.pk]), HOLDER1_SIDE),
    "draft edit page": (lambda s: reverse("recordals:edit", args=[s.draft.pk]), HOLDER1_FILERS),
    "draft image": (lambda s: reverse("recordals:image", args=[s.draft_image.pk]), HOLDER1_SIDE),
    "draft thumbnail": (lambda s: reverse("recordals:image-thumb", args=[s.draft_image.pk]), HOLDER1_SIDE),
    "draft document": (lambda s: reverse("recordals:document", args=[s.draft_document.pk]), HOLDER1_SIDE),
    "approved page": (lambda s: reverse("recordals:detail", args=[s.approved.pk]), SEES_APPROVED),
    "approved image": (lambda s: reverse("recordals:image", args=[s.approved_image.pk]), SEES_APPROVED),
    "approved thumbnail": (lambda s: reverse("recordals:image-thumb", args=[s.approved_image.pk]), SEES_APPROVED),
    "approved document": (lambda s: reverse("recordals:document", args=[s.approved_document.pk]), HOLDER1_SIDE),
    "modify page": (lambda s: reverse("recordals:modify", args=[s.approved.pk]), HOLDER1_FILERS),
    "review page": (lambda s: reverse("recordals:review", args=[s.submitted.pk]), ADMIN),
    "modification review": (lambda s: reverse("recordals:modification-review", args=[s.modification.pk]), ADMIN),
    "review queue": (lambda s: reverse("recordals:review-queue"), ADMIN),
    "search page": (lambda s: reverse("recordals:search") + "?q=LUM", CUSTOMS),
    "search json": (lambda s: reverse("recordals:search-json") + "?q=LUM", CUSTOMS),
}
API = {
    "draft": (lambda s: f"/api/recordals/{s.draft.pk}/", HOLDER1_SIDE),
    "submitted": (lambda s: f"/api/recordals/{s.submitted.pk}/", HOLDER1_SIDE),
    "approved": (lambda s: f"/api/recordals/{s.approved.pk}/", SEES_APPROVED),
    "review queue": (lambda s: "/api/recordals/review-queue/", ADMIN),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_recordal_page_is_open_only_to_those_it_concerns(scene, role, name):
    url, allowed = PAGES[name]
    response = _client(scene, role).get(url(scene))
    assert_open_only_to(response, allowed=role in allowed, api=False, label=(name, role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(API))
def test_recordal_api_object_is_open_only_to_those_it_concerns(scene, role, name):
    url, allowed = API[name]
    response = _client(scene, role).get(url(scene))
    assert_open_only_to(response, allowed=role in allowed, api=True, label=(name, role))


def test_officers_read_approved_recordals_without_documents_or_modifications(scene):
    data = _client(scene, "officer2").get(f"/api/recordals/{scene.approved.pk}/").json()
    assert data["documents"] == [] and data["modifications"] == []
    page = _client(scene, "officer2").get(reverse("recordals:detail", args=[scene.approved.pk]))
    assert not page.context["documents"] and not page.context["modifications"]


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("outsider", set()),
        ("holder1", {"draft", "submitted", "approved"}),
        ("holder2", {"other_draft"}),
        ("agent", {"draft", "submitted", "approved"}),
        ("idle_agent", set()),
        ("officer1", {"approved"}),
        ("admin", {"draft", "submitted", "approved", "other_draft"}),
    ],
)
def test_recordal_list_holds_only_what_the_caller_may_see(scene, role, visible):
    response = _client(scene, role).get("/api/recordals/?include_inactive=1")
    assert {row["id"] for row in response.json()["results"]} == {getattr(scene, name).pk for name in visible}


def _unchanged(scene):
    """Return a fingerprint of everything a refused request must leave alone."""
    return (
        list(Recordal.objects.order_by("pk").values_list("pk", "status", "title", "number", "holder_id")),
        RecordalEvent.objects.count(),
        RecordalImage.objects.count(),
        RecordalDocument.objects.count(),
        list(Modification.objects.order_by("pk").values_list("pk", "status")),
    )


def _holder_actions(s):
    """Requests only holder1's filers may make (path, method, body)."""
    return [
        (f"/api/recordals/{s.draft.pk}/", "patch", {"title": "HIJACKED"}),
        (f"/api/recordals/{s.draft.pk}/submit/", "post", {}),
        (f"/api/recordals/{s.draft.pk}/images/", "multipart", {"image": image_upload()}),
        (f"/api/recordals/{s.draft.pk}/documents/", "multipart", {"file": pdf_upload()}),
        (f"/api/recordals/{s.draft.pk}/images/{s.draft_image.pk}/", "delete", None),
        (f"/api/recordals/{s.approved.pk}/modify/", "post", {"changes": {"right_details": "x"}}),
        (f"/api/recordals/{s.approved.pk}/renew/", "post", {}),
        (reverse("recordals:edit", args=[s.draft.pk]), "form", {"title": "HIJACKED"}),
        (reverse("recordals:action", args=[s.draft.pk, "submit"]), "form", {}),
        (reverse("recordals:image-remove", args=[s.draft_image.pk]), "form", {}),
        (reverse("recordals:modify", args=[s.approved.pk]), "form", {"identification_guide": "x"}),
    ]


def _admin_actions(s):
    return [
        (f"/api/recordals/{s.submitted.pk}/approve/", "post", {}),
        (f"/api/recordals/{s.submitted.pk}/reject/", "post", {"reason": "no"}),
        (f"/api/recordals/{s.approved.pk}/modifications/{s.modification.pk}/approve/", "post", {}),
        (f"/api/recordals/{s.approved.pk}/modifications/{s.modification.pk}/reject/", "post", {"reason": "no"}),
        (reverse("recordals:review", args=[s.submitted.pk]), "form", {"decision": "approve", "confirmed": "yes"}),
        (
            reverse("recordals:modification-review", args=[s.modification.pk]),
            "form",
            {"decision": "approve", "confirmed": "yes"},
        ),
    ]


def _send(client, path, method, body):
    if method == "multipart":
        return client.post(path, body, format="multipart")
    if method == "form":
        return client.post(path, body)
    return getattr(client, method)(path, body, format="json")


def _refused(response):
    """A refused request: 401/403/404, a login redirect, or a page redirect that carries an error message."""
    return response.status_code in (401, 403, 404) or (
        response.status_code == 302 and "/accounts/login/" in response.url
    )


@pytest.mark.parametrize("role", ["anonymous", "outsider", "holder2", "idle_agent", "officer1", "admin"])
def test_only_the_holders_filers_file_edit_or_attach(scene, role):
    before = _unchanged(scene)
    client = _client(scene, role)
    for path, method, body in _holder_actions(scene):
        response = _send(client, path, method, body)
        assert _refused(response), (path, role, response.status_code)
    assert _unchanged(scene) == before


@pytest.mark.parametrize("role", ["anonymous", "outsider", "holder1", "holder2", "agent", "officer1"])
def test_only_administrators_review_filings_and_modifications(scene, role):
    before = _unchanged(scene)
    client = _client(scene, role)
    for path, method, body in _admin_actions(scene):
        response = _send(client, path, method, body)
        assert _refused(response), (path, role, response.status_code)
    assert _unchanged(scene) == before


@pytest.mark.parametrize("role", ["anonymous", "outsider", "holder2", "idle_agent", "officer1", "officer2"])
def test_only_the_holder_side_or_administrators_cancel(scene, role):
    before = _unchanged(scene)
    client = _client(scene, role)
    api = client.post(f"/api/recordals/{scene.approved.pk}/cancel/", {"reason": "x"}, format="json")
    page = client.post(reverse("recordals:action", args=[scene.approved.pk, "cancel"]), {"reason": "x"})
    assert _refused(api) and _refused(page), (api.status_code, page.status_code)
    assert _unchanged(scene) == before


def test_agent_without_filing_right_cannot_file_edit_or_attach(scene, cast):
    Delegation.objects.filter(pk=cast.delegation.pk).update(may_file=False)
    before = _unchanged(scene)
    client = _client(scene, "agent")
    for path, method, body in _holder_actions(scene):
        assert _refused(_send(client, path, method, body)), path
    assert _unchanged(scene) == before


def test_agent_with_chosen_recordals_reaches_only_those(scene, cast):
    firm = AgentFirmFactory(name="Chosen Firm")
    DelegationFactory(holder=cast.holder1, agent=firm, scope=Delegation.Scope.CHOSEN).recordals.add(scene.approved)
    client = APIClient()
    client.force_login(member_of(firm, username="t-chosen-agent"))
    assert client.get(f"/api/recordals/{scene.approved.pk}/").status_code == 200
    assert client.get(f"/api/recordals/{scene.draft.pk}/").status_code == 404
    assert client.get(reverse("recordals:image", args=[scene.draft_image.pk])).status_code == 404
    assert client.get(reverse("recordals:document", args=[scene.draft_document.pk])).status_code == 404
    body = {"holder": cast.holder1.pk, "right_type": "trademark", "title": "NEW", "registration_number": "R1"}
    body["right_valid_from"] = "2020-01-01"
    response = client.post("/api/recordals/", body, format="json")
    assert response.status_code == 403
    assert not Recordal.objects.filter(title="NEW").exists()


def test_revoked_agent_loses_every_recordal_route(scene, cast):
    from django.utils import timezone

    Delegation.objects.filter(pk=cast.delegation.pk).update(revoked_at=timezone.now())
    client = _client(scene, "agent")
    assert client.get(f"/api/recordals/{scene.approved.pk}/").status_code == 404
    assert client.get(reverse("recordals:image", args=[scene.approved_image.pk])).status_code == 404
    assert client.get(reverse("recordals:document", args=[scene.approved_document.pk])).status_code == 404
    assert client.get("/api/recordals/").json()["results"] == []
