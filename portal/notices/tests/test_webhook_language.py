"""Webhook texts in the endpoint's language, rendered when sent; machine fields the same in every language."""

import hashlib
import hmac
import json

import pytest
from django.utils.translation import gettext_lazy as _

from portal.notices import sending, services
from portal.notices.models import Delivery, WebhookEndpoint
from portal.notices.webhooks import webhook_add
from portal.tests.factories import HolderFactory, member_of

pytestmark = pytest.mark.django_db


def send(orgs):
    return services.notice_send(
        recipients=[],
        kind="test_notice",
        template="notices/tests/notice",
        context={"name": "LUMIÈRE", "label": _("Suspect goods")},
        link="/items/7/",
        webhook_organizations=orgs,
        payload={"item": 7, "status": "pending", "deadline": "2026-03-14T00:00:00+08:00"},
    )


def sent_by_endpoint(recorder):
    return {headers["X-Portal-Delivery"]: (headers, body) for headers, body in recorder.received}


def test_each_endpoint_gets_the_texts_in_its_language_and_the_same_machine_fields(webhook_server):
    url, recorder = webhook_server
    holder = HolderFactory(name="Maison Lumière")
    zh = WebhookEndpoint.objects.create(organization=holder, url=url + "?zh", language="zh-hans")
    en = WebhookEndpoint.objects.create(organization=holder, url=url + "?en", language="en")
    deliveries = send([holder])
    for delivery in deliveries:
        assert sending.delivery_attempt(delivery_id=delivery.pk) == "sent"
    received = sent_by_endpoint(recorder)
    bodies = {}
    for delivery in deliveries:
        headers, body = received[str(delivery.pk)]
        secret = (zh if delivery.endpoint_id == zh.pk else en).secret
        signed = hmac.new(secret.encode(), headers["X-Portal-Timestamp"].encode() + b"." + body, hashlib.sha256)
        assert headers["X-Portal-Signature"] == f"sha256={signed.hexdigest()}"
        bodies[delivery.endpoint_id] = json.loads(body)
    assert bodies[zh.pk]["title"] == "涉嫌侵权货物: LUMIÈRE"
    assert bodies[en.pk]["title"] == "Suspect goods: LUMIÈRE"
    assert bodies[zh.pk]["language"] == "zh-hans" and bodies[en.pk]["language"] == "en"
    assert "Hello Maison Lumière" in bodies[en.pk]["body"]
    machine = {"event", "item", "status", "deadline", "link"}
    assert {key: bodies[zh.pk][key] for key in machine} == {key: bodies[en.pk][key] for key in machine}
    assert bodies[en.pk]["deadline"] == "2026-03-14T00:00:00+08:00"


def test_stored_body_is_what_was_sent_and_a_retry_sends_the_same_bytes(webhook_server):
    url, recorder = webhook_server
    holder = HolderFactory()
    WebhookEndpoint.objects.create(organization=holder, url=url, language="zh-hans")
    (delivery,) = send([holder])
    recorder.status = 500
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "queued"
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
    recorder.status = 200
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "sent"
    delivery.refresh_from_db()
    first, second = (body for _headers, body in recorder.received)
    assert first == second == delivery.body.encode()
    assert json.loads(delivery.body)["delivery"] == delivery.pk


def test_texts_follow_the_language_when_sent_not_when_queued(webhook_server):
    url, recorder = webhook_server
    holder = HolderFactory()
    endpoint = WebhookEndpoint.objects.create(organization=holder, url=url, language="en")
    (delivery,) = send([holder])
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(language="zh-hans")
    sending.delivery_attempt(delivery_id=delivery.pk)
    assert json.loads(recorder.received[0][1])["title"].startswith("涉嫌侵权货物")


def test_webhook_registered_without_a_language_uses_the_site_default(settings):
    holder = HolderFactory()
    user = member_of(holder)
    assert webhook_add(user=user, url="https://hooks.example.com/a").language == settings.LANGUAGE_CODE
    assert webhook_add(user=user, url="https://hooks.example.com/b", language="zh-hans").language == "zh-hans"


def test_a_webhook_whose_template_is_gone_still_sends_its_machine_fields(webhook_server):
    url, recorder = webhook_server
    holder = HolderFactory()
    WebhookEndpoint.objects.create(organization=holder, url=url)
    (delivery,) = send([holder])
    Delivery.objects.filter(pk=delivery.pk).update(template="notices/tests/removed")
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "sent"
    body = json.loads(recorder.received[0][1])
    assert body["item"] == 7 and "title" not in body
