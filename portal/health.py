"""Checks behind /healthz/: the database, the Celery broker, the worker heartbeat and the periodic tasks."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from portal.celery import app as celery_app
from portal.models import PeriodicTaskRun, WorkerHeartbeat


def check_database() -> dict:
    """Run a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "detail": "ok"}
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}


def check_broker() -> dict:
    """Open a connection to the Celery broker."""
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "detail": "ok"}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}


def _seconds_ago(moment) -> int:
    return int((timezone.now() - moment).total_seconds())


def check_worker() -> dict:
    """Look for a heartbeat, given since its worker's current start, younger than PORTAL_HEARTBEAT_MAX_AGE."""
    try:
        last = (
            WorkerHeartbeat.objects.filter(started_at__isnull=False, beat_at__gte=F("started_at"))
            .order_by("-beat_at")
            .first()
        )
        started = WorkerHeartbeat.objects.filter(started_at__isnull=False).order_by("-started_at").first()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}
    if last is None:
        if started is not None:
            return {
                "ok": False,
                "detail": f"no heartbeat since the worker started {_seconds_ago(started.started_at)} s ago",
            }
        return {"ok": False, "detail": "no worker heartbeat yet"}
    age = _seconds_ago(last.beat_at)
    return {"ok": age <= settings.PORTAL_HEARTBEAT_MAX_AGE, "detail": f"last heartbeat {age} s ago"}


def check_periodic() -> dict:
    """Name each periodic task with its last successful run; fail when one is not scheduled or a task of
    PORTAL_PERIODIC_MAX_AGE has not run, since its worker's current start, within its limit."""
    from django_celery_beat.models import PeriodicTask

    schedule = settings.CELERY_BEAT_SCHEDULE
    try:
        enabled = set(PeriodicTask.objects.filter(name__in=list(schedule), enabled=True).values_list("name", flat=True))
        runs = {
            run.task: run for run in PeriodicTaskRun.objects.filter(task__in=[e["task"] for e in schedule.values()])
        }
        starts = dict(WorkerHeartbeat.objects.filter(started_at__isnull=False).values_list("name", "started_at"))
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}", "tasks": {}}
    tasks, problems = {}, []
    for name, entry in schedule.items():
        run = runs.get(entry["task"])
        current = run is not None and run.worker in starts and run.finished_at >= starts[run.worker]
        tasks[name] = {
            "task": entry["task"],
            "scheduled": name in enabled,
            "last_run": run.finished_at.isoformat() if run else None,
            "since_worker_start": current,
        }
        if name not in enabled:
            problems.append(f"{name} is not scheduled")
        limit = settings.PORTAL_PERIODIC_MAX_AGE.get(name)
        if limit is None:
            continue
        if not current:
            problems.append(f"{name} has not run since the worker started")
        elif timezone.now() - run.finished_at > timedelta(seconds=limit):
            problems.append(f"{name} last ran {_seconds_ago(run.finished_at)} s ago")
    return {"ok": not problems, "detail": "; ".join(problems) or "ok", "tasks": tasks}


def run_checks() -> tuple[bool, dict]:
    """Run every check; return whether all passed and a report per check."""
    report = {
        "database": check_database(),
        "broker": check_broker(),
        "worker": check_worker(),
        "periodic": check_periodic(),
    }
    return all(check["ok"] for check in report.values()), report
