"""Periodic housekeeping tasks of the portal itself."""

import socket

from celery import shared_task
from django.utils import timezone

from portal.models import WorkerHeartbeat


@shared_task(name="portal.tasks.heartbeat", ignore_result=True)
def heartbeat():
    """Record that a worker is alive and consuming the queue."""
    WorkerHeartbeat.objects.update_or_create(name=socket.gethostname(), defaults={"beat_at": timezone.now()})
