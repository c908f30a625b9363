"""/healthz/ for load balancers and compose health checks: database, broker, worker, periodic tasks."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from celery.signals import task_success
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from portal.celery import app
from portal.models import PeriodicTaskRun, WorkerHeartbeat
from portal.periodic import periodic_tasks_sync, worker_started
from portal.tasks import heartbeat

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WORKER = "celery@host-a"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def worker_ran(task_name: str, worker: str = WORKER):
    """Send Celery's task_success signal as a worker does after running the task."""
    app.loader.import_default_modules()
    task = app.tasks[task_name]
    task.push_request(hostname=worker, is_eager=False)
    try:
        task_success.send(sender=task, result=None)
    finally:
        task.pop_request()


def healthy_worker(worker: str = WORKER):
    worker_started(worker=worker)
    worker_ran("portal.tasks.heartbeat", worker)
    heartbeat.push_request(hostname=worker, is_eager=False)
    try:
        heartbeat.run()
    finally:
        heartbeat.pop_request()
    worker_ran("confirmations.lapse_items", worker)


def test_healthz_is_unhealthy_without_a_worker_heartbeat(client):
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"] == {"ok": False, "detail": "no worker heartbeat yet"}


def test_healthz_is_healthy_once_the_worker_beat_and_the_lapse_sweep_ran_since_its_start(client):
    healthy_worker()
    response = client.get("/healthz/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ok"


def test_healthz_names_each_periodic_task_with_its_last_run(client, settings):
    healthy_worker()
    tasks = client.get("/healthz/").json()["checks"]["periodic"]["tasks"]
    assert set(tasks) == set(settings.CELERY_BEAT_SCHEDULE)
    assert tasks["lapse-items"] == {
        "task": "confirmations.lapse_items",
        "scheduled": True,
        "last_run": NOW.astimezone(UTC).isoformat(),
        "since_worker_start": True,
    }
    assert tasks["expire-recordals"]["scheduled"] is True
    assert tasks["expire-recordals"]["last_run"] is None


def test_healthz_is_unhealthy_when_the_lapse_sweep_has_not_run_for_two_minutes(client, frozen):
    healthy_worker()
    frozen.move_to(NOW + timedelta(seconds=100), tick=False)
    heartbeat.push_request(hostname=WORKER, is_eager=False)
    heartbeat.run()
    heartbeat.pop_request()
    assert client.get("/healthz/").status_code == 200
    frozen.move_to(NOW + timedelta(seconds=125), tick=False)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["periodic"]["detail"] == "lapse-items last ran 125 s ago"
    assert response.json()["checks"]["worker"]["ok"] is True


def test_healthz_ignores_a_heartbeat_and_a_sweep_from_before_the_worker_restarted(client, frozen):
    healthy_worker()
    frozen.move_to(NOW + timedelta(seconds=5), tick=False)
    worker_started(worker=WORKER)
    response = client.get("/healthz/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["worker"] == {"ok": False, "detail": "no heartbeat since the worker started 0 s ago"}
    assert checks["periodic"]["detail"] == "lapse-items has not run since the worker started"
    assert checks["periodic"]["tasks"]["lapse-items"]["since_worker_start"] is False


def test_healthz_reports_a_stale_heartbeat(client, settings):
    WorkerHeartbeat.objects.create(
        name="w1",
        started_at=NOW - timedelta(hours=1),
        beat_at=NOW - timedelta(seconds=settings.PORTAL_HEARTBEAT_MAX_AGE + 5),
    )
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "detail": "last heartbeat 125 s ago"}


def test_healthz_is_unhealthy_when_a_periodic_task_is_missing(client):
    healthy_worker()
    PeriodicTask.objects.filter(name="deadline-reminders").delete()
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["periodic"]["detail"] == "deadline-reminders is not scheduled"


def test_healthz_reports_an_unreachable_broker(client, monkeypatch):
    healthy_worker()
    connect = app.connection_for_write
    monkeypatch.setattr(app, "connection_for_write", lambda: connect("redis://127.0.0.1:1/0", transport="redis"))
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


def test_a_run_of_an_unscheduled_task_or_an_eager_call_is_not_recorded():
    worker_ran("notices.deliver")
    task = app.tasks["confirmations.lapse_items"]
    task.push_request(hostname=WORKER, is_eager=True)
    task_success.send(sender=task, result=None)
    task.pop_request()
    assert not PeriodicTaskRun.objects.exists()


def test_migrate_leaves_every_periodic_task_of_the_schedule_in_place(settings):
    expected = {name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}
    assert dict(PeriodicTask.objects.filter(name__in=expected).values_list("name", "task")) == expected


def test_periodic_task_sync_creates_missing_rows_and_updates_changed_intervals(settings):
    PeriodicTask.objects.filter(name="lapse-items").delete()
    settings.CELERY_BEAT_SCHEDULE = {**settings.CELERY_BEAT_SCHEDULE}
    settings.CELERY_BEAT_SCHEDULE["send-due-deliveries"] = {**settings.CELERY_BEAT_SCHEDULE["send-due-deliveries"]}
    settings.CELERY_BEAT_SCHEDULE["send-due-deliveries"]["schedule"] = 45.0
    periodic_tasks_sync()
    periodic_tasks_sync()
    assert PeriodicTask.objects.filter(name="lapse-items").count() == 1
    interval = PeriodicTask.objects.get(name="send-due-deliveries").interval
    assert (interval.every, interval.period) == (45, IntervalSchedule.SECONDS)
