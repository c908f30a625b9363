"""A real Celery worker (not eager mode) delivers the holder's notice e-mail after a case is filed."""

import socket
import time
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from confirmations.models import Case
from portal.celery import app
from portal.notices.models import Delivery, Notice
from portal.notices.tasks import send_due_deliveries

pytestmark = [pytest.mark.django_db(transaction=True)]


def _payload(recordals):
    return {
        "channel": "express",
        "direction": "import",
        "waybill_number": "SF1234567890",
        "consignor": "Someone",
        "consignee": "Someone else",
        "currency": "CNY",
        "items": [{"recordal": recordals.nordik.pk, "description": "Watches", "quantity": 2, "value": "900.00"}],
    }


def _file_and_wait_for_email(api_client, cast, recordals) -> float:
    app.conf.task_always_eager = False
    api_client.force_authenticate(cast.officer1)
    with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
        started = time.monotonic()
        response = api_client.post("/api/cases/", _payload(recordals), format="json")
        assert response.status_code == 201, response.content
        deadline = started + 20
        delivery = None
        while time.monotonic() < deadline:
            delivery = Delivery.objects.filter(recipient=cast.holder2_user, channel="email").first()
            if delivery is not None and delivery.status == Delivery.Status.SENT:
                break
            time.sleep(0.02)
        elapsed = time.monotonic() - started
    assert delivery is not None and delivery.status == Delivery.Status.SENT, delivery and delivery.last_error
    assert any(m.to == [cast.holder2_user.email] for m in mail.outbox)
    return elapsed


@pytest.fixture
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.redis
def test_worker_over_redis_sends_the_notice_email(api_client, cast, recordals, locmem_mail, capsys):
    app.conf.broker_url = settings.REDIS_URL
    elapsed = _file_and_wait_for_email(api_client, cast, recordals)
    with capsys.disabled():
        print(f"\nfiling-to-notice over Redis: {elapsed:.3f} s")


def _use_broker(**conf):
    """Point the Celery app at another broker, dropping the connections made to the previous one."""
    app.conf.update(conf)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def embedded_broker(tmp_path):
    """The broker `make run` uses (filesystem://, the portal's safe transport), in this test's own folder."""
    keys = ("broker_url", "broker_transport", "broker_transport_options", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    folder = tmp_path / "broker"
    folder.mkdir()
    _use_broker(
        broker_url="filesystem://",
        broker_transport="portal.celery_fs:Transport",
        broker_transport_options={
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "processed_folder": str(tmp_path / "processed"),
            "control_folder": str(tmp_path / "control"),
            "store_processed": False,
            "polling_interval": 0.05,
        },
    )
    yield
    _use_broker(**saved)


def test_worker_over_filesystem_transport_sends_the_notice_email(
    api_client, cast, recordals, locmem_mail, embedded_broker, capsys
):
    elapsed = _file_and_wait_for_email(api_client, cast, recordals)
    with capsys.disabled():
        print(f"\nfiling-to-notice over filesystem://: {elapsed:.3f} s")


@contextmanager
def _broker(url: str):
    """Publish to another broker URL for a while (the connection pools are rebuilt for it)."""
    previous = app.conf.broker_url
    app.conf.broker_url = url
    app._after_fork()
    try:
        yield
    finally:
        app.conf.broker_url = previous
        app._after_fork()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_all_sent(timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while Delivery.objects.exclude(status=Delivery.Status.SENT).exists():
        assert time.monotonic() < deadline, list(Delivery.objects.values_list("status", "last_error"))
        time.sleep(0.05)


@pytest.mark.redis
def test_filing_with_the_broker_down_commits_and_the_sweep_sends_when_it_is_back(
    api_client, cast, recordals, locmem_mail
):
    app.conf.task_always_eager = False
    api_client.force_authenticate(cast.officer1)
    with _broker(f"redis://127.0.0.1:{_closed_port()}/0"):
        response = api_client.post("/api/cases/", _payload(recordals), format="json")
    assert response.status_code == 201, response.content
    deliveries = Delivery.objects.filter(channel="email")
    assert deliveries.exists() and set(deliveries.values_list("status", flat=True)) == {"queued"}
    assert not deliveries.filter(handed_out_at__isnull=False).exists(), "nothing reached the queue"
    with (
        _broker(settings.REDIS_URL),
        start_worker(app, perform_ping_check=False, shutdown_timeout=20, queues=["celery", "webhooks"]),
    ):
        assert send_due_deliveries() == deliveries.count()
        _wait_all_sent()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(deliveries.values_list("recipient__email", flat=True))


@pytest.mark.redis
def test_filing_retried_with_the_same_idempotency_key_notifies_the_holders_once(
    api_client, cast, recordals, locmem_mail
):
    app.conf.task_always_eager = False
    api_client.force_authenticate(cast.officer1)
    with (
        _broker(settings.REDIS_URL),
        start_worker(app, perform_ping_check=False, shutdown_timeout=20, queues=["celery", "webhooks"]),
    ):
        answers = [
            api_client.post("/api/cases/", _payload(recordals), format="json", HTTP_IDEMPOTENCY_KEY="lost-answer")
            for _ in range(2)
        ]
        _wait_all_sent()
        time.sleep(0.5)
    assert [a.status_code for a in answers] == [201, 201] and answers[0].content == answers[1].content
    assert Case.objects.count() == 1
    assert Notice.objects.filter(recipient=cast.holder2_user).count() == 1
    assert [m.to for m in mail.outbox] == [[cast.holder2_user.email]]
