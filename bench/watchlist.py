"""Risk intelligence at scale: the watchlist match every filing runs, and the case page's repeat-trader counts.

At scale 1 the data set gains 20,000 watched traders (each with a transliterated alias), 50,000 known
infringers (one every other recordal) and a consignor and consignee for each bench case, drawn from a
pool of 5,000 trader names so that traders repeat across the 20 offices.
"""

import random
import statistics
import time

from django.db import transaction
from django.utils import timezone

from confirmations.models import Case, CaseParty, WatchedAlias, WatchedTrader
from portal.traders import trader_core_key, trader_name_key
from recordals.models import Party, Recordal

CITIES = ("Guangzhou", "Shenzhen", "Yiwu", "Ningbo", "Xiamen", "Dongguan", "Hong Kong", "Tianjin", "Qingdao")
TRADES = ("Trading", "Import Export", "Electronics", "Watch", "Leather Goods", "Garments", "Logistics")
FORMS = ("Co., Ltd.", "Co Ltd", "Limited", "LLC", "Inc.", "")
BATCH = 5000


def _company(rng: random.Random, syllables: tuple) -> str:
    word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{rng.choice(CITIES)} {word} {rng.choice(TRADES)} {rng.choice(FORMS)}".strip()


def build(data, scale: float, *, syllables: tuple, seed: int = 7) -> dict:
    """Add watched traders, known infringers and case parties to the bench data set; return the counts."""
    rng = random.Random(seed)
    n_watch = max(int(20_000 * scale), 200)
    pool = [_company(rng, syllables) for _ in range(max(int(5_000 * scale), 100))]
    now = timezone.now()
    with transaction.atomic():
        traders = WatchedTrader.objects.bulk_create(
            [
                WatchedTrader(
                    name=(name := _company(rng, syllables)),
                    name_key=(key := trader_name_key(name)),
                    core_key=trader_core_key(key),
                    source=WatchedTrader.Source.JUDGMENT,
                    judgment_reference=f"(2025) J-{n}",
                    created_by=data.admin,
                    created_at=now,
                )
                for n in range(n_watch)
            ],
            batch_size=BATCH,
        )
        WatchedAlias.objects.bulk_create(
            [
                WatchedAlias(
                    trader=t,
                    name=(alias := f"{t.name} HK"),
                    name_key=(key := trader_name_key(alias)),
                    core_key=trader_core_key(key),
                )
                for t in traders
            ],
            batch_size=BATCH,
        )
        recordal_ids = list(Recordal.objects.order_by("pk").values_list("pk", flat=True))[::2]
        Party.objects.bulk_create(
            [Party(recordal_id=pk, role=Party.Role.INFRINGER, name=_company(rng, syllables)) for pk in recordal_ids],
            batch_size=BATCH,
        )
        parties = []
        for case_id in Case.objects.values_list("pk", flat=True):
            for role in ("consignor", "consignee"):
                name = rng.choice(pool)
                parties.append(CaseParty(case_id=case_id, role=role, name=name, name_key=trader_name_key(name)))
        CaseParty.objects.bulk_create(parties, batch_size=BATCH)
    data.watch_pool = pool
    data.watched_names = [t.name for t in traders[:: max(len(traders) // 50, 1)]]
    return {"watched": n_watch, "known_infringers": len(recordal_ids), "case_parties": len(parties)}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def measure(data, counts: dict, repeat: int = 60) -> list[tuple]:
    """Time the filing's match (both parties, watchlist + known infringers) and the repeat-trader counts."""
    from confirmations.repeat_traders import repeat_traders
    from confirmations.screening import case_parties, matches_for

    rng = random.Random(11)
    today = timezone.localdate()
    durations, hits = [], 0
    for n in range(repeat):
        consignor = rng.choice(data.watched_names).upper().replace(",", "") if n % 2 else rng.choice(data.watch_pool)
        parties = case_parties({"consignor": consignor, "consignee": rng.choice(data.watch_pool)})
        started = time.perf_counter()
        hits += bool(matches_for(parties, today=today))
        durations.append(time.perf_counter() - started)
    key = trader_name_key(data.watched_names[0])
    started = time.perf_counter()
    for _ in range(repeat):
        list(WatchedTrader.objects.filter(name_key=key).values_list("pk", flat=True))
    baseline = (time.perf_counter() - started) / repeat
    match = statistics.median(durations)
    rows = [
        (
            f"watchlist match on filing: 2 parties vs {counts['watched']:,} watched traders (+ aliases) and "
            f"{counts['known_infringers']:,} known infringers ({hits}/{repeat} filings hit)",
            f"p50 {_ms(match)}, p95 {_ms(sorted(durations)[int(len(durations) * 0.95) - 1])}",
            f"one indexed name lookup {_ms(baseline)}",
            f"{match / baseline:.0f}x" if baseline else "—",
        )
    ]
    case = Case.objects.order_by("-pk").first()
    timings = []
    for _ in range(max(repeat // 3, 5)):
        started = time.perf_counter()
        repeat_traders(user=data.officer, case=case)
        timings.append(time.perf_counter() - started)
    rows.append(
        (
            f"repeat-trader counts on a case page ({counts['case_parties']:,} case parties)",
            f"p50 {_ms(statistics.median(timings))}",
            "",
            "",
        )
    )
    return rows
