"""The nearest recorded image among 100,000 (600,000 indexed views), through the band index and by a scan.

Recorded images: a few real pictures (hashed as uploads are) and, for the rest, random 64-bit hashes
whose five cropped views differ from the whole by a few bits, as real views do. Random hashes spread
evenly over the bands, so the candidate counts are those of a varied collection; many near-identical
pictures (one product shot on white, say) would share bands and raise them.
"""

import random
import statistics
import time

from django.db import connection
from django.utils import timezone

from portal.uploads import verify_image
from portal.workdays.calendar import local_date
from recordals.image_match import (
    MATCH_DISTANCE,
    bands,
    candidates,
    candidates_query,
    nearest_recordals,
    photo_hash,
    view_hashes,
)
from recordals.models import Recordal, RecordalImage
from recordals.tests.pictures import cropped, logo, recompressed, resized, upload

BATCH = 5_000
COLUMNS = "image_id, view, phash, band0, band1, band2, band3"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _p95(values: list) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * 0.95), len(ordered) - 1)]


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _synthetic_views(rng: random.Random) -> list[int]:
    whole = rng.getrandbits(64)
    views = [whole]
    for _ in range(5):
        view = whole
        for bit in rng.sample(range(64), rng.randint(2, 6)):
            view ^= 1 << bit
        views.append(view)
    return [_signed(v) for v in views]


def _fill(n_images: int, n_real: int, rng: random.Random) -> dict[int, int]:
    """Insert ``n_images`` recordal images and their views; return {picture seed: image id} of the real ones."""
    recordal_ids = list(Recordal.objects.order_by("pk").values_list("pk", flat=True)[:n_images])
    images = RecordalImage.objects.bulk_create(
        [
            RecordalImage(
                recordal_id=recordal_ids[n % len(recordal_ids)],
                kind=RecordalImage.Kind.GENUINE,
                image=f"bench/{n}.jpg",
                thumbnail=f"bench/thumbs/{n}.jpg",
                content_type="image/jpeg",
                sha256="0" * 64,
            )
            for n in range(n_images)
        ],
        batch_size=BATCH,
    )
    real = {seed: images[seed * (n_images // n_real)] for seed in range(n_real)}
    real_ids = {image.pk: seed for seed, image in real.items()}
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY recordals_imagefingerprint ({COLUMNS}) FROM STDIN") as copy:
            for image in images:
                seed = real_ids.get(image.pk)
                views = (
                    _synthetic_views(rng) if seed is None else view_hashes(verify_image(upload(logo(seed))).thumbnail)
                )
                for view, value in enumerate(views):
                    copy.write_row((image.pk, view, value, *bands(value)))
        cursor.execute("VACUUM ANALYZE recordals_imagefingerprint")  # as autovacuum would after a bulk load
    return {seed: image.pk for seed, image in real.items()}


def _scan(phash: int) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT image_id FROM recordals_imagefingerprint WHERE bit_count((phash # %s)::bit(64)) <= %s",
            [phash, MATCH_DISTANCE],
        )
        cursor.fetchall()
    return time.perf_counter() - started


def measure(*, scale: float, seed: int = 2026) -> list[tuple]:
    """Fill the index, then time lookups of altered copies and of unrelated photos; return the table's rows."""
    rng = random.Random(seed)
    n_images = max(int(100_000 * scale), 1_000)
    n_real = 100 if scale >= 0.5 else 20
    started = time.perf_counter()
    real = _fill(n_images, n_real, rng)
    filled = time.perf_counter() - started
    scope = Recordal.objects.in_force(local_date(timezone.now()))
    views = n_images * 6
    copies = {
        s: photo_hash(verify_image(upload(recompressed(resized(cropped(logo(s), left=0.04, top=0.03), 0.6)))).thumbnail)
        for s in real
    }
    unrelated = [_signed(rng.getrandbits(64)) for _ in range(n_real)]
    rows = []
    runs = (("altered copy of a recorded picture", copies), ("unrelated photo", dict(enumerate(unrelated))))
    for label, hashes in runs:
        durations, examined, hits = [], [], 0
        for key, phash in hashes.items():
            began = time.perf_counter()
            matches = nearest_recordals(phash=phash, recordals=scope)
            durations.append(time.perf_counter() - began)
            examined.append(len(candidates(phash=phash)))
            hits += bool(matches) and (label == "unrelated photo" or matches[0].image.pk == real[key])
        verdict = f"found first {hits}/{len(hashes)}" if hashes is copies else f"matched {hits}/{len(hashes)}"
        scan = statistics.median(_scan(phash) for phash in list(hashes.values())[:5])
        rows.append(
            (
                f"nearest recorded image among {n_images:,} ({views:,} views), {label} ({verdict}; "
                f"candidates examined median {statistics.median(examined):,.0f}, p95 {_p95(examined):,.0f})",
                f"p50 {_ms(statistics.median(durations))}, p95 {_ms(_p95(durations))}",
                f"scan of every view (popcount in SQL) {_ms(scan)}",
                f"{statistics.median(durations) / scan:.2f}x",
            )
        )
    plan = candidates_query(phash=unrelated[0]).explain()
    rows.append(
        (
            f"nearest-image index: {views:,} views written in {filled:.1f} s",
            "no sequential scan of the views"
            if "Seq Scan on recordals_imagefingerprint" not in plan
            else "SEQUENTIAL SCAN of the views",
            f"{plan.count('Index Only Scan using fingerprint_band')} of 4 band indexes read alone (index-only)",
            "",
        )
    )
    return rows
