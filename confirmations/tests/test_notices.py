import hashlib
import hmac
import json
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from confirmations.tests.factories import file_case, item_input
from portal.notices import tasks as notice_tasks
from portal.notices.models import Delivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_notice_email_has_text_and_html_with_deadline_and_link(filed, cast):
    _case, lumiere, _ = filed
    message = next(m for m in mail.outbox if m.to == [cast.holder1_user.email])
    assert lumiere.recordal.number in message.subject
    assert "24:00" in message.body and lumiere.get_absolute_url() in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "24:00" in html


def test_notice_email_is_in_the_recipients_language(cast, recordals, django_capture_on_commit_callbacks):
    cast.holder2_user.language = "zh-hans"
    cast.holder2_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        file_case(cast.officer1, [item_input(recordals.nordik)])
    assert any(m.to == [cast.holder2_user.email] for m in mail.outbox)


def test_delivering_twice_sends_one_email(cast, recordals, django_capture_on_commit_callbacks):
    from portal.celery import app

    app.conf.task_always_eager = False
    with django_capture_on_commit_callbacks(execute=False):
        file_case(cast.officer1, [item_input(recordals.nordik)])
    delivery = Delivery.objects.get(recipient=cast.holder2_user, channel="email")
    notice_tasks.deliver(delivery.pk)
    notice_tasks.deliver(delivery.pk)
    assert len([m for m in mail.outbox if m.to == [cast.holder2_user.email]]) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1


def test_notice_survives_a_broker_that_is_down(cast, recordals, django_capture_on_commit_callbacks, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(notice_tasks.deliver_batch, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        file_case(cast.officer1, [item_input(recordals.nordik)])
    delivery = Delivery.objects.get(recipient=cast.holder2_user, channel="email")
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.handed_out_at is None, "the queue never took it"
    monkeypatch.undo()
    notice_tasks.send_due_deliveries()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


class _Recorder(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def _receivers_on_loopback(settings):
    """The test receivers listen on 127.0.0.1, which production refuses as a webhook address."""
    settings.PORTAL_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def webhook_server():
    _Recorder.received = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_webhook_is_signed_with_hmac_sha256_over_timestamp_and_body(
    cast, recordals, webhook_server, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint.objects.create(
        organization=cast.holder2, url=f"http://127.0.0.1:{webhook_server.server_port}/hook"
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(cast.officer1, [item_input(recordals.nordik)])
    assert len(_Recorder.received) == 1
    headers, body = _Recorder.received[0]
    timestamp = headers["X-Portal-Timestamp"]
    expected = hmac.new(endpoint.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Portal-Signature"], f"sha256={expected}")
    payload = json.loads(body)
    item = case.items.get()
    assert payload["item"] == item.pk and payload["case"] == case.pk
    assert (
        datetime.fromisoformat(payload["deadline"]) == item.deadline and payload["recordal"] == recordals.nordik.number
    )
    assert Delivery.objects.get(endpoint=endpoint).status == Delivery.Status.SENT


def test_failed_webhook_is_recorded_and_retried_later(cast, recordals, django_capture_on_commit_callbacks):
    from portal.celery import app

    app.conf.task_always_eager = False
    endpoint = WebhookEndpoint.objects.create(organization=cast.holder2, url="http://127.0.0.1:9/closed")
    with django_capture_on_commit_callbacks(execute=False):
        file_case(cast.officer1, [item_input(recordals.nordik)])
    delivery = Delivery.objects.get(endpoint=endpoint)
    from portal.notices.sending import delivery_attempt

    assert delivery_attempt(delivery_id=delivery.pk) == Delivery.Status.QUEUED
    delivery.refresh_from_db()
    assert delivery.last_error and delivery.next_attempt_at is not None and delivery.attempts == 1
