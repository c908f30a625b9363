"""Real Celery workers (subprocesses on Redis and PostgreSQL) under faults: a SIGKILL mid-burst, a hanging receiver."""

import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from portal.notices import sending, tasks
from portal.notices.models import Delivery, DeliveryAttempt, WebhookEndpoint
from portal.notices.tests.test_deliveries import send
from portal.tests.factories import HolderFactory, member_of

# The workers are subprocesses on the real clock; the test's own sweep must judge their claims by the same clock.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.real_clock,
    pytest.mark.django_db(transaction=True),
]

# Small timeouts, so the claim window is 2 + 2 = 4 s instead of 40 s.
FAST = {
    "PORTAL_WEBHOOK_CONNECT_TIMEOUT": 1,
    "PORTAL_WEBHOOK_READ_TIMEOUT": 1,
    "EMAIL_TIMEOUT": 2,
    "PORTAL_DELIVERY_CLAIM_MARGIN": 2,
    "PORTAL_WEBHOOK_BREAKER_FAILURES": 2,
    "PORTAL_WEBHOOK_MAX_IN_FLIGHT": 2,
    "PORTAL_WEBHOOK_BREAKER_COOLDOWN": 60,
}


@pytest.fixture
def fast(settings):
    for name, value in FAST.items():
        setattr(settings, name, value)
    settings.PORTAL_DELIVERY_REQUEUE_AFTER = 5
    return {**FAST, "PORTAL_DELIVERY_REQUEUE_AFTER": 5}


def receiver(delay: float = 0.0):
    """Start a threaded receiver on 127.0.0.1 that answers 200 after ``delay``; return its URL and the ids it got."""
    received = []

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server API
            self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["X-Portal-Delivery"], time.monotonic()))
            time.sleep(delay)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/hook", received, server


def emails_received(folder) -> Counter:
    """Count the e-mails the file backend wrote, per subject."""
    subjects = Counter()
    for path in folder.glob("*.log"):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                subjects[message_from_bytes(chunk.strip()).get("Subject")] += 1
    return subjects


