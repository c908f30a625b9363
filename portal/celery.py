"""The Celery application: configured from Django settings, tasks autodiscovered."""

import os
import socket

from celery import Celery
from celery.signals import task_success, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def beat_once_at_start(sender, **kwargs):
    """Record the worker's start, then queue a heartbeat and each watched sweep at once, so /healthz/
    turns green without waiting for beat and judges this run only."""
    from django.conf import settings
    from django.db import connections

    from portal.periodic import worker_started

    worker_started(worker=sender.hostname)
    connections.close_all()
    sender.app.send_task("portal.tasks.heartbeat")
    for name in settings.PORTAL_PERIODIC_MAX_AGE:
        entry = settings.CELERY_BEAT_SCHEDULE.get(name)
        if entry is not None:
            sender.app.send_task(entry["task"])


@task_success.connect
def record_periodic_run(sender=None, **kwargs):
    """Record each successful run, by a worker, of a task the beat schedule runs, for /healthz/."""
    from portal.periodic import periodic_run_record, scheduled_task_names

    if sender is None or sender.request.is_eager or sender.name not in scheduled_task_names():
        return
    periodic_run_record(task=sender.name, worker=sender.request.hostname or socket.gethostname())
