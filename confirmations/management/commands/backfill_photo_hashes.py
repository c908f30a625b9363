"""python manage.py backfill_photo_hashes: hash the photos and recorded images stored before photo matching."""

from django.core.management.base import BaseCommand

from confirmations.photo_match import BACKFILL_BATCH, photo_hashes_backfill


class Command(BaseCommand):
    help = "Hash suspect photos and index recordal images that have no perceptual hash yet (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=BACKFILL_BATCH, help="rows read per batch")

    def handle(self, *args, **options):
        photos, images = photo_hashes_backfill(batch=max(1, options["batch"]))
        self.stdout.write(f"Hashed {photos} suspect photos; indexed {images} recordal images.")