def wait_until(condition, timeout: float, step: float = 0.1, sweep: bool = False) -> float:
    """Poll until ``condition()`` holds (running the resend sweep each time if asked); return the seconds it took."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        if sweep:
            tasks.deliveries_send_due()
        time.sleep(step)
    return time.monotonic() - started


def test_worker_killed_mid_burst_every_delivery_is_sent_once_after_a_new_worker_starts(
    worker_process, empty_broker, fast, tmp_path, capsys
):
    url, received, server = receiver(delay=0.5)
    holder = HolderFactory()
    WebhookEndpoint.objects.create(organization=holder, url=url)
    for n in range(20):
        send([member_of(holder)], orgs=[holder], name=f"burst-{n}")
    assert Delivery.objects.count() == 40

    first = worker_process("celery,webhooks", concurrency=4, **fast)
    wait_until(lambda: len(received) >= 6, timeout=30, step=0.01)
    worker_process.kill(first)
    killed_at = timezone.now()
    in_flight = Delivery.objects.filter(status="sending").count()
    assert in_flight >= 1, "the kill landed while webhooks were being sent"

    worker_process("celery,webhooks", concurrency=4, **fast)
    recovery = wait_until(lambda: not Delivery.objects.exclude(status="sent").exists(), timeout=30, sweep=True)
    server.shutdown()

    claim_window = sending.claim_window()
    released = DeliveryAttempt.objects.filter(outcome="unknown").values_list("finished_at", flat=True)
    assert released and all(at - killed_at < claim_window + timedelta(seconds=2) for at in released), (
        "the dead worker's claims were released just past the claim window"
    )
    for delivery in Delivery.objects.all():
        outcomes = Counter(delivery.attempt_records.values_list("outcome", flat=True))
        assert outcomes["sent"] == 1 and set(outcomes) <= {"sent", "unknown"}, (delivery.pk, outcomes)
    unknown = set(DeliveryAttempt.objects.filter(outcome="unknown").values_list("delivery_id", flat=True).distinct())
    assert len(unknown) == in_flight
    posts = Counter(delivery_id for delivery_id, _at in received)
    webhooks = {str(pk) for pk in Delivery.objects.filter(channel="webhook").values_list("pk", flat=True)}
    assert set(posts) == webhooks, "every webhook arrived"
    assert {pk for pk, count in posts.items() if count > 1} <= {str(pk) for pk in unknown}, (
        "only a delivery whose answer the killed worker lost is sent again, under the same id"
    )
    mails = emails_received(tmp_path / "mail")
    assert len(mails) == 20 and all(count == 1 for count in mails.values()), mails
    with capsys.disabled():
        print(
            f"\nSIGKILL mid-burst: {in_flight} claims in flight, all 40 sent {recovery:.1f} s after the new worker"
            f" started (claim window {claim_window.total_seconds():.0f} s); {sum(posts.values())} POSTs"
            " for 20 webhooks"
        )


def test_hanging_endpoint_delays_no_one_elses_webhooks_or_emails_and_its_circuit_opens(
    worker_process, empty_broker, fast, capsys
):
    import socket

    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(100)
    good_url, received, server = receiver()
    stuck = HolderFactory(name="Hangs")
    healthy = HolderFactory(name="Answers")
    stuck_endpoint = WebhookEndpoint.objects.create(
        organization=stuck, url=f"http://127.0.0.1:{hanging.getsockname()[1]}/hook"
    )
    WebhookEndpoint.objects.create(organization=healthy, url=good_url)
    stuck_user, healthy_user = member_of(stuck), member_of(healthy)
    worker_process("celery", concurrency=1, name="mail", **fast)
    worker_process("webhooks", concurrency=4, pool="threads", name="webhooks", **fast)

    started = timezone.now()
    for n in range(20):
        send([stuck_user], orgs=[stuck], name=f"stuck-{n}")
        if n % 4 == 0:
            send([healthy_user], orgs=[healthy], name=f"healthy-{n}")
    others = Delivery.objects.exclude(endpoint=stuck_endpoint)
    took = wait_until(lambda: not others.exclude(status="sent").exists(), timeout=20, step=0.05)
    server.shutdown()

    assert others.count() == 30  # 25 e-mails (20 + 5) and the healthy holder's 5 webhooks
    assert len(received) == 5
    hung = 20 * FAST["PORTAL_WEBHOOK_READ_TIMEOUT"] / 4
    assert took < 4, f"others waited {took:.1f} s (without the breaker: about {hung:.0f} s)"

    # The others may all be sent before the hanging receiver's first read timeout: wait for the breaker to count.
    def circuit_open():
        stuck_endpoint.refresh_from_db()
        return stuck_endpoint.circuit_state(timezone.now()) == "open"

    wait_until(circuit_open, timeout=10, step=0.05)
    stuck_deliveries = Delivery.objects.filter(endpoint=stuck_endpoint)
    wait_until(lambda: not stuck_deliveries.filter(status="sending").exists(), timeout=10)
    assert set(stuck_deliveries.values_list("status", flat=True)) == {"queued"}, "deferred, not failed"
    tried = DeliveryAttempt.objects.filter(delivery__endpoint=stuck_endpoint).count()
    assert tried <= FAST["PORTAL_WEBHOOK_BREAKER_FAILURES"] + FAST["PORTAL_WEBHOOK_MAX_IN_FLIGHT"]
    hanging.close()
    latest = max(others.values_list("sent_at", flat=True))
    with capsys.disabled():
        print(
            f"\nhanging endpoint: the other 30 deliveries all sent within {took:.2f} s"
            f" (last {(latest - started).total_seconds():.2f} s after filing began);"
            f" the hanging endpoint got {tried} attempts, then its circuit opened"
        )
