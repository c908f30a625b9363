"""The Celery application: configured from Django settings, tasks autodiscovered."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def beat_once_at_start(sender, **kwargs):
    """Record a heartbeat as soon as a worker is ready, so /healthz/ turns green without waiting for beat."""
    sender.app.send_task("portal.tasks.heartbeat")
