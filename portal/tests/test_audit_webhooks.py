"""Webhook endpoints keep a history; removing one keeps every delivery and attempt made to it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.notices.models import Delivery, DeliveryAttempt, WebhookEndpoint, WebhookEndpointEvent
from portal.notices.services import notice_send
from portal.notices.webhooks import REMOVED_ERROR, webhook_add, webhook_remove
from portal.tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

URL = "https://hooks.lumiere.example/in"


def _hook(cast):
    return webhook_add(user=cast.holder1_user, url=URL)


def _notify(holder):
    return notice_send(
        recipients=[], kind="test_notice", template="notices/tests/notice", context={"name": "x"},
        webhook_organizations=[holder], payload={"item": 1},
    )  # fmt: skip


def test_registering_a_webhook_writes_one_added_event(cast):
    endpoint = _hook(cast)

    (event,) = WebhookEndpointEvent.objects.filter(endpoint=endpoint)
    assert (event.action, event.from_status, event.to_status) == ("added", "", "active")
    assert event.actor == cast.holder1_user and event.data == {"url": URL}


def test_removing_a_webhook_keeps_it_and_its_deliveries_and_attempts(cast):
    endpoint = _hook(cast)
    sent, waiting = _notify(cast.holder1)[0], _notify(cast.holder1)[0]
    Delivery.objects.filter(pk=sent.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now())
    DeliveryAttempt.objects.create(delivery=sent, number=1, started_at=timezone.now(), outcome="sent")

    webhook_remove(user=cast.holder1_user, endpoint_id=endpoint.pk)

    endpoint.refresh_from_db()
    assert endpoint.removed_at is not None and not endpoint.is_active and endpoint.state() == "removed"
    assert Delivery.objects.get(pk=sent.pk).status == Delivery.Status.SENT
    assert DeliveryAttempt.objects.filter(delivery=sent).count() == 1
    closed = Delivery.objects.get(pk=waiting.pk)
    assert (closed.status, closed.last_error) == (Delivery.Status.FAILED, REMOVED_ERROR)
    event = WebhookEndpointEvent.objects.filter(endpoint=endpoint).last()
    assert (event.action, event.from_status, event.to_status) == ("removed", "active", "removed")
    assert event.data == {"url": URL, "unsent": 1}
    assert WebhookEndpointEvent.objects.filter(endpoint=endpoint).count() == 2


def test_a_removed_webhook_is_sent_nothing_more_and_may_be_registered_again(cast):
    endpoint = _hook(cast)
    webhook_remove(user=cast.holder1_user, endpoint_id=endpoint.pk)

    assert _notify(cast.holder1) == []
    again = webhook_add(user=cast.holder1_user, url=URL)
    assert [d.endpoint_id for d in _notify(cast.holder1)] == [again.pk]


def test_a_removed_webhook_cannot_be_removed_twice(cast):
    endpoint = _hook(cast)
    webhook_remove(user=cast.holder1_user, endpoint_id=endpoint.pk)

    with pytest.raises(WebhookEndpoint.DoesNotExist):
        webhook_remove(user=cast.holder1_user, endpoint_id=endpoint.pk)
    assert WebhookEndpointEvent.objects.filter(endpoint=endpoint, action="removed").count() == 1


def test_api_delete_answers_204_and_the_list_omits_the_removed_webhook(cast, api_client):
    endpoint = _hook(cast)
    api_client.force_authenticate(cast.holder1_user)

    assert api_client.delete(f"/api/webhooks/{endpoint.pk}/").status_code == 204
    assert api_client.get("/api/webhooks/").json()["results"] == []
    assert api_client.delete(f"/api/webhooks/{endpoint.pk}/").status_code == 404
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_api_lists_the_holders_webhook_history_newest_first(cast, api_client, django_assert_num_queries):
    endpoint = _hook(cast)
    webhook_remove(user=cast.holder1_user, endpoint_id=endpoint.pk)
    api_client.force_authenticate(cast.holder1_user)

    with django_assert_num_queries(1):  # the holder is known from the user: one query, events with URL and actor
        answer = api_client.get("/api/webhooks/events/")

    assert answer.status_code == 200
    assert [(e["action"], e["url"], e["actor"]) for e in answer.json()] == [
        ("removed", URL, "t-holder1"),
        ("added", URL, "t-holder1"),
    ]


@pytest.mark.parametrize("role", ["holder2_user", "agent_user", "officer1", "outsider"])
def test_nobody_else_sees_a_holders_webhook_history(cast, api_client, role):
    _hook(cast)
    api_client.force_authenticate(getattr(cast, role))

    assert api_client.get("/api/webhooks/events/").json() == []


def test_the_webhooks_page_shows_the_history(cast, client):
    endpoint = _hook(cast)
    client.force_login(cast.holder1_user)

    client.post(reverse("confirmations:webhooks"), {"remove": endpoint.pk})
    page = client.get(reverse("confirmations:webhooks")).content.decode()

    assert "Webhook removed" in page and "Webhook registered" in page and URL in page


def test_an_administrator_switching_a_webhook_off_writes_one_event(cast, admin_client, admin_user):
    endpoint = _hook(cast)
    url = reverse("admin:notices_webhookendpoint_change", args=[endpoint.pk])

    assert admin_client.post(url, admin_form_data(admin_client, url, is_active=None)).status_code == 302

    event = WebhookEndpointEvent.objects.filter(endpoint=endpoint).last()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "changed",
        "active",
        "switched_off",
        admin_user,
    )
    assert event.data == {"via": "admin", "changes": {"is_active": ["True", "False"]}}
    assert admin_client.post(url, admin_form_data(admin_client, url, is_active=None)).status_code == 302
    assert WebhookEndpointEvent.objects.filter(endpoint=endpoint).count() == 2


def test_the_admin_cannot_delete_a_webhook(cast, admin_client):
    endpoint = _hook(cast)

    answer = admin_client.post(reverse("admin:notices_webhookendpoint_delete", args=[endpoint.pk]), {"post": "yes"})

    assert answer.status_code == 403
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
