"""Notices: in-app rows, e-mail and webhook deliveries, claims, retries and signatures."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.notices import sending, services, tasks
from portal.notices.models import Delivery, Notice, WebhookEndpoint
from portal.notices.tasks import deliver, send_due_deliveries
from portal.tests.factories import HolderFactory, member_of

pytestmark = pytest.mark.django_db

TEMPLATE = "notices/tests/notice"


def send(users, orgs=(), name="LUMIÈRE"):
    return services.notice_send(
        recipients=users,
        kind="test_notice",
        template=TEMPLATE,
        context={"name": name},
        link="/items/1/",
        webhook_organizations=orgs,
        payload={"item": 1},
    )


def test_each_recipient_gets_an_in_app_notice_and_an_email_delivery(django_capture_on_commit_callbacks):
    holder = HolderFactory()
    users = [member_of(holder), member_of(holder)]
    with django_capture_on_commit_callbacks() as callbacks:
        deliveries = send(users)
    assert Notice.objects.filter(kind="test_notice").count() == 2
    assert [d.channel for d in deliveries] == ["email", "email"]
    assert all(d.status == "queued" for d in deliveries)
    assert len(callbacks) == 1


def test_email_is_rendered_in_the_recipients_language_with_an_absolute_link(settings):
    holder = HolderFactory()
    user = member_of(holder, language="zh-hans")
    (delivery,) = send([user])
    assert delivery.subject.endswith(": LUMIÈRE")
    assert f"{settings.SITE_URL}/items/1/" in delivery.text_body
    assert "<a href=" in delivery.html_body


def test_delivery_sent_twice_sends_one_email(mailoutbox):
    (delivery,) = send([member_of(HolderFactory())])
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "sent"
    assert sending.delivery_attempt(delivery_id=delivery.pk) == ""
    deliver(delivery.pk)
    assert len(mailoutbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 1 and delivery.sent_at is not None


def test_email_has_text_and_html_parts(mailoutbox):
    user = member_of(HolderFactory())
    (delivery,) = send([user])
    sending.delivery_attempt(delivery_id=delivery.pk)
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.alternatives[0][1] == "text/html"


def test_user_without_email_gets_only_the_in_app_notice():
    user = member_of(HolderFactory(), email="")
    assert send([user]) == []
    assert Notice.objects.filter(recipient=user).count() == 1


def test_webhook_is_signed_with_hmac_over_timestamp_and_body(webhook_server):
    url, recorder = webhook_server
    holder = HolderFactory()
    endpoint = WebhookEndpoint.objects.create(organization=holder, url=url)
    deliveries = send([], orgs=[holder])
    assert sending.delivery_attempt(delivery_id=deliveries[0].pk) == "sent"
    headers, body = recorder.received[0]
    expected = hmac.new(endpoint.secret.encode(), headers["X-Portal-Timestamp"].encode() + b"." + body, hashlib.sha256)
    assert headers["X-Portal-Signature"] == f"sha256={expected.hexdigest()}"
    assert json.loads(body)["event"] == "test_notice"
    assert json.loads(body)["item"] == 1


def test_inactive_webhook_gets_nothing(webhook_server):
    url, _ = webhook_server
    holder = HolderFactory()
    WebhookEndpoint.objects.create(organization=holder, url=url, is_active=False)
    assert send([], orgs=[holder]) == []


def test_failed_webhook_is_recorded_and_retried_with_backoff(webhook_server):
    url, recorder = webhook_server
    recorder.status = 500
    holder = HolderFactory()
    WebhookEndpoint.objects.create(organization=holder, url=url)
    (delivery,) = send([], orgs=[holder])
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "queued"
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert "500" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "", "not due yet"
    recorder.status = 200
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert sending.delivery_attempt(delivery_id=delivery.pk) == "sent"
    assert len(recorder.received) == 2


def test_delivery_fails_for_good_after_the_last_attempt():
    holder = HolderFactory()
    WebhookEndpoint.objects.create(organization=holder, url="http://127.0.0.1:9/nothing-listens-here")
    (delivery,) = send([], orgs=[holder])
    Delivery.objects.filter(pk=delivery.pk).update(attempts=sending.MAX_ATTEMPTS - 1)
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.last_error


def test_pending_deliveries_survive_a_broker_outage_and_are_swept(mailoutbox, django_capture_on_commit_callbacks):
    user = member_of(HolderFactory())
    with django_capture_on_commit_callbacks(execute=False):
        (delivery,) = send([user])
    handed_out = sending.deliveries_hand_out()
    assert handed_out == [(delivery.pk, "email")]
    for delivery_id, _channel in handed_out:
        sending.delivery_attempt(delivery_id=delivery_id)
    assert len(mailoutbox) == 1
    assert sending.deliveries_hand_out() == []


def test_queueing_with_the_broker_down_leaves_the_row_queued(monkeypatch):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to the broker. Connection refused.")

    (delivery,) = send([member_of(HolderFactory())])
    monkeypatch.setattr(tasks.deliver_batch, "delay", broker_down)
    tasks.queue_deliveries([delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == "queued" and delivery.handed_out_at is None
    assert sending.deliveries_hand_out() == [(delivery.pk, "email")]


def test_claim_left_by_a_dead_worker_is_released_just_past_the_send_timeout(settings):
    settings.PORTAL_WEBHOOK_CONNECT_TIMEOUT, settings.PORTAL_WEBHOOK_READ_TIMEOUT = 3, 5
    settings.EMAIL_TIMEOUT, settings.PORTAL_DELIVERY_CLAIM_MARGIN = 10, 30
    (delivery,) = send([member_of(HolderFactory())])
    claimed = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=claimed)
    assert sending.deliveries_release_stale(now=claimed + timedelta(seconds=39)) == 0
    assert sending.deliveries_release_stale(now=claimed + timedelta(seconds=41)) == 1
    assert sending.deliveries_hand_out(now=claimed + timedelta(seconds=41)) == [(delivery.pk, "email")]


def test_sweep_task_queues_what_is_due(monkeypatch):
    (delivery,) = send([member_of(HolderFactory())])
    queued = []
    monkeypatch.setattr(deliver, "delay", queued.append)
    assert send_due_deliveries() == 1
    assert queued == [delivery.pk]


def test_webhook_to_a_name_resolving_inside_the_network_fails_for_good(settings, monkeypatch):
    from portal.notices import destinations

    settings.PORTAL_WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(
        destinations.socket, "getaddrinfo", lambda *args, **kwargs: [(2, 1, 6, "", ("169.254.169.254", 443))]
    )
    holder = HolderFactory()
    WebhookEndpoint.objects.create(organization=holder, url="https://hooks.example.com/ipr")
    (delivery,) = send([], orgs=[holder])
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "non-public address 169.254.169.254" in delivery.last_error
    assert delivery.attempts == 1


def test_webhook_to_a_literal_private_address_is_never_attempted(settings):
    settings.PORTAL_WEBHOOK_ALLOW_PRIVATE = False
    holder = HolderFactory()
    WebhookEndpoint.objects.create(organization=holder, url="http://10.1.2.3/hook")
    (delivery,) = send([], orgs=[holder])
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "failed"


def test_webhook_connects_to_the_address_that_was_checked(webhook_server, monkeypatch):
    from portal.notices import destinations

    url, recorder = webhook_server
    port = url.split(":")[2].split("/")[0]
    checked = []

    def resolve(host, *args, **kwargs):
        checked.append(host)
        return [(2, 1, 6, "", ("127.0.0.1", int(port)))]

    monkeypatch.setattr(destinations.socket, "getaddrinfo", resolve)
    holder = HolderFactory()
    WebhookEndpoint.objects.create(organization=holder, url=f"http://hooks.example.com:{port}/ipr?x=1")
    (delivery,) = send([], orgs=[holder])
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "sent"
    headers, _body = recorder.received[0]
    assert checked[0] == "hooks.example.com"
    assert set(checked[1:]) <= {"127.0.0.1"}, "the name is resolved once; the connection uses the address"
    assert headers["Host"] == f"hooks.example.com:{port}"


def test_a_user_who_was_notified_cannot_be_deleted_so_the_notices_and_deliveries_stay(admin_client):
    from django.db.models import ProtectedError

    user = member_of(HolderFactory())
    send([user])
    with pytest.raises(ProtectedError):
        user.delete()
    assert Notice.objects.filter(recipient=user).count() == 1
    assert Delivery.objects.filter(recipient=user).count() == 1
    assert admin_client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"}).status_code == 403
