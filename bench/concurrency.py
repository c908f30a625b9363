"""Six simultaneous answers: `python bench/concurrency.py [--json]`.

On a throw-away database of the configured kind (a file-based SQLite database with the embedded
settings by default; a `test_*` PostgreSQL database when DATABASE_URL points at PostgreSQL), six
threads, each with its own database connection, send at the same moment: the same decision on one
pending item (`POST /api/items/{id}/decision/`), then the same webhook URL (`POST /api/webhooks/`).
Expected: one success and five 409 conflicts with a JSON `detail` each time, never a 500.
"""

import argparse
import json
import os
import sys
import tempfile
import threading
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-concurrency-"))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

THREADS = 6


def seed():
    """Create an office with an officer, a holder with six staff and one approved recordal."""
    from portal.accounts.models import CustomsDistrict, Membership, Organization, User
    from recordals.models import Recordal

    district = CustomsDistrict.objects.create(code="2200", name="Shanghai Customs")
    office = Organization.objects.create(kind="office", name="Concurrency Port Office", district=district)
    holder = Organization.objects.create(kind="holder", name="Concurrency Holder", country="FR")
    officer = User.objects.create_user("c-officer", password="x")
    Membership.objects.create(user=officer, organization=office)
    staff = []
    for n in range(THREADS):
        user = User.objects.create_user(f"c-holder{n}", password="x", email=f"h{n}@holder.example")
        Membership.objects.create(user=user, organization=holder)
        staff.append(user)
    today = timezone.localdate()
    recordal = Recordal.objects.create(
        holder=holder,
        right_type="trademark",
        title="CONCURRENCY",
        registration_number="REG-0000001",
        right_valid_from=date(2015, 1, 1),
        right_valid_until=today + timedelta(days=3650),
        nice_classes=[14],
        status="approved",
        number="T2026-000001",
        valid_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=3000),
    )
    return officer, staff, recordal


def file_item(officer, recordal) -> int:
    api = APIClient()
    api.force_authenticate(officer)
    response = api.post(
        "/api/cases/",
        {
            "channel": "express",
            "direction": "import",
            "waybill_number": "SF0000000001",
            "consignor": "Consignor",
            "consignee": "Consignee",
            "currency": "CNY",
            "items": [{"recordal": recordal.pk, "description": "Watches", "quantity": 2, "value": "900.00"}],
        },
        format="json",
    )
    if response.status_code != 201:
        raise SystemExit(f"filing failed: {response.status_code} {response.content[:300]!r}")
    return response.json()["items"][0]["id"]


def at_once(users, path, body) -> list[tuple[int, dict]]:
    """POST ``body`` to ``path`` from one thread per user, all released at the same moment."""
    barrier = threading.Barrier(len(users))
    answers = [None] * len(users)

    def send(index, user):
        api = APIClient()
        api.force_authenticate(user)
        try:
            barrier.wait()
            response = api.post(path, body, format="json")
            try:
                data = response.json()
            except ValueError:
                data = {"body": response.content[:200].decode(errors="replace")}
            answers[index] = (response.status_code, data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i, user)) for i, user in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def summary(answers) -> dict:
    return {
        "statuses": dict(sorted(Counter(status for status, _ in answers).items())),
        "conflict_details": sorted({data.get("detail", "") for status, data in answers if status == 409}),
        "other": [[status, data] for status, data in answers if status not in (200, 201, 409)],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    if connection.vendor == "sqlite":
        # A file, as `make run` uses: an in-memory database does not lock like the real one.
        test_name = str(Path(os.environ["PORTAL_VAR_DIR"]) / "concurrency.sqlite3")
    else:
        test_name = f"test_{settings.DATABASES['default']['NAME']}_concurrency"
    settings.DATABASES["default"]["TEST"]["NAME"] = test_name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        officer, staff, recordal = seed()
        item_id = file_item(officer, recordal)
        connections.close_all()
        decisions = at_once(
            staff, f"/api/items/{item_id}/decision/", {"decision": "not_infringing", "comment": "Genuine goods."}
        )
        webhooks = at_once(staff, "/api/webhooks/", {"url": "https://hooks.holder.example/portal"})
        result = {"database": connection.vendor, "decisions": summary(decisions), "webhooks": summary(webhooks)}
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.json:
        print(json.dumps(result))
        return
    print(f"database: {result['database']}; {THREADS} simultaneous requests each")
    for name in ("decisions", "webhooks"):
        statuses = ", ".join(f"{count} x {status}" for status, count in result[name]["statuses"].items())
        print(f"{name:<10} {statuses}")
        for detail in result[name]["conflict_details"]:
            print(f"{'':<10} 409: {detail}")
        for status, data in result[name]["other"]:
            print(f"{'':<10} {status}: {data}")


if __name__ == "__main__":
    main()
