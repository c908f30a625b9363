"""Per-request cost of the holder's lists and item pages, measured in process: CPU, wall time and queries.

``python bench/lists.py --build`` fills ``BENCH_DATABASE_URL`` (dropped and made again) with the benchmark's
data set; without ``--build`` it reuses it. Each path is requested through Django's test client with the
production settings, beside the one-row JSON view, and ``--profile PATH`` prints a cProfile of one path. The
database's CPU is its server process's (read from ``/proc``: the database on this machine), per request; its clock
ticks are 10 ms, so give ``--repeat`` 100 or more for it.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import _environment, _recreate  # noqa: E402


def _paths(data: dict) -> list[tuple[str, str, str]]:
    return [
        ("one-row JSON view", "/bench/one-row/?id=1", "big"),
        ("GET /api/items/, 10k", "/api/items/", "big"),
        ("GET /api/items/, 100", "/api/items/", "small"),
        *([("GET /api/items/, 100k", "/api/items/", "huge")] if data["huge"] else []),
        ("GET /api/items/ next page", data["next"], "big"),
        ("GET /api/items/?page=40", "/api/items/?page=40", "big"),
        *([("GET /api/items/?cursor= (page 40)", data["cursor40"], "big")] if data["cursor40"] else []),
        ("/inbox/", "/inbox/", "session"),
        ("GET /api/items/{id}/", f"/api/items/{data['item']}/", "big"),
        ("/items/{id}/", f"/items/{data['item']}/", "session"),
        ("officer /api/items/", "/api/items/", "officer"),
        ("officer /cases/", "/cases/", "officer_session"),
    ]


def _clients(data):
    from django.test import Client
    from rest_framework.authtoken.models import Token

    base = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}

    def token(user):
        return Client(**base, HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")

    def session(user):
        client = Client(**base)
        client.force_login(user)
        return client

    return {
        "big": token(data.big_holder_user),
        "small": token(data.small_holder_user),
        "officer": token(data.officer),
        "session": session(data.big_holder_user),
        "officer_session": session(data.officer),
        **({"huge": token(data.huge_holder_user)} if data.huge_holder_user else {}),
    }


def build_huge(count: int) -> None:
    """Add a holder with ``count`` items (answered, spread over a year), to show the list does not grow with them."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from bench.dataset import BATCH, _users
    from confirmations.models import Case, Item
    from portal.accounts.models import Membership, Organization
    from recordals.models import Recordal

    now = timezone.now()
    with transaction.atomic():
        holder = Organization.objects.create(kind=Organization.Kind.HOLDER, name="Huge Holder", country="FR")
        _users([holder], Membership.Role.OWNER)
        recordal = Recordal.objects.create(
            holder=holder, right_type="trademark", title="HUGE", registration_number="HUGE1",
            right_valid_from=date(2015, 1, 1), status=Recordal.Status.APPROVED, number="T2026-HUGE01",
            valid_from=date(2020, 1, 1), valid_until=date(2035, 12, 31), nice_classes=[14],
        )  # fmt: skip
        office = Organization.objects.filter(kind=Organization.Kind.OFFICE).first()
        officer = office.memberships.first().user
        cases = Case.objects.bulk_create(
            [
                Case(office=office, filed_by=officer, channel="sea", direction="import", waybill_number=f"HG{n:08d}",
                     committed_at=now - timedelta(seconds=n * 300), status=Case.Status.CLOSED)
                for n in range(count // 5 + 1)
            ],
            batch_size=BATCH,
        )  # fmt: skip
        Item.objects.bulk_create(
            [
                Item(case=cases[n // 5], office=office, recordal=recordal, holder=holder, description=f"Huge {n}",
                     quantity=1, value=Decimal(100), value_cny=Decimal(100), notified_at=cases[n // 5].committed_at,
                     deadline=cases[n // 5].committed_at + timedelta(days=4),
                     status="pending" if n < 20 else "released", decision="" if n < 20 else "not_infringing")
                for n in range(count)
            ],
            batch_size=BATCH,
        )  # fmt: skip


def _people():
    from django.contrib.auth import get_user_model

    from bench.dataset import DataSet
    from confirmations.models import Item

    User = get_user_model()
    users = list(User.objects.filter(username__startswith="u").order_by("pk").select_related())
    data = DataSet()
    by_kind = {}
    for user in users:
        by_kind.setdefault(user.organization.kind, []).append(user)
    data.big_holder_user, data.small_holder_user = by_kind["holder"][0], by_kind["holder"][1]
    data.officer = by_kind["office"][0]
    data.huge_holder_user = next((u for u in by_kind["holder"] if u.organization.name == "Huge Holder"), None)
    items = Item.objects.filter(holder=data.big_holder_user.organization).order_by("pk").values_list("pk", flat=True)
    data.big_item_id = items[len(items) // 2]
    return data


def _cursor40(data) -> str | None:
    """Return the path of the 40th page by cursor (None before cursors)."""
    try:
        from confirmations.item_lists import ITEM_LIST_KEYSET
        from portal.keyset import Cursor
    except ImportError:
        return None
    from confirmations.api import item_queryset

    row = ITEM_LIST_KEYSET.annotated(item_queryset(data.big_holder_user))[39 * 25 - 1]
    return f"/api/items/?cursor={Cursor(ITEM_LIST_KEYSET.position(row)).encode()}"


def _database_cpu() -> float | None:
    """Return the CPU seconds the database's server process of this connection has used (None: not readable)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(clients, paths, repeat: int) -> None:
    from django.db import connection

    baseline = None
    print("| path | queries | CPU ms | database CPU ms | wall ms | x one-row (wall) | bytes |")
    print("|---|---|---|---|---|---|---|")
    for label, path, who in paths:
        client = clients[who]
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        queries = []

        def counted(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            client.get(path)
        database = _database_cpu()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(repeat):
            client.get(path)
        cpu = (time.process_time() - cpu) / repeat * 1000
        database_after = _database_cpu()
        in_database = "?" if database is None else f"{(database_after - database) / repeat * 1000:.1f}"
        wall = (time.perf_counter() - wall) / repeat * 1000
        baseline = baseline or wall
        size = len(response.content)
        print(f"| {label} | {len(queries)} | {cpu:.1f} | {in_database} | {wall:.1f} | {wall / baseline:.1f} | {size} |")


def profile(client, path: str, repeat: int, top: int) -> None:
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="recreate the database and fill it")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", help="a label of the table: profile that path")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--huge", type=int, default=0, help="add a holder with this many items")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    env = _environment(database_url)
    var = Path(tempfile.gettempdir()) / "portal-bench-lists"
    os.environ.update(
        {**env, "SECRET_KEY": "bench-lists-" + "k" * 50, "EVIDENCE_KEY": "e" * 48, "PORTAL_VAR_DIR": str(var)}
    )
    os.environ["STATIC_ROOT"] = str(var / "static")
    if args.build:
        _recreate(database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if args.build:
        from bench.dataset import build

        call_command("migrate", verbosity=0)
        build(args.scale)
    if args.huge:
        build_huge(args.huge)
    if args.build or args.huge:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if not (var / "static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    data = _people()
    clients = _clients(data)
    first = clients["big"].get("/api/items/").json()
    paths = _paths(
        {
            "item": data.big_item_id,
            "next": first["next"].split("127.0.0.1", 1)[1],
            "huge": "huge" in clients,
            "cursor40": _cursor40(data),
        }
    )
    if args.profile:
        label, path, who = next(p for p in paths if p[0] == args.profile)
        profile(clients[who], path, args.repeat, args.top)
        return
    measure(clients, paths, args.repeat)


if __name__ == "__main__":
    main()
