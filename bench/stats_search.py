"""Statistics and fuzzy search at national scale, timed in one process: `python bench/stats_search.py`.

It builds the benchmark's data set once in ``BENCH_DATABASE_URL`` (made again with ``--rebuild``), rolls
up the daily figures (every day, then only the days touched since), and times the administrator's
statistics of the last 365 days (the service and ``GET /api/stats/``), an officer's and a holder's (the
service and the time of its SQL), and the fuzzy search of
``R0LEX``, ``ROLX`` and ``rolex sport`` with the rank of "ROLEX SPORT" in each answer. ``--only sweep`` lapses
the data set's 10,000 overdue items of one day through the lapse sweep (made due again first) and times the
administrator's ``GET /api/stats/`` right after it, after one more decision, and after the periodic roll-up.
"""

import argparse
import os
import statistics
import sys
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import _environment, _ms, _p, _recreate, _timed  # noqa: E402


def _prepare(database_url: str, scale: float, rebuild: bool):
    import psycopg

    try:
        with psycopg.connect(database_url) as connection:
            built = connection.execute("SELECT count(*) FROM recordals_recordal").fetchone()[0] > 0
    except psycopg.Error:
        built = False
    if rebuild or not built:
        _recreate(database_url)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if rebuild or not built:
        from bench.dataset import build

        started = time.perf_counter()
        data = build(scale)
        print(f"Data set {data.counts} built in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        # A bulk-loaded table as autovacuum leaves it: statistics gathered, the trigram index's pending list merged.
        cursor.execute("VACUUM ANALYZE")
    return get_user_model().objects.get(membership_row__organization__kind="admin")


def measure_rollup() -> list[tuple]:
    """Roll up three years of days, then again with nothing moved, then after a holder decided one item."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from confirmations import services
    from confirmations.models import Item
    from confirmations.rollup import WINDOW_DAYS
    from confirmations.stats import daily_figures_rebuild

    now = timezone.now()
    started = time.perf_counter()
    rows = daily_figures_rebuild(first=(now - timezone.timedelta(days=WINDOW_DAYS)).date(), now=now)
    full = time.perf_counter() - started
    daily_figures_rebuild()
    started = time.perf_counter()
    again = daily_figures_rebuild()
    idle = time.perf_counter() - started
    with connection.cursor() as cursor:
        # What autovacuum does to the freshly written tables within a minute: their index-only reads need it.
        cursor.execute(
            "VACUUM ANALYZE confirmations_dailyfigure, confirmations_dailydecisions, confirmations_monthlydecisions,"
            " confirmations_brandtotal"
        )
    item = Item.objects.filter(status="pending", deadline__gt=now).order_by("pk").first()
    holder_user = get_user_model().objects.get(membership_row__organization_id=item.holder_id)
    services.item_decide(user=holder_user, item_id=item.pk, decision="not_infringing")
    started = time.perf_counter()
    touched = daily_figures_rebuild()
    one = time.perf_counter() - started
    return [
        (f"daily figures roll-up, every day of 3 years ({rows:,} rows)", f"{full:.2f} s", "", ""),
        (f"daily figures roll-up, nothing moved since the last run ({again:,} rows)", _ms(idle), "", ""),
        (f"daily figures roll-up, one day touched ({touched:,} rows)", _ms(one), "", ""),
    ]


def measure_stats(admin, repeat: int) -> list[tuple]:
    """Time the administrator's statistics of the last 365 days, in the service and through the API."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from confirmations.stats import stats_for

    service = _timed(lambda: stats_for(admin), repeat)
    client = APIClient()
    client.force_authenticate(admin)
    api = _timed(lambda: client.get("/api/stats/", HTTP_X_FORWARDED_PROTO="https"), repeat)
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/stats/", HTTP_X_FORWARDED_PROTO="https")
    return [
        (
            "statistics of the last 365 days, administrator (service)",
            f"p50 {_ms(statistics.median(service))}, p95 {_ms(_p(service, 0.95))}",
            "",
            "",
        ),
        (
            f"GET /api/stats/, administrator, in process ({len(captured)} queries, {len(body.content):,} bytes)",
            f"p50 {_ms(statistics.median(api))}, p95 {_ms(_p(api, 0.95))}",
            "",
            "",
        ),
    ]


def _overdue_again(now):
    """Make the data set's overdue items (all notified on one day) due again, and roll that day up as it is now."""
    from datetime import timedelta

    from confirmations.models import Case, Item
    from confirmations.stats import daily_figures_rebuild
    from portal.workdays.calendar import local_date

    overdue = Item.objects.filter(description__startswith="Overdue ")
    overdue.update(
        status="pending", decision="", officer_action_at=None, sweep_claim="", deadline=now - timedelta(hours=1)
    )
    Case.objects.filter(waybill_number__startswith="LP").update(status="open")
    day = local_date(overdue.values_list("notified_at", flat=True).first())
    daily_figures_rebuild(first=day, last=day)
    daily_figures_rebuild()
    return overdue.count()


def _decide_one(now) -> None:
    from django.contrib.auth import get_user_model

    from confirmations import services
    from confirmations.models import Item

    item = Item.objects.filter(status="pending", deadline__gt=now).order_by("pk").first()
    holder_user = get_user_model().objects.get(membership_row__organization_id=item.holder_id)
    services.item_decide(user=holder_user, item_id=item.pk, decision="not_infringing")


def _api_timed(client, repeat: int) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durations, sql = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get("/api/stats/", HTTP_X_FORWARDED_PROTO="https")
            durations.append(time.perf_counter() - started)
        sql.append(sum(float(query["time"]) for query in captured.captured_queries))
    return (
        f"p50 {_ms(statistics.median(durations))}, p95 {_ms(_p(durations, 0.95))};"
        f" SQL p50 {_ms(statistics.median(sql))} ({len(captured)} queries)"
    )


def measure_after_sweep(admin, repeat: int) -> list[tuple]:
    """Lapse 10,000 items of one day through the sweep, then time the administrator's ``GET /api/stats/`` at once
    (the tasks the sweep queues on commit run in this process, as a worker would run them), and again after the
    periodic roll-up."""
    from django.utils import timezone
    from rest_framework.test import APIClient

    from confirmations import services, tasks
    from confirmations.models import Item

    queued = []
    for task in (tasks.rebuild_daily_figures, tasks.notify_lapsed):
        task.delay = lambda *args, task=task: queued.append((task, args))
    now = timezone.now()
    due = _overdue_again(now)
    client = APIClient()
    client.force_authenticate(admin)
    client.get("/api/stats/", HTTP_X_FORWARDED_PROTO="https")
    quiet = _api_timed(client, repeat)
    started = time.perf_counter()
    released = services.items_lapse_due(now=timezone.now())
    swept = time.perf_counter() - started
    started = time.perf_counter()
    for task, args in queued:
        task.apply(args=args)
    after_tasks = time.perf_counter() - started
    assert not Item.objects.filter(description__startswith="Overdue ", status="pending").exists()
    at_once = _api_timed(client, repeat)
    _decide_one(now)
    after_decision = _api_timed(client, repeat)
    tasks.rebuild_daily_figures()
    after_rollup = _api_timed(client, repeat)
    queued_names = ", ".join(sorted({task.name.split(".")[-1] for task, _args in queued})) or "none"
    return [
        (f"GET /api/stats/, administrator, before the sweep ({due:,} items due)", quiet, "", ""),
        (
            f"GET /api/stats/, administrator, right after the sweep lapsed {released:,} items of one day"
            f" (sweep {swept:.2f} s; tasks queued on commit: {queued_names}, run in {after_tasks:.2f} s)",
            at_once,
            "",
            "",
        ),
        ("GET /api/stats/, administrator, then after one more decision (of another day)", after_decision, "", ""),
        ("GET /api/stats/, administrator, after the next periodic roll-up", after_rollup, "", ""),
    ]


def _role_users():
    """Return an officer of the office with the most items and a user of the holder with the most items."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from confirmations.models import Item

    users = get_user_model().objects.order_by("pk")
    busiest = Item.objects.values("office_id", "holder_id")
    office = busiest.values("office_id").annotate(n=Count("pk")).order_by("-n", "office_id")[0]["office_id"]
    holder = busiest.values("holder_id").annotate(n=Count("pk")).order_by("-n", "holder_id")[0]["holder_id"]
    officer = users.filter(membership_row__organization_id=office).first()
    return {"officer": officer, "holder": users.filter(membership_row__organization_id=holder).first()}


def measure_roles(repeat: int) -> list[tuple]:
    """Time an officer's and a holder's statistics of the last 365 and 30 days: the service, and the SQL time of its
    statements (counted live from the items of the office or holder)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from confirmations.stats import Period, stats_for

    rows = []
    for (role, user), days in product(_role_users().items(), (365, 30)):
        period = Period.ending_today(days)
        service = _timed(lambda user=user, period=period: stats_for(user, period=period), repeat)
        sql = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                answer = stats_for(user, period=period)
            sql.append(sum(float(query["time"]) for query in captured.captured_queries))
        rows.append(
            (
                f"statistics of the last {days} days, {role} ({answer['items']:,} items, {len(captured)} queries):"
                f" service / SQL",
                f"p50 {_ms(statistics.median(service))} / {_ms(statistics.median(sql))},"
                f" p95 {_ms(_p(service, 0.95))} / {_ms(_p(sql, 0.95))}",
                "",
                "",
            )
        )
    return rows


def measure_search(repeat: int) -> list[tuple]:
    """Time the three fuzzy queries and give the rank of "ROLEX SPORT" in each answer."""
    from recordals.models import Recordal
    from recordals.search import search_recordals

    hits, durations = {}, []
    for query in ("R0LEX", "ROLX", "rolex sport") * repeat:
        started = time.perf_counter()
        titles = [r.title for r in search_recordals(query=query)[:25]]
        durations.append(time.perf_counter() - started)
        if "ROLEX SPORT" not in titles:
            titles = [r.title for r in search_recordals(query=query)]
        hits[query] = titles.index("ROLEX SPORT") + 1 if "ROLEX SPORT" in titles else None
    count = Recordal.objects.count()
    return [
        (
            f"fuzzy search R0LEX / ROLX / rolex sport among {count:,} (rank of ROLEX SPORT: "
            + ", ".join(f"{q} #{r}" for q, r in hits.items())
            + ")",
            f"p50 {_ms(statistics.median(durations))}, p95 {_ms(_p(durations, 0.95))}",
            "",
            "",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--rebuild", action="store_true", help="make the data set again")
    parser.add_argument("--only", choices=["stats", "roles", "search", "rollup", "sweep"], action="append")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    if not database_url.startswith("postgres"):
        raise SystemExit("BENCH_DATABASE_URL must point at PostgreSQL")
    os.environ.update(
        {
            **_environment(database_url),
            "PORTAL_ENV": "development",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
        }
    )
    admin = _prepare(database_url, args.scale, args.rebuild)
    only = set(args.only or ["rollup", "stats", "roles", "search"])
    rows = []
    if "rollup" in only:
        rows.extend(measure_rollup())
    if "stats" in only:
        rows.extend(measure_stats(admin, args.repeat))
    if "roles" in only:
        rows.extend(measure_roles(args.repeat))
    if "search" in only:
        rows.extend(measure_search(args.repeat))
    if "sweep" in only:
        rows.extend(measure_after_sweep(admin, args.repeat))
    load = os.getloadavg()
    print("| path | measured | baseline in the same run | ratio |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\n{os.cpu_count()} CPUs; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
