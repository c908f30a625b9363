"""Simultaneous answers on the real databases: one success, the others a 409 with the winner's state.

The six requests run in threads with their own connections (bench/concurrency.py) against a
file-based SQLite database with the embedded settings, and against PostgreSQL when it is given; an
in-memory test database would not lock like the one `make run` uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

from confirmations import services

ROOT = Path(__file__).resolve().parents[2]
SERVER_SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def six_at_once(tmp_path, **env_extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SERVER_SETTINGS}
    env.update(PORTAL_VAR_DIR=str(tmp_path), **env_extra)
    result = subprocess.run(
        [sys.executable, "bench/concurrency.py", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def on_sqlite(tmp_path_factory):
    return six_at_once(tmp_path_factory.mktemp("sqlite"))


def test_six_concurrent_decisions_on_sqlite_give_one_success_and_five_conflicts(on_sqlite):
    assert on_sqlite["database"] == "sqlite"
    assert on_sqlite["decisions"]["statuses"] == {"200": 1, "409": 5}, on_sqlite["decisions"]
    [detail] = on_sqlite["decisions"]["conflict_details"]
    assert detail.startswith("This item was already decided by c-holder")


def test_six_concurrent_webhook_registrations_on_sqlite_give_one_success_and_five_conflicts(on_sqlite):
    assert on_sqlite["webhooks"]["statuses"] == {"201": 1, "409": 5}, on_sqlite["webhooks"]
    assert on_sqlite["webhooks"]["conflict_details"] == ["This URL is already registered as a webhook."]


@pytest.mark.postgres
def test_six_concurrent_decisions_on_postgresql_give_one_success_and_five_conflicts(tmp_path):
    result = six_at_once(tmp_path, DATABASE_URL=os.environ["DATABASE_URL"])
    assert result["database"] == "postgresql"
    assert result["decisions"]["statuses"] == {"200": 1, "409": 5}, result["decisions"]
    assert result["webhooks"]["statuses"] == {"201": 1, "409": 5}, result["webhooks"]


@pytest.mark.django_db
def test_a_locked_database_answers_503_with_a_json_detail_not_500(api_client, cast, filed, monkeypatch):
    _case, lumiere, _nordik = filed

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "item_decide", locked)
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post(
        f"/api/items/{lumiere.pk}/decision/", {"decision": "not_infringing", "comment": ""}, format="json"
    )
    assert response.status_code == 503
    assert response.json() == {"detail": "The database is busy; try again in a moment."}


@pytest.mark.django_db
def test_a_holder_registers_the_same_webhook_url_once(api_client, cast):
    api_client.force_authenticate(cast.holder1_user)
    first = api_client.post("/api/webhooks/", {"url": "https://hooks.lumiere.example/in"}, format="json")
    again = api_client.post("/api/webhooks/", {"url": "https://hooks.lumiere.example/in"}, format="json")
    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json() == {"detail": "This URL is already registered as a webhook."}
