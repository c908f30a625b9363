"""Benchmark figures for the portal: run with `make bench` (or `python bench/run.py --recordals N`).

It builds a throw-away database (SQLite in memory by default; a `test_*` PostgreSQL database when
DATABASE_URL points at PostgreSQL), fills it with approved recordals at the yearly national scale
(~20,000), and prints latencies (median, 95th percentile) and query counts for the hot paths:
the deadline computation, the officer's fuzzy recordal search, case filing through the API, the
holder's inbox and decision through the API; then the peak memory of the process.
"""

import argparse
import os
import random
import resource
import statistics
import string
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-bench-"))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

WORDS = [
    "LUMIERE",
    "NORDIK",
    "ROLEX",
    "AURORA",
    "BELLAVISTA",
    "CASCADE",
    "DRAGON",
    "ETOILE",
    "FALCON",
    "GALAXY",
    "HORIZON",
    "IMPERIAL",
    "JADE",
    "KESTREL",
    "LOTUS",
    "MERIDIAN",
    "NOVA",
    "OLYMPIA",
    "PHOENIX",
    "QUASAR",
]


def timed(fn, repeat):
    """Run fn repeat times; return the list of durations in milliseconds."""
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def report(label, durations, queries=None):
    durations = sorted(durations)
    p95 = durations[min(len(durations) - 1, int(len(durations) * 0.95))]
    extra = f"  queries {queries}" if queries is not None else ""
    print(f"{label:<58} median {statistics.median(durations):8.2f} ms  p95 {p95:8.2f} ms  (n={len(durations)}){extra}")


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def mark(rng):
    word = rng.choice(WORDS)
    return word if rng.random() < 0.5 else f"{word} {''.join(rng.choices(string.ascii_uppercase, k=5))}"


def seed(n_recordals, rng):
    from portal.accounts.models import CustomsDistrict, Membership, Organization, User
    from recordals.models import Goods, Recordal

    district = CustomsDistrict.objects.create(code="2200", name="Shanghai Customs")
    office = Organization.objects.create(kind="office", name="Bench Port Office", district=district)
    holders = [Organization.objects.create(kind="holder", name=f"Bench Holder {i:03d}") for i in range(200)]
    officer = User.objects.create_user("bench-officer", password="x")
    Membership.objects.create(user=officer, organization=office)
    holder_user = User.objects.create_user("bench-holder", password="x", email="holder@bench.example")
    Membership.objects.create(user=holder_user, organization=holders[0])
    today = timezone.localdate()
    recordals = []
    for i in range(n_recordals):
        recordals.append(
            Recordal(
                holder=holders[i % len(holders)],
                right_type="trademark",
                title=mark(rng),
                registration_number=f"REG-{i:07d}",
                right_valid_from=date(2015, 1, 1),
                right_valid_until=today + timedelta(days=3650),
                nice_classes=[rng.randint(1, 45)],
                status="approved",
                number=f"T2026-{i + 1:06d}",
                valid_from=today - timedelta(days=30),
                valid_until=today + timedelta(days=3000),
            )
        )
    Recordal.objects.bulk_create(recordals, batch_size=2000)
    ids = list(Recordal.objects.filter(holder=holders[0]).values_list("pk", flat=True))
    Goods.objects.bulk_create([Goods(recordal_id=pk, name="Watches", hs_code="9102.11") for pk in ids])
    return officer, holder_user, ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recordals", type=int, default=20_000, help="approved recordals to seed (default 20,000)")
    parser.add_argument("--repeat", type=int, default=50, help="runs per measured operation (default 50)")
    args = parser.parse_args()
    if args.recordals < 100 or args.repeat < 5:
        parser.error("use at least 100 recordals and 5 repeats")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    rng = random.Random(2026)
    try:
        print(f"database: {connection.vendor}; recordals seeded: {args.recordals:,}")
        started = time.perf_counter()
        with transaction.atomic():
            officer, holder_user, holder_recordals = seed(args.recordals, rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
        print(f"{'seeding':<58} {time.perf_counter() - started:8.1f} s")
        run(args, rng, officer, holder_user, holder_recordals)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory of the benchmark process':<58} {peak:8.1f} MB")


def run(args, rng, officer, holder_user, holder_recordals):
    from portal.workdays.calendar import add_working_days
    from recordals.search import search_recordals

    moment = timezone.now()
    report(
        "add_working_days(now, 3): the notice deadline",
        timed(lambda: add_working_days(moment, 3), args.repeat),
        count_queries(lambda: add_working_days(moment, 3)),
    )
    report(
        "add_working_days(now, 30): the review limit",
        timed(lambda: add_working_days(moment, 30), args.repeat),
        count_queries(lambda: add_working_days(moment, 30)),
    )

    def misspelled():
        word = list(rng.choice(WORDS))
        word[rng.randrange(len(word))] = rng.choice("0O1I")
        return "".join(word)

    report(
        "officer fuzzy search, first page of 25 (misspelled mark)",
        timed(lambda: list(search_recordals(query=misspelled())[:25]), args.repeat),
    )
    report(
        "officer search by recordal number",
        timed(lambda: list(search_recordals(number="T2026-000777")[:25]), args.repeat),
    )

    officer_api, holder_api = APIClient(), APIClient()
    officer_api.force_authenticate(officer)
    holder_api.force_authenticate(holder_user)
    created = []

    def file_case():
        response = officer_api.post(
            "/api/cases/",
            {
                "channel": "express",
                "direction": "import",
                "waybill_number": f"SF{rng.randrange(10**10):010d}",
                "consignor": "Bench Consignor",
                "consignee": "Bench Consignee",
                "currency": "USD",
                "items": [
                    {
                        "recordal": rng.choice(holder_recordals),
                        "description": "Watches",
                        "quantity": 2,
                        "value": "480.00",
                    }
                    for _ in range(2)
                ],
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        created.extend(item["id"] for item in response.json()["items"])

    report(
        "POST /api/cases/ with 2 items (notices written, queued)",
        timed(file_case, args.repeat),
        count_queries(file_case),
    )
    report(
        "GET /api/items/?status=pending (holder inbox, page of 25)",
        timed(lambda: holder_api.get("/api/items/?status=pending"), args.repeat),
        count_queries(lambda: holder_api.get("/api/items/?status=pending")),
    )
    pending = iter(created)

    def decide():
        response = holder_api.post(
            f"/api/items/{next(pending)}/decision/",
            {"decision": "infringing", "bond": "case", "comment": "bench"},
            format="json",
        )
        assert response.status_code == 200, response.content

    report("POST /api/items/{id}/decision/ (infringing, case bond)", timed(decide, args.repeat), count_queries(decide))


if __name__ == "__main__":
    main()
