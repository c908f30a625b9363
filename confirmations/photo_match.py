"""Suspect photos beside the recorded images they look like, and hashing the photos stored before matching."""

from dataclasses import dataclass

from confirmations.models import Item, ItemPhoto
from recordals.image_match import Match, fingerprints_backfill, nearest_image, nearest_recordals_each, stored_hash

BACKFILL_BATCH = 200
CASE_MATCHES = 3


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


@dataclass(frozen=True)
class CasePhoto:
    """A filed item's hashed suspect photo and the recordals whose images are nearest it, nearest first."""

    item: Item
    photo: ItemPhoto
    number: int
    matches: list[Match]

    @property
    def misfiled(self) -> bool:
        """Return whether the nearest recorded image belongs to another recordal than the item was filed under."""
        return bool(self.matches) and self.matches[0].recordal.pk != self.item.recordal_id


def case_photos(items, recordals) -> list[CasePhoto]:
    """Return the hashed suspect photos of ``items`` (photos prefetched) with the nearest images of ``recordals``.

    One lookup in the image index for all the photos together: the queries do not grow with the items.
    """
    hashed = [
        (item, number, photo)
        for item in items
        for number, photo in enumerate(item.photos.all(), start=1)
        if photo.phash is not None
    ]
    nearest = nearest_recordals_each(
        phashes=[photo.phash for _item, _number, photo in hashed], recordals=recordals, limit=CASE_MATCHES
    )
    return [
        CasePhoto(item=item, photo=photo, number=number, matches=nearest.get(photo.phash, []))
        for item, number, photo in hashed
    ]


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
