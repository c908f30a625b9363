"""The lapse sweep alone, at national scale: `python bench/sweep.py [--items 10000] [--profile]`.

It makes a throw-away PostgreSQL database (``BENCH_DATABASE_URL``, dropped and made again), fills it with only
what the sweep touches, spread as ``bench/dataset.py`` spreads the overdue items (5 per case over 20 offices,
each item of a different holder in turn, a holder's agent for some, a webhook for some), then times
``items_lapse_due`` with the broker of ``REDIS_URL`` and prints the queries it ran per batch.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _people(n_holders: int) -> tuple[list, list, list]:
    """Offices with an officer, holders with an owner (a third reading Chinese, a quarter with an agent firm
    deciding for them, a tenth with a webhook); return the offices, the officers and the holders."""
    from bench.dataset import BATCH, _users
    from portal.accounts.models import CustomsDistrict, Delegation, Organization
    from portal.notices.models import WebhookEndpoint

    district = CustomsDistrict.objects.create(name="Bench Customs")
    offices = Organization.objects.bulk_create(
        [Organization(kind="office", name=f"Port Office {n:02d}", district=district) for n in range(20)]
    )
    holders = Organization.objects.bulk_create(
        [Organization(kind="holder", name=f"Holder {n:05d}", country="FR") for n in range(n_holders)],
        batch_size=BATCH,
    )
    firms = Organization.objects.bulk_create(
        [Organization(kind="agent", name=f"Agent Firm {n:02d}", country="CN") for n in range(10)]
    )
    holder_users = _users(holders, "owner")
    officers = _users(offices, "member")
    _users(firms, "member")
    for user in holder_users[::3]:
        user.language = "zh-hans"
    type(holder_users[0]).objects.bulk_update(holder_users, ["language"], batch_size=BATCH)
    Delegation.objects.bulk_create(
        [Delegation(holder=holder, agent=firms[n % 10], may_decide=True) for n, holder in enumerate(holders[::4])],
        batch_size=BATCH,
    )
    WebhookEndpoint.objects.bulk_create(
        [WebhookEndpoint(organization=holder, url=f"https://hooks{holder.pk}.example/in") for holder in holders[::10]],
        batch_size=BATCH,
    )
    return offices, officers, holders


def _recordals(holders: list) -> list:
    """Return one approved trademark recordal per holder."""
    from datetime import date

    from bench.dataset import BATCH
    from recordals.models import Recordal

    return Recordal.objects.bulk_create(
        [
            Recordal(
                holder=holder,
                right_type="trademark",
                title=f"MARK {n}",
                registration_number=f"REG{n:07d}",
                right_valid_from=date(2015, 1, 1),
                status=Recordal.Status.APPROVED,
                number=f"T2026-{n:06d}",
                valid_from=date(2020, 1, 1),
                valid_until=date(2035, 12, 31),
                nice_classes=[14],
            )
            for n, holder in enumerate(holders)
        ],
        batch_size=BATCH,
    )


def build(n_items: int) -> None:
    """Fill the database with what the sweep touches: people, a recordal per holder, 5 overdue items per case."""
    from datetime import timedelta
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from bench.dataset import BATCH
    from confirmations.models import Case, Item

    now = timezone.now()
    n_holders = max(n_items // 2, 10)
    with transaction.atomic():
        offices, officers, holders = _people(n_holders)
        recordals = _recordals(holders)
        cases = Case.objects.bulk_create(
            [
                Case(
                    office=offices[n % 20],
                    filed_by=officers[n % 20],
                    channel="express",
                    direction="import",
                    waybill_number=f"LP{n:08d}",
                    committed_at=now - timedelta(days=5),
                )
                for n in range(n_items // 5 + 1)
            ],
            batch_size=BATCH,
        )
        Item.objects.bulk_create(
            [
                Item(
                    case=cases[n // 5],
                    office_id=cases[n // 5].office_id,
                    recordal=recordals[2 + n % (n_holders - 2)],
                    holder=holders[2 + n % (n_holders - 2)],
                    description=f"Overdue {n}",
                    quantity=1,
                    value=Decimal(1000),
                    value_cny=Decimal(1000),
                    notified_at=now - timedelta(days=5),
                    deadline=now - timedelta(hours=1),
                )
                for n in range(n_items)
            ],
            batch_size=BATCH,
        )


def reset() -> None:
    """Put the data set back as built: every item overdue and pending, no events, notices or deliveries."""
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in (
            "DELETE FROM notices_deliveryattempt",
            "DELETE FROM notices_delivery",
            "DELETE FROM notices_notice",
            "DELETE FROM confirmations_caseevent",
            "DELETE FROM confirmations_evidencehead",
            "UPDATE confirmations_item SET status = 'pending', decision = '', officer_action_at = NULL,"
            " sweep_claim = ''",
            "UPDATE confirmations_case SET status = 'open'",
            "VACUUM ANALYZE",
        ):
            cursor.execute(sql)


def baseline(now) -> tuple[float, int]:
    """Time one UPDATE of every overdue item (rolled back), as the benchmark's baseline."""
    from django.db import connection, transaction

    with transaction.atomic():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE confirmations_item SET quantity = quantity WHERE status = 'pending' AND deadline <= %s", [now]
            )
            touched = cursor.rowcount
        took = time.perf_counter() - started
        transaction.set_rollback(True)
    return took, touched


def measure(*, profile: str | None) -> None:
    """Time the sweep (and, apart, the notices tasks of its batches) beside one UPDATE of the same rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from confirmations import services
    from confirmations.evidence_check import evidence_check
    from confirmations.models import CaseEvent, Item
    from portal.notices.models import Delivery, Notice

    update_took, touched = baseline(timezone.now())
    profiler = cProfile.Profile() if profile else None
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        released = services.items_lapse_due()
        if profiler:
            profiler.disable()
        took = time.perf_counter() - started
    tokens = sorted(set(Item.objects.exclude(sweep_claim="").values_list("sweep_claim", flat=True)))
    with CaptureQueriesContext(connection) as notice_queries:
        started = time.perf_counter()
        for token in tokens:
            services.lapsed_notify(token=token)
        notices_took = time.perf_counter() - started
    print(
        f"notices of the {len(tokens)} batches (their tasks, run here): {notices_took:.2f} s, "
        f"{len(notice_queries.captured_queries) / max(len(tokens), 1):.1f} queries per batch"
    )
    print(
        f"lapse sweep: {released:,} items in {took:.2f} s; {len(queries.captured_queries)} queries "
        f"({len(queries.captured_queries) / max(-(-released // services.lapse.LAPSE_BATCH), 1):.1f} per batch of "
        f"{services.lapse.LAPSE_BATCH:,}); "
        f"{CaseEvent.objects.filter(action='lapsed').count():,} lapse events, {Notice.objects.count():,} notices, "
        f"{Delivery.objects.count():,} deliveries; chains: {len(evidence_check().problems)} problems; "
        f"baseline: one UPDATE of the {touched:,} rows {update_took:.2f} s ({took / update_took:.0f}x)"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats(profile).print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--profile", choices=("cumulative", "tottime"), help="print the 40 costliest functions")
    parser.add_argument("--reuse", action="store_true", help="reset the data set built by an earlier run")
    args = parser.parse_args()
    from bench.run import _environment, _recreate

    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_lapse")
    os.environ.update(_environment(database_url))
    if not args.reuse:
        _recreate(database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if args.reuse:
        reset()
    else:
        call_command("migrate", verbosity=0)
        build(args.items)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    measure(profile=args.profile)


if __name__ == "__main__":
    main()
