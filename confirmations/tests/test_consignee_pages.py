"""The consignee's pages and JSON through its link: its own shipment's detention facts only, on one device,
never the holder's private fields, never a session user's identity in place of the link."""

import pytest
from django.test import Client
from django.urls import reverse

from confirmations.models import CaseEvent
from confirmations.tests.consignee_factories import holder_link, record_link, shipment_with_detained_goods
from confirmations.views.consignee import device_cookie

pytestmark = pytest.mark.django_db

PRIVATE = (
    "legal@lumiere.example",  # the holder's contact e-mail
    "+33 1 99 99 99 99",  # the holder's contact phone
    "Private: fake dials.",  # the holder's comment
    "Officer&#x27;s private note",  # the office's notes on the case
    "Officer's private note",
    "Other shipment",  # another shipment of the same holders
    "Spare crowns still pending",  # goods not detained
    "21,000.00",  # the patent goods' case bond (50% of 42,000)
    "21000",
    "bond",
    "Bond",
)


@pytest.fixture
def scene(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scene = shipment_with_detained_goods(cast)
        scene.link, scene.token = record_link(cast, scene.case)
    scene.url = reverse("confirmations:consignee-facts", args=[scene.link.public_id, scene.token])
    scene.api = reverse("confirmations:api-consignee", args=[scene.link.public_id, scene.token])
    return scene


def test_the_link_shows_the_detention_facts_of_its_shipment_and_sets_an_httponly_device_cookie(client, scene):
    response = client.get(scene.url)
    assert response.status_code == 200
    page = response.content.decode()
    for fact in ("Crown assemblies", "42,000.00", "Port Office One", scene.patent.recordal.number):
        assert fact in page
    assert "Maison Lumière" in page
    cookie = response.cookies[device_cookie(scene.link.public_id)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert response["Referrer-Policy"] == "same-origin" and "no-store" in response["Cache-Control"]


def test_consignee_never_sees_the_holders_private_fields_in_page_or_json(client, scene):
    page = client.get(scene.url).content.decode()
    json_text = client.get(scene.api).content.decode()
    for private in PRIVATE:
        assert private not in page, private
        assert private not in json_text, private


def test_json_gives_the_same_facts_with_legal_days(client, scene):
    client.get(scene.url)
    answer = client.get(scene.api).json()
    assert [item["description"] for item in answer["items"]] == ["Crown assemblies"]
    patent = answer["items"][0]
    assert patent["counter_guarantee"]["possible"] is True
    assert patent["counter_guarantee"]["amount_cny"] == "42000.00"
    assert patent["counter_guarantee"]["lodging"]["payment_reference"] == f"IPR CG-{scene.case.pk}-{scene.patent.pk}"
    trademark_link, trademark_token = holder_link(scene.case, scene.trademark.holder)
    other = Client()
    other.get(reverse("confirmations:consignee-facts", args=[trademark_link.public_id, trademark_token]))
    trademark = other.get(reverse("confirmations:api-consignee", args=[trademark_link.public_id, trademark_token]))
    assert trademark.json()["items"][0]["counter_guarantee"] == {
        "possible": False,
        "requested": False,
        "amount_cny": "800.00",
        "reference": f"CG-{scene.case.pk}-{scene.trademark.pk}",
        "lodging": None,
    }
    assert len(patent["investigation_due_date"]) == 10
    assert set(answer) == {
        "case_id", "role", "party_name", "office_name", "waybill_number", "channel_label", "direction_label",
        "declared_goods", "case_status", "expires_at", "items", "submissions",
    }  # fmt: skip


def test_every_access_through_the_link_is_an_event(client, scene):
    before = CaseEvent.objects.filter(action="consignee_link_opened").count()
    client.get(scene.url)
    client.get(scene.url)
    client.get(scene.api)
    pages = list(
        CaseEvent.objects.filter(action="consignee_link_opened").order_by("seq").values_list("data__page", flat=True)
    )
    assert pages[before:] == ["facts", "facts", "api"]


def test_another_device_gets_a_readable_refusal(client, scene):
    assert client.get(scene.url).status_code == 200
    other = Client()
    response = other.get(scene.url)
    assert response.status_code == 403
    assert "opened on another device" in response.content.decode()
    answer = other.get(scene.api)
    assert (answer.status_code, answer.json()["reason"]) == (403, "other_device")


def test_a_logged_in_users_session_is_no_substitute_for_the_device(client, cast, scene):
    client.get(scene.url)
    for user in (cast.officer1, cast.holder1_user, cast.admin):
        browser = Client()
        browser.force_login(user)
        assert browser.get(scene.url).status_code == 403
        assert browser.get(scene.api).status_code == 403


def test_a_revoked_link_says_so_with_410(client, cast, scene):
    from confirmations import services

    client.get(scene.url)
    services.consignee_link_revoke(officer=cast.officer1, link_id=scene.link.pk)
    response = client.get(scene.url)
    assert response.status_code == 410 and "withdrew this link" in response.content.decode()
    assert client.get(scene.api).json()["reason"] == "revoked"


def test_a_wrong_token_or_unknown_link_is_404(client, scene):
    wrong = reverse(
        "confirmations:consignee-facts",
        args=[scene.link.public_id, scene.token[:-1] + ("B" if scene.token.endswith("A") else "A")],
    )
    assert client.get(wrong).status_code == 404
    unknown = reverse("confirmations:api-consignee", args=["00000000-0000-0000-0000-000000000000", scene.token])
    assert client.get(unknown).status_code == 404


def test_the_facts_page_reads_a_fixed_number_of_queries(client, scene, django_assert_num_queries):
    client.get(scene.url)
    with django_assert_num_queries(18):
        assert client.get(scene.url).status_code == 200


def test_the_page_speaks_chinese(client, scene):
    client.cookies["django_language"] = "zh-hans"
    page = client.get(scene.url).content.decode()
    assert 'lang="zh-hans"' in page
    assert "您被扣留的货物" in page
