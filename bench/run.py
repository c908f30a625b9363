"""Benchmark at national scale: run with `make bench` (or `python bench/run.py [--scale 0.1]`).

It creates a throw-away PostgreSQL database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/portal_bench``; dropped and made again), migrates it, fills it
with bulk inserts (at scale 1: 100,000 recordals, 100,000 items, one holder with 10,000, and 10,000
overdue items for the lapse sweep), then serves it with gunicorn in production mode (3 workers,
``PORTAL_ENV=production`` with throw-away keys; requests carry ``X-Forwarded-Proto: https`` as from
the TLS proxy) and a Celery worker over Redis (``REDIS_URL``, default db 15). A bounded threaded
client on 127.0.0.1 drives each path for a few seconds; every figure is printed beside a bare Django
view and a one-row JSON view measured in the same run (each served path's ratio against the one-row
view driven in turns with it, a second each), with the load average.
"""

import argparse
import io
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
# Turns a served path and the one-row view take in its measure (see ``served``).
SLICES = 5
sys.path.insert(0, str(ROOT))


def _environment(database_url: str) -> dict:
    return {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PORTAL_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "EVIDENCE_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "PORTAL_VAR_DIR": (var := tempfile.mkdtemp(prefix="portal-bench-")),
        "STATIC_ROOT": f"{var}/static",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def _recreate(database_url: str) -> None:
    import psycopg

    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _timed(fn, repeat: int) -> list[float]:
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        durations.append(time.perf_counter() - started)
    return durations


def _p(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def _twelve_megapixels() -> bytes:
    from PIL import Image, ImageFilter

    noise = Image.effect_noise((1000, 750), 60).resize((4000, 3000)).filter(ImageFilter.SMOOTH)
    image = Image.merge("RGB", (noise, noise.rotate(180), noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def measure_in_process(data, args) -> list[tuple]:
    """The sweep, the fuzzy search, the statistics roll-up and the photo pipeline, timed in this process."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from PIL import Image

    from bench.stats_search import measure_search
    from bench.sweep import baseline as sweep_baseline
    from confirmations import services
    from confirmations.models import CaseEvent, Item
    from confirmations.stats import daily_figures_rebuild
    from portal.uploads import verify_image

    rows = []
    now = timezone.now()
    baseline, touched = sweep_baseline(now)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        released = services.items_lapse_due(now=now)
        sweep = time.perf_counter() - started
    events = CaseEvent.objects.filter(action="lapsed").count()
    batches = max(-(-released // services.lapse.LAPSE_BATCH), 1)
    # Each batch's notices are written by its own task after the commit; those tasks are run here, timed apart.
    tokens = sorted(set(Item.objects.filter(sweep_claim__startswith="lapsed:").values_list("sweep_claim", flat=True)))
    started = time.perf_counter()
    for token in tokens:
        services.lapsed_notify(token=token)
    noticed = time.perf_counter() - started
    rows.append(
        (
            f"lapse sweep of {released:,} overdue items ({events:,} lapse events, "
            f"{len(queries.captured_queries) / batches:.0f} queries per batch of {services.lapse.LAPSE_BATCH}; "
            f"then their notices, one task per batch: {noticed:.2f} s)",
            f"{sweep:.2f} s",
            f"one UPDATE of the {touched:,} rows {baseline:.2f} s",
            f"{sweep / baseline:.0f}x" if baseline else "—",
        )
    )
    assert Item.objects.filter(status="pending", deadline__lte=now).count() == 0

    rows.extend(measure_search(args.search_repeat))

    started = time.perf_counter()
    figures = daily_figures_rebuild(first=(now - timezone.timedelta(days=400)).date(), now=now)
    rows.append(
        (f"daily figures roll-up, 400 days ({figures:,} rows)", f"{time.perf_counter() - started:.2f} s", "", "")
    )

    photo = _twelve_megapixels()

    def bare_decode():
        with Image.open(io.BytesIO(photo)) as image:
            image.load()

    def pipeline():
        verify_image(SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg"))

    bare = statistics.median(_timed(bare_decode, 5))
    full = statistics.median(_timed(pipeline, 5))
    verified = verify_image(SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg"))
    rows.append(
        (
            f"12 MP photo ({len(photo) / 1e6:.1f} MB): verify, strip EXIF, display + thumbnail, hash",
            _ms(full),
            f"bare full decode {_ms(bare)}",
            f"{full / bare:.2f}x",
        )
    )
    rows.append(
        (
            "holder's item page: photo shown",
            f"thumbnail {len(verified.thumbnail) / 1024:.0f} KB (display {len(verified.display) / 1024:.0f} KB)",
            f"original {len(verified.content) / 1e6:.2f} MB",
            f"1/{len(verified.content) / len(verified.thumbnail):.0f}",
        )
    )
    from bench.photo_match import measure as measure_photo_match

    rows.extend(measure_photo_match(scale=args.scale))
    return rows


def _credentials(data):
    from django.conf import settings
    from django.test import Client
    from rest_framework.authtoken.models import Token

    def token(user):
        return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}

    def session(user):
        client = Client()
        client.force_login(user)
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}

    return {
        "big": token(data.big_holder_user),
        "small": token(data.small_holder_user),
        "admin": token(data.admin),
        "officer": token(data.officer),
        "session": session(data.big_holder_user),
        "officer_session": session(data.officer),
    }


def _cursor40(data) -> str:
    """Return the address of the 40th page of the big holder's items, by cursor (its last page in a quick run with
    fewer than 40 pages)."""
    from confirmations.api import item_queryset
    from confirmations.item_lists import ITEM_LIST_KEYSET
    from portal.keyset import Cursor

    listed = ITEM_LIST_KEYSET.annotated(item_queryset(data.big_holder_user))
    before = min(39 * 25, (listed.count() - 1) // 25 * 25)
    if before <= 0:
        return "/api/items/"
    return f"/api/items/?cursor={Cursor(ITEM_LIST_KEYSET.position(listed[before - 1])).encode()}"


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)


def _wait_for(port: int, seconds: float = 30) -> None:
    import http.client

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/bench/bare/", headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer")


def measure_served(data, args, env) -> list[tuple]:
    """Serve with gunicorn and a Celery worker; drive each path and compare with the baselines."""
    from bench.load import drive, post_at_rate
    from confirmations.models import Case
    from portal.notices.models import Delivery

    headers = _credentials(data)
    proxy = {"X-Forwarded-Proto": "https"}
    python = sys.executable
    logs = Path(env["PORTAL_VAR_DIR"])
    server = _start(
        [str(Path(python).with_name("gunicorn")), "portal.wsgi:application", "-w", "3", "-b", f"127.0.0.1:{args.port}"],
        env,
        logs / "gunicorn.log",
    )
    worker = _start(
        [
            str(Path(python).with_name("celery")),
            "-A",
            "portal",
            "worker",
            "-c",
            "4",
            "-Q",
            "celery,webhooks",
            "-l",
            "WARNING",
        ],
        env,
        logs / "worker.log",
    )
    rows = []
    try:
        _wait_for(args.port)
        run = {"seconds": args.seconds, "threads": args.threads}
        bare = drive(args.port, ["/bench/bare/"], headers=proxy, **run)
        one_row = [f"/bench/one-row/?id={pk}" for pk in data.recordal_ids]
        one = drive(args.port, one_row, headers=proxy, **run)
        rows.append(("bare Django view", f"{bare.rate:.0f} req/s, p50 {bare.percentile(0.5):.1f} ms", "", ""))
        rows.append(("one-row JSON view", f"{one.rate:.0f} req/s, p50 {one.percentile(0.5):.1f} ms", "", ""))

        def served(label, paths, who):
            # The path and the one-row view take turns, a fifth of the time each turn: a machine shared with others
            # serves the one-row view at rates that drift by a third within a run, and a ratio means something
            # only against the baseline of the same moments.
            turn = {"seconds": args.seconds / SLICES, "threads": args.threads}
            beside = result = None
            for _ in range(SLICES):
                one_turn = drive(args.port, one_row, headers=proxy, **turn)
                path_turn = drive(args.port, paths, headers={**proxy, **headers[who]}, **turn)
                beside = one_turn if beside is None else beside + one_turn
                result = path_turn if result is None else result + path_turn
            rows.append(
                (
                    label,
                    f"{result.rate:.0f} req/s, p50 {result.percentile(0.5):.1f} ms, "
                    f"p95 {result.percentile(0.95):.1f} ms"
                    + (f", errors {result.error_statuses}" if result.errors else ""),
                    f"one-row JSON {beside.rate:.0f} req/s, turn about",
                    f"{result.rate / beside.rate:.0%}",
                )
            )

        big = data.counts["big_holder_items"]
        served(f"GET /api/items/, holder with {big:,} items", ["/api/items/"], "big")
        served("GET /api/items/, holder with 100 items", ["/api/items/"], "small")
        served(f"GET /api/items/?page=40, holder with {big:,} items", ["/api/items/?page=40"], "big")
        served(f"GET /api/items/?cursor=… (40th page by cursor), holder with {big:,} items", [_cursor40(data)], "big")
        served("/inbox/ (page)", ["/inbox/"], "session")
        served("GET /api/items/{id}/", [f"/api/items/{data.big_item_id}/"], "big")
        served("/items/{id}/ (page)", [f"/items/{data.big_item_id}/"], "session")
        served(
            "/items/{id}/ (page of an item awaiting the answer: decision form, bond quote)",
            [f"/items/{data.pending_item_id}/"],
            "session",
        )
        served("/cases/ (officer's case list, page)", ["/cases/"], "officer_session")
        served("GET /api/stats/ (administrator, the last 365 days)", ["/api/stats/"], "admin")

        recordals = data.recordal_ids

        def body(n):
            return json.dumps(
                {
                    "channel": "express",
                    "direction": "import",
                    "waybill_number": f"BENCH{n:06d}",
                    "currency": "CNY",
                    "items": [
                        {
                            "recordal": recordals[n % len(recordals)],
                            "description": "Watches",
                            "hs_code": "9102.11",
                            "quantity": 5,
                            "value": "1000.00",
                        },
                        {
                            "recordal": recordals[(n + 7) % len(recordals)],
                            "description": "Straps",
                            "hs_code": "9113.90",
                            "quantity": 5,
                            "value": "200.00",
                        },
                    ],
                }
            )

        first_case = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        filing = post_at_rate(
            args.port,
            "/api/cases/",
            body,
            headers={**proxy, **headers["officer"], "Content-Type": "application/json"},
            rate=20.0,
            seconds=args.filing_seconds,
        )
        time.sleep(5)
        latencies = []
        for committed, sent in (
            Delivery.objects.filter(channel="email", sent_at__isnull=False, recipient__isnull=False)
            .filter(created_at__gte=Case.objects.get(pk=first_case + 1).committed_at if first_case else None)
            .values_list("created_at", "sent_at")
        ):
            latencies.append((sent - committed).total_seconds())
        unsent = Delivery.objects.filter(channel="email", sent_at__isnull=True).count()
        rows.append(
            (
                "filing at 20 cases/s offered (2 items each)",
                f"{filing['achieved']:.1f} cases/s, "
                f"request p50 {filing['p50_ms']:.0f} ms, p99 {filing['p99_ms']:.0f} ms",
                f"statuses {filing['statuses']}",
                "",
            )
        )
        rows.append(
            (
                "notice from commit to sent (e-mail handed to the mail backend)",
                f"p50 {_ms(statistics.median(latencies))}, p99 {_ms(_p(latencies, 0.99))}"
                if latencies
                else "none sent",
                f"{len(latencies)} sent, {unsent} not yet",
                "",
            )
        )
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1 = 100,000 recordals and items; 0.05 for a quick run"
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of load per path")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--filing-seconds", type=float, default=10.0)
    parser.add_argument("--search-repeat", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    if not database_url.startswith("postgres"):
        raise SystemExit("BENCH_DATABASE_URL must point at PostgreSQL")
    env = {**os.environ, **_environment(database_url)}
    os.environ.update(env)
    _recreate(database_url)

    import django

    django.setup()
    from django.core.management import call_command

    from bench.dataset import SYLLABLES, build
    from bench.watchlist import build as build_watchlist
    from bench.watchlist import measure as measure_watchlist

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    started = time.perf_counter()
    data = build(args.scale)
    watch_counts = build_watchlist(data, args.scale, syllables=SYLLABLES)
    built = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:
        # A bulk-loaded database as autovacuum leaves it: statistics gathered, GIN pending lists merged.
        cursor.execute("VACUUM ANALYZE")
    print(f"Data set: {data.counts} {watch_counts} built in {built:.1f} s (migrations {migrated:.1f} s) on PostgreSQL")
    rows = measure_in_process(data, args)
    rows.extend(measure_watchlist(data, watch_counts))
    from portal.celery import app
    from portal.notices.models import Delivery

    # The sweep's notices were measured being written and queued; the filing run starts from an idle queue.
    app.control.purge()
    Delivery.objects.all().delete()
    call_command("collectstatic", interactive=False, verbosity=0)
    rows.extend(measure_served(data, args, env))
    load = os.getloadavg()
    print()
    print("| path | measured | baseline in the same run | ratio |")
    print("|---|---|---|---|")
    for label, measured, baseline, ratio in rows:
        print(f"| {label} | {measured} | {baseline} | {ratio} |")
    print()
    print(
        f"gunicorn 3 workers (production settings), Celery 4, client {args.threads} threads x {args.seconds:.0f} s "
        f"per path on 127.0.0.1; {os.cpu_count()} CPUs; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


if __name__ == "__main__":
    main()
