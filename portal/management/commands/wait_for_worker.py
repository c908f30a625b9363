"""python manage.py wait_for_worker: wait until a Celery worker started since a moment has beaten."""

import time
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.utils import timezone

from portal.models import WorkerHeartbeat


class Command(BaseCommand):
    help = "Wait until a Celery worker that started since a moment has sent its first heartbeat."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait (default 60)")
        parser.add_argument("--since", type=int, help="Unix time the worker was launched (default: now)")

    def handle(self, *args, timeout, since, **options):
        since = datetime.fromtimestamp(since, UTC) if since is not None else timezone.now()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if WorkerHeartbeat.objects.filter(started_at__gte=since, beat_at__gte=F("started_at")).exists():
                return
            time.sleep(0.5)
        raise CommandError(f"No worker heartbeat within {timeout:g} s.")
