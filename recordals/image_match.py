"""Photos matched to recorded images: perceptual hashes, their index and the nearest-image lookup.

**Hash.** pHash (``imagehash.phash``: the sign pattern of the 8 × 8 lowest frequencies of the DCT of a
32 × 32 greyscale copy, 64 bits), taken from the 480 px thumbnail made at upload. Resizing and JPEG
recompression move it by 0 to 2 bits, but cropping 5 % off one side moves it by up to ~16, which is
as close as some unrelated pictures come (~20 at the least, ~32 on average). So each recordal image is
indexed under six *views* (the whole image, its centre 95 %, its four 95 % corners) and a photo, hashed
once whole, matches when it is within ``MATCH_DISTANCE`` bits of any view of an image: a copy resized,
recompressed and cropped by up to about 5 % on any sides stays within ~8 bits of one view. A photo with
almost no contrast (a blank wall, a solid colour) has no stable hash and is left unhashed.

**Index.** Multi-index hashing (Norouzi, Punjani and Fleet, 2012) in plain indexed columns: the 64 bits
are cut into four 16-bit bands (``ImageFingerprint.band0``..``band3``). Two hashes at most
``SEARCH_RADIUS`` (11) bits apart have, by pigeonhole, one band at most 2 bits apart; so one statement
asks for the rows whose band *i* is one of the 137 values within 2 bits of the photo's band *i*
(4 × 137 B-tree equality probes reading the band indexes alone, the same on SQLite and PostgreSQL),
then the exact Hamming distance is computed on those candidates only. Nothing within the radius is
missed, and at 100,000 images (600,000 views) a lookup reads about 5,000 index entries, not the whole
table (``make bench`` reports both). The scope (recordals in force, visible to the caller) is applied
to the few views within ``MATCH_DISTANCE`` afterwards. A BK-tree would answer the same, but it lives
in one process's memory: every web and worker process would load all the hashes and rebuild on each
upload; the index in the database is shared and written in the upload's own transaction.
"""

import io
import json
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from django.db.models import F, Lookup
from PIL import Image, ImageStat

from recordals.image_match_models import ImageFingerprint
from recordals.models import RecordalImage

HASH_BITS = 64
BAND_BITS = 16
BANDS = HASH_BITS // BAND_BITS
BAND_RADIUS = 2
SEARCH_RADIUS = BANDS * (BAND_RADIUS + 1) - 1
MATCH_DISTANCE = 10
CROP = 0.05
MIN_CONTRAST = 6.0
SUGGESTIONS = 5
_MASK = (1 << HASH_BITS) - 1


@dataclass(frozen=True)
class Match:
    """A recorded image near a photo: its distance in bits out of 64."""

    image: object
    distance: int

    @property
    def recordal(self):
        return self.image.recordal

    @property
    def similarity(self) -> int:
        """Return how alike the two are, in per cent (64 equal bits: 100)."""
        return round(100 * (HASH_BITS - self.distance) / HASH_BITS)


def _signed(value: int) -> int:
    """Return the unsigned 64-bit hash as the signed integer a BIGINT column holds."""
    return value - (1 << HASH_BITS) if value >= 1 << (HASH_BITS - 1) else value


def _phash(image: Image.Image) -> int:
    import imagehash  # numpy and scipy load on first use, not in every process that imports the app

    return _signed(int(str(imagehash.phash(image)), 16))


def _decoded(data: bytes) -> Image.Image | None:
    """Decode the thumbnail in greyscale; None when it is too plain to hash reliably."""
    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("L")
    small = image.resize((32, 32), Image.Resampling.BILINEAR)
    return image if ImageStat.Stat(small).stddev[0] >= MIN_CONTRAST else None


def photo_hash(data: bytes) -> int | None:
    """Return the perceptual hash of a photo (its thumbnail's bytes), or None when it is too plain."""
    image = _decoded(data)
    return None if image is None else _phash(image)


def view_hashes(data: bytes) -> list[int]:
    """Return the hashes of a recorded image's six views (whole, centre, four corners), or [] when too plain."""
    image = _decoded(data)
    if image is None:
        return []
    width, height = image.size
    dx, dy = round(width * CROP), round(height * CROP)
    boxes = [
        (0, 0, width, height),
        (dx // 2, dy // 2, width - dx // 2, height - dy // 2),
        (dx, dy, width, height),
        (0, 0, width - dx, height - dy),
        (dx, 0, width, height - dy),
        (0, dy, width - dx, height),
    ]
    return [_phash(image.crop(box)) for box in boxes]


def distance(a: int, b: int) -> int:
    """Return the Hamming distance of two hashes."""
    return ((a ^ b) & _MASK).bit_count()


def bands(value: int) -> list[int]:
    """Return the four 16-bit bands of a hash, lowest first."""
    unsigned = value & _MASK
    return [(unsigned >> (BAND_BITS * i)) & ((1 << BAND_BITS) - 1) for i in range(BANDS)]


@cache
def _flips() -> tuple[int, ...]:
    """Return every mask of at most ``BAND_RADIUS`` set bits in a band (137 of them)."""
    masks = [0]
    for count in range(1, BAND_RADIUS + 1):
        masks += [sum(1 << bit for bit in bits) for bits in combinations(range(BAND_BITS), count)]
    return tuple(masks)


def fingerprint_rows(*, image, data: bytes) -> list[ImageFingerprint]:
    """Return the unsaved index rows of a recordal image (one per view) from its thumbnail's bytes."""
    return [
        ImageFingerprint(
            image=image,
            view=view,
            phash=value,
            **{f"band{i}": band for i, band in enumerate(bands(value))},
        )
        for view, value in enumerate(view_hashes(data))
    ]


def fingerprints_record(*, image, data: bytes) -> int:
    """Index a newly stored recordal image (images never change in place); return the number of views indexed."""
    return len(ImageFingerprint.objects.bulk_create(fingerprint_rows(image=image, data=data)))


JSON_INTEGERS = "SELECT value FROM json_each(%s)"


class OneOf(Lookup):
    """The column holds one of a list of integers, bound as one parameter however long the list: an array on
    PostgreSQL (``= ANY``), a JSON array elsewhere (``IN (SELECT value FROM json_each(...))``); both are equality
    probes of the column's index."""

    lookup_name = "one_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({JSON_INTEGERS})", [*params, json.dumps([int(v) for v in self.rhs])]

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::integer[])", [*params, [int(v) for v in self.rhs]]


