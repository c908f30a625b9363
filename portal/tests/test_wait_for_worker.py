"""wait_for_worker: `make run` starts the web server once the worker it launched has beaten."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_it_returns_once_a_worker_started_since_the_launch_has_beaten():
    launched = timezone.now() - timedelta(seconds=5)
    WorkerHeartbeat.objects.create(name="celery@a", started_at=launched + timedelta(seconds=2), beat_at=timezone.now())
    call_command("wait_for_worker", since=int(launched.timestamp()), timeout=1)


def test_it_does_not_take_a_worker_of_an_earlier_run_for_the_new_one():
    launched = timezone.now()
    WorkerHeartbeat.objects.create(name="celery@a", started_at=launched - timedelta(minutes=1), beat_at=launched)
    with pytest.raises(CommandError, match="No worker heartbeat within 0.6 s"):
        call_command("wait_for_worker", since=int(launched.timestamp()), timeout=0.6)
