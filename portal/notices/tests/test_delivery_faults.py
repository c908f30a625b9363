"""Deliveries under faults: attempts recorded, timeouts, the circuit breaker, queues and the sweep."""

import logging
import socket
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.celery import app
from portal.notices import breaker, sending, tasks
from portal.notices.models import Delivery, DeliveryAttempt, WebhookEndpoint
from portal.notices.tasks import deliver, deliver_webhook, send_due_deliveries
from portal.notices.tests.test_deliveries import send
from portal.tests.factories import HolderFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_server():
    """A receiver on 127.0.0.1 that accepts connections, reads the request and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(50)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook", held
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


@pytest.fixture
def fast_breaker(settings):
    settings.PORTAL_WEBHOOK_CONNECT_TIMEOUT = 1
    settings.PORTAL_WEBHOOK_READ_TIMEOUT = 0.3
    settings.PORTAL_WEBHOOK_BREAKER_FAILURES = 2
    settings.PORTAL_WEBHOOK_BREAKER_COOLDOWN = 120


def _webhooks(url, count=1):
    holder = HolderFactory()
    endpoint = WebhookEndpoint.objects.create(organization=holder, url=url)
    deliveries = [d for _ in range(count) for d in send([], orgs=[holder])]
    return endpoint, deliveries


def test_each_failed_attempt_is_a_row_and_one_warning_line_and_the_error_outlives_success(webhook_server, caplog):
    url, recorder = webhook_server
    recorder.status = 503
    _endpoint, (delivery,) = _webhooks(url)
    with caplog.at_level(logging.INFO, logger="portal.notices.sending"):
        assert sending.delivery_attempt(delivery_id=delivery.pk) == "queued"
        recorder.status = 200
        delivery.refresh_from_db()
        with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
            assert sending.delivery_attempt(delivery_id=delivery.pk) == "sent"
    first, second = DeliveryAttempt.objects.filter(delivery=delivery)
    assert (first.number, first.outcome, first.status_code) == (1, "failed", 503)
    assert "HTTP 503" in first.error and first.finished_at >= first.started_at
    assert (second.number, second.outcome, second.status_code, second.error) == (2, "sent", 200, "")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "\n" not in warnings[0].getMessage()
    assert f"delivery {delivery.pk} webhook attempt 1 failed: HTTP 503" in warnings[0].getMessage()
    delivery.refresh_from_db()
    assert delivery.status == "sent" and "HTTP 503" in delivery.last_error


def test_failed_email_attempt_is_logged_with_its_delivery_id(settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    (delivery,) = send([member_of(HolderFactory())])
    with caplog.at_level(logging.WARNING, logger="portal.notices.sending"):
        assert sending.delivery_attempt(delivery_id=delivery.pk) == "queued"
    (record,) = caplog.records
    assert record.getMessage().startswith(f"delivery {delivery.pk} email attempt 1 failed: ConnectionRefusedError")
    assert DeliveryAttempt.objects.get(delivery=delivery).outcome == "failed"


def test_every_webhook_post_carries_its_delivery_id(webhook_server):
    url, recorder = webhook_server
    _endpoint, deliveries = _webhooks(url, count=2)
    for delivery in deliveries:
        sending.delivery_attempt(delivery_id=delivery.pk)
    assert [h["X-Portal-Delivery"] for h, _body in recorder.received] == [str(d.pk) for d in deliveries]


def test_timed_out_webhook_is_outcome_unknown_and_retried_under_the_same_delivery_id(
    silent_server, webhook_server, fast_breaker, settings
):
    url, held = silent_server
    endpoint, (delivery,) = _webhooks(url)
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "queued"
    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert attempt.outcome == "unknown" and "no answer after the request was sent" in attempt.error
    assert b"X-Portal-Delivery: %d" % delivery.pk in held[0].recv(65536)
    good_url, recorder = webhook_server
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=good_url)
    delivery.refresh_from_db()
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert sending.delivery_attempt(delivery_id=delivery.pk) == "sent"
    assert recorder.received[0][0]["X-Portal-Delivery"] == str(delivery.pk)


def test_circuit_opens_after_the_failure_limit_and_defers_the_endpoints_deliveries_untried(
    silent_server, fast_breaker, settings
):
    url, held = silent_server
    endpoint, deliveries = _webhooks(url, count=4)
    assert [sending.delivery_attempt(delivery_id=d.pk) for d in deliveries[:2]] == ["queued", "queued"]
    endpoint.refresh_from_db()
    now = timezone.now()
    assert endpoint.circuit_state(now) == "open" and endpoint.failures_in_a_row == 2
    assert endpoint.paused_until > now + timedelta(seconds=110)
    assert [sending.delivery_attempt(delivery_id=d.pk) for d in deliveries[2:]] == ["deferred", "deferred"]
    assert len(held) == 2, "the paused endpoint got no third connection"
    for delivery in Delivery.objects.filter(pk__in=[d.pk for d in deliveries[2:]]):
        assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("queued", 0, endpoint.paused_until)
        assert not delivery.attempt_records.exists()


def test_after_the_cool_down_one_probe_goes_out_and_its_success_closes_the_circuit(webhook_server, fast_breaker):
    url, recorder = webhook_server
    endpoint, deliveries = _webhooks(url, count=3)
    paused_until = timezone.now() + timedelta(seconds=5)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failures_in_a_row=2, paused_until=paused_until)
    with time_machine.travel(paused_until + timedelta(seconds=1), tick=False):
        assert breaker.endpoint_admit(endpoint_id=endpoint.pk, now=timezone.now()) is None
        assert sending.delivery_attempt(delivery_id=deliveries[0].pk) == "deferred", "the probe is taken"
    endpoint.refresh_from_db()
    assert endpoint.circuit_state(paused_until) == "open"
    with time_machine.travel(endpoint.paused_until + timedelta(seconds=1), tick=False):
        assert sending.delivery_attempt(delivery_id=deliveries[1].pk) == "sent"
        endpoint.refresh_from_db()
        assert (endpoint.circuit_state(timezone.now()), endpoint.failures_in_a_row) == ("closed", 0)
        assert sending.delivery_attempt(delivery_id=deliveries[2].pk) == "sent"
    assert len(recorder.received) == 2


def test_failed_probe_opens_the_circuit_again(webhook_server, fast_breaker):
    url, recorder = webhook_server
    recorder.status = 500
    endpoint, (delivery,) = _webhooks(url)
    paused_until = timezone.now() + timedelta(seconds=5)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failures_in_a_row=2, paused_until=paused_until)
    with time_machine.travel(paused_until + timedelta(seconds=1), tick=False):
        assert sending.delivery_attempt(delivery_id=delivery.pk) == "queued"
        endpoint.refresh_from_db()
        assert endpoint.paused_until == timezone.now() + timedelta(seconds=120)
        assert endpoint.failures_in_a_row == 3


def test_webhooks_go_to_their_own_queue_and_emails_to_the_default_one():
    route = app.amqp.router.route
    assert route({}, deliver_webhook.name)["queue"].name == "webhooks"
    assert route({}, deliver.name)["queue"].name == "celery"
    assert tasks.task_for("webhook") is deliver_webhook and tasks.task_for("email") is deliver


def test_webhook_timeouts_are_short_and_configurable(settings, silent_server):
    settings.PORTAL_WEBHOOK_READ_TIMEOUT = 0.2
    url, _held = silent_server
    _endpoint, (delivery,) = _webhooks(url)
    started = timezone.now()
    sending.delivery_attempt(delivery_id=delivery.pk)
    assert timezone.now() - started < timedelta(seconds=2)


def test_sweep_hands_out_every_due_delivery_in_batches_not_500_a_minute(monkeypatch):
    user = member_of(HolderFactory())
    Delivery.objects.bulk_create(
        [Delivery(channel="email", kind="test_notice", recipient=user, subject=str(n)) for n in range(1200)]
    )
    queued = []
    monkeypatch.setattr(deliver, "delay", queued.append)
    assert send_due_deliveries() == 1200
    assert len(set(queued)) == 1200
    assert send_due_deliveries() == 0, "handed-out deliveries wait in the queue, not handed out again"


def test_delivery_the_queue_lost_is_handed_out_again_after_the_requeue_window(monkeypatch, settings):
    settings.PORTAL_DELIVERY_REQUEUE_AFTER = 300
    (delivery,) = send([member_of(HolderFactory())])
    queued = []
    monkeypatch.setattr(deliver, "delay", queued.append)
    monkeypatch.setattr(tasks.deliver_batch, "delay", queued.extend)
    tasks.queue_deliveries([delivery.pk])
    assert send_due_deliveries() == 0
    with time_machine.travel(timezone.now() + timedelta(seconds=301)):
        assert send_due_deliveries() == 1
    assert queued == [delivery.pk, delivery.pk]


def test_broker_failing_mid_sweep_leaves_the_rest_for_the_next_sweep(monkeypatch):
    from kombu.exceptions import OperationalError

    user = member_of(HolderFactory())
    Delivery.objects.bulk_create([Delivery(channel="email", kind="k", recipient=user) for _ in range(3)])
    calls = []

    def flaky(delivery_id):
        calls.append(delivery_id)
        if len(calls) == 2:
            raise OperationalError("Connection refused")

    monkeypatch.setattr(deliver, "delay", flaky)
    assert send_due_deliveries() == 1
    assert Delivery.objects.filter(handed_out_at__isnull=True).count() == 2
    assert send_due_deliveries() == 2


def test_stale_claim_release_records_the_lost_attempt_as_outcome_unknown(caplog):
    (delivery,) = send([member_of(HolderFactory())])
    claimed = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=claimed, attempts=1)
    DeliveryAttempt.objects.create(delivery=delivery, number=1, started_at=claimed)
    with caplog.at_level(logging.WARNING, logger="portal.notices.sending"):
        assert sending.deliveries_release_stale(now=claimed + sending.claim_window() + timedelta(seconds=1)) == 1
    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert attempt.outcome == "unknown" and attempt.finished_at is not None
    assert f"delivery {delivery.pk}:" in caplog.records[0].getMessage()
    delivery.refresh_from_db()
    assert delivery.status == "queued" and "outcome unknown" in delivery.last_error


def test_a_claim_lost_before_its_attempt_began_is_recorded_as_outcome_unknown():
    (delivery,) = send([member_of(HolderFactory())])
    claimed = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=claimed, attempts=1)
    assert sending.deliveries_release_stale(now=claimed + sending.claim_window() + timedelta(seconds=1)) == 1
    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert (attempt.number, attempt.outcome, attempt.started_at) == (1, "unknown", claimed)


def test_receiver_trickling_its_answer_is_cut_at_the_read_timeout(settings):
    settings.PORTAL_WEBHOOK_READ_TIMEOUT = 0.5
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def trickle():
        conn, _ = listener.accept()
        conn.recv(65536)
        for _ in range(40):
            try:
                conn.sendall(b"H")
            except OSError:
                break
            time.sleep(0.1)
        conn.close()

    threading.Thread(target=trickle, daemon=True).start()
    _endpoint, (delivery,) = _webhooks(f"http://127.0.0.1:{listener.getsockname()[1]}/hook")
    started = time.monotonic()
    assert sending.delivery_attempt(delivery_id=delivery.pk) == "queued"
    assert time.monotonic() - started < 1.5
    assert DeliveryAttempt.objects.get(delivery=delivery).outcome == "unknown"
    listener.close()


def test_endpoint_with_its_limit_of_attempts_in_flight_gets_no_more_until_one_ends(webhook_server, settings):
    settings.PORTAL_WEBHOOK_MAX_IN_FLIGHT = 2
    url, recorder = webhook_server
    endpoint, deliveries = _webhooks(url, count=3)
    other_endpoint, (other,) = _webhooks(url)
    claimed = timezone.now() - timedelta(seconds=1)
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries[:2]]).update(status="sending", claimed_at=claimed)
    assert sending.delivery_attempt(delivery_id=deliveries[2].pk) == "busy"
    assert sending.delivery_attempt(delivery_id=other.pk) == "sent", "another endpoint is not held up"
    waiting = Delivery.objects.get(pk=deliveries[2].pk)
    assert (waiting.status, waiting.attempts) == ("queued", 0)
    assert timedelta(0) < waiting.next_attempt_at - timezone.now() <= timedelta(seconds=2)
    assert waiting.handed_out_at == waiting.next_attempt_at, "the task re-queues itself; the sweep leaves it"
    Delivery.objects.filter(pk=deliveries[0].pk).update(status="sent")
    with time_machine.travel(waiting.next_attempt_at + timedelta(milliseconds=1)):
        assert sending.delivery_attempt(delivery_id=deliveries[2].pk) == "sent"
    assert len(recorder.received) == 2


def test_production_stack_runs_webhooks_in_their_own_worker_and_the_embedded_worker_consumes_both_queues():
    import yaml
    from django.conf import settings

    services_ = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())["services"]
    assert "-Q celery " in services_["worker"]["command"]
    assert "-Q webhooks " in services_["webhook-worker"]["command"]
    assert "-Q celery,webhooks" in (settings.BASE_DIR / "bin" / "run").read_text()