def candidates_query(*, phash: int | None = None, phashes=()):
    """Return the query of the indexed views sharing a near band with ``phash`` (or any of ``phashes``), as
    ``(image, hash)`` rows.

    Every view within ``SEARCH_RADIUS`` bits of a hash is among them (a view may come once per near band). One
    SELECT per band, united, so each reads its own index alone (``band, phash, image``); several hashes share
    the four SELECTs. Each band's near values are bound as one parameter (``OneOf``): one by one, 137 per hash
    and band, they would cost more than the lookup itself and, for many photos at once, pass SQLite's limit.
    """
    hashes = [phash] if phash is not None else list(phashes)
    split = [bands(value) for value in hashes]
    parts = []
    for i in range(BANDS):
        near = sorted({parts_of[i] ^ mask for parts_of in split for mask in _flips()})
        parts.append(
            ImageFingerprint.objects.filter(OneOf(F(f"band{i}"), near)).order_by().values_list("image_id", "phash")
        )
    return parts[0].union(*parts[1:], all=True)


def candidates(*, phash: int) -> list[tuple[int, int]]:
    """Return ``(image id, hash)`` of the candidate views (see ``candidates_query``)."""
    return list(candidates_query(phash=phash))


def nearest_recordals(*, phash: int | None, recordals, limit: int = SUGGESTIONS) -> list[Match]:
    """Return the recordals (of ``recordals``) whose images are nearest the photo, nearest first, one per recordal.

    The scope is applied to the few views within ``MATCH_DISTANCE``, not to every candidate.
    """
    if phash is None:
        return []
    return nearest_recordals_each(phashes=[phash], recordals=recordals, limit=limit).get(phash, [])


def nearest_recordals_each(*, phashes, recordals, limit: int = SUGGESTIONS) -> dict[int, list[Match]]:
    """Return, for each of several photos' hashes, what ``nearest_recordals`` returns, in two statements in all.

    A hash whose photo matches nothing in scope is left out.
    """
    hashes = sorted(set(phashes))
    if not hashes:
        return {}
    rows = list(candidates_query(phashes=hashes))
    near: dict[int, dict[int, int]] = {}
    for phash in hashes:
        for image_id, value in rows:
            gap = distance(phash, value)
            if gap <= MATCH_DISTANCE and gap < near.setdefault(phash, {}).get(image_id, HASH_BITS + 1):
                near[phash][image_id] = gap
    wanted = {image_id for gaps in near.values() for image_id in gaps}
    if not wanted:
        return {}
    images = list(
        RecordalImage.objects.filter(pk__in=wanted, recordal__in=recordals).select_related("recordal__holder")
    )
    found = {}
    for phash, gaps in near.items():
        best: dict[int, Match] = {}
        for image in (image for image in images if image.pk in gaps):
            match = Match(image=image, distance=gaps[image.pk])
            known = best.get(image.recordal_id)
            if known is None or (match.distance, image.pk) < (known.distance, known.image.pk):
                best[image.recordal_id] = match
        if best:
            found[phash] = sorted(best.values(), key=lambda match: (match.distance, match.recordal.pk))[:limit]
    return found


def nearest_image(*, phash: int | None, images) -> Match | None:
    """Return the image (among ``images``, their ``fingerprints`` prefetched) nearest the photo, if it matches."""
    if phash is None:
        return None
    found = [
        Match(image=image, distance=min(distance(phash, row.phash) for row in image.fingerprints.all()))
        for image in images
        if image.fingerprints.all()
    ]
    found = [match for match in found if match.distance <= MATCH_DISTANCE]
    return min(found, key=lambda match: (match.distance, match.image.pk), default=None)


def fingerprints_backfill(*, batch: int = 200) -> int:
    """Index the recordal images that have no fingerprint yet (stored before matching); return how many."""
    done = 0
    last = 0
    while True:
        images = list(RecordalImage.objects.filter(fingerprints__isnull=True, pk__gt=last).order_by("pk")[:batch])
        if not images:
            return done
        rows = []
        for image in images:
            data = _stored_bytes(image.thumbnail)
            rows += fingerprint_rows(image=image, data=data) if data else []
        ImageFingerprint.objects.bulk_create(rows, ignore_conflicts=True)  # a concurrent run indexed it first
        done += len({row.image_id for row in rows})
        last = images[-1].pk


def stored_hash(field) -> int | None:
    """Return the perceptual hash of a stored thumbnail, or None when it is missing, unreadable or too plain."""
    data = _stored_bytes(field)
    return photo_hash(data) if data else None


def _stored_bytes(field) -> bytes:
    try:
        with field.open("rb") as stored:
            data = stored.read()
        Image.open(io.BytesIO(data)).verify()
    except (OSError, ValueError, SyntaxError):
        return b""
    return data
