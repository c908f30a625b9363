"""A real Celery worker (not eager mode) delivers the holder's notice e-mail after a case is filed."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from portal.celery import app
from portal.notices.models import Delivery

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
