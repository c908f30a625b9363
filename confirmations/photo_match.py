"""Suspect photos beside the recorded images they look like, and hashing the photos stored before matching."""

from dataclasses import dataclass

from confirmations.models import ItemPhoto
from recordals.image_match import Match, fingerprints_backfill, nearest_image, stored_hash

BACKFILL_BATCH = 200


@dataclass(frozen=True)
class PhotoPair:
    """A suspect photo and the nearest recorded image of the item's own recordal."""

    photo: ItemPhoto
    number: int
    match: Match


def photo_pairs(photos, images) -> list[PhotoPair]:
    """Pair each suspect photo with the nearest of ``images`` (one recordal's, fingerprints prefetched) it matches."""
    pairs = []
    for number, photo in enumerate(photos, start=1):
        match = nearest_image(phash=photo.phash, images=images)
        if match is not None:
            pairs.append(PhotoPair(photo=photo, number=number, match=match))
    return pairs


def photo_hashes_backfill(*, batch: int = BACKFILL_BATCH) -> tuple[int, int]:
    """Hash the suspect photos stored without a hash and index the recordal images missing from the index.

    Return how many photos and images were done; a photo too plain to hash stays without one.
    """
    photos = 0
    last = 0
    while True:
        rows = list(ItemPhoto.objects.filter(phash__isnull=True, pk__gt=last).order_by("pk")[:batch])
        if not rows:
            break
        for photo in rows:
            photo.phash = stored_hash(photo.thumbnail)
        ItemPhoto.objects.bulk_update(rows, ["phash"])
        photos += sum(1 for photo in rows if photo.phash is not None)
        last = rows[-1].pk
    return photos, fingerprints_backfill(batch=batch)
