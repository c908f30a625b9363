"""/healthz/ for load balancers and compose health checks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.models import WorkerHeartbeat
from portal.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_is_unhealthy_without_a_worker_heartbeat(client):
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"] == {"ok": False, "detail": "no worker heartbeat yet"}


def test_healthz_is_healthy_after_the_heartbeat_task_ran(client):
    heartbeat()
    response = client.get("/healthz/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ok"


def test_healthz_reports_a_stale_heartbeat(client, settings):
    WorkerHeartbeat.objects.create(
        name="w1", beat_at=timezone.now() - timedelta(seconds=settings.PORTAL_HEARTBEAT_MAX_AGE + 5)
    )
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert "s ago" in response.json()["checks"]["worker"]["detail"]


def test_healthz_reports_an_unreachable_broker(client, monkeypatch):
    from portal.celery import app

    heartbeat()
    connect = app.connection_for_write
    monkeypatch.setattr(app, "connection_for_write", lambda: connect("redis://127.0.0.1:1/0"))
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz/", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    assert len(client.get("/").headers["X-Request-ID"]) == 32


def test_heartbeat_task_is_idempotent_per_worker():
    heartbeat()
    heartbeat()
    assert WorkerHeartbeat.objects.count() == 1
