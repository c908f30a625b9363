"""Checks behind /healthz/: the database, the Celery broker and the worker heartbeat."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from portal.celery import app as celery_app
from portal.models import WorkerHeartbeat


def check_database() -> tuple[bool, str]:
    """Run a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        return False, f"{type(exc).__name__}: {exc}"


def check_broker() -> tuple[bool, str]:
    """Open a connection to the Celery broker."""
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, f"{type(exc).__name__}: {exc}"


def check_worker() -> tuple[bool, str]:
    """Look for a worker heartbeat younger than PORTAL_HEARTBEAT_MAX_AGE seconds."""
    try:
        last = WorkerHeartbeat.objects.order_by("-beat_at").first()
    except Exception as exc:  # noqa: BLE001
        return False, f"{type(exc).__name__}: {exc}"
    if last is None:
        return False, "no worker heartbeat yet"
    age = timezone.now() - last.beat_at
    if age > timedelta(seconds=settings.PORTAL_HEARTBEAT_MAX_AGE):
        return False, f"last heartbeat {int(age.total_seconds())} s ago"
    return True, f"last heartbeat {int(age.total_seconds())} s ago"


def run_checks() -> tuple[bool, dict]:
    """Run every check; return whether all passed and a report per check."""
    report = {}
    healthy = True
    for name, check in (("database", check_database), ("broker", check_broker), ("worker", check_worker)):
        ok, detail = check()
        healthy = healthy and ok
        report[name] = {"ok": ok, "detail": detail}
    return healthy, report
