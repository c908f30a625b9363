"""Periodic tasks: every entry of CELERY_BEAT_SCHEDULE is a row before any worker starts, and every
successful run of a scheduled task is recorded for /healthz/."""

from django.conf import settings
from django.utils import timezone

from portal.models import PeriodicTaskRun, WorkerHeartbeat


def periodic_tasks_sync(**kwargs) -> None:
    """Create or update django-celery-beat's row for each CELERY_BEAT_SCHEDULE entry (safe to run again).

    Connected to ``post_migrate``, so ``migrate`` leaves every periodic task in place, with the
    interval the settings give, before beat or a worker starts.
    """
    from django_celery_beat.schedulers import ModelEntry

    from portal.celery import app

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        ModelEntry.from_entry(name, app=app, **entry)


def scheduled_task_names() -> set[str]:
    """Return the task names the beat schedule runs."""
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def worker_started(*, worker: str) -> None:
    """Record that ``worker`` (re)started now: its earlier heartbeats and task runs stop counting."""
    WorkerHeartbeat.objects.update_or_create(name=worker, defaults={"started_at": timezone.now()})


def worker_beat(*, worker: str) -> None:
    """Record that ``worker`` is alive and consuming the queue."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        name=worker,
        defaults={"beat_at": now},
        create_defaults={
            "beat_at": now,
            "started_at": now,
        },
    )


def periodic_run_record(*, task: str, worker: str) -> None:
    """Record that ``worker`` just finished a run of the scheduled ``task`` successfully."""
    PeriodicTaskRun.objects.update_or_create(task=task, defaults={"worker": worker, "finished_at": timezone.now()})
