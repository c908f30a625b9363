"""Periodic housekeeping tasks of the portal itself."""

import socket

from celery import shared_task

from portal.periodic import worker_beat


@shared_task(bind=True, name="portal.tasks.heartbeat", ignore_result=True)
def heartbeat(self):
    """Record that a worker is alive and consuming the queue."""
    worker_beat(worker=self.request.hostname or socket.gethostname())
