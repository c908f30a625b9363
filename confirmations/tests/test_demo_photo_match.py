"""seed_demo's photo match: the demo suspect photo matches LUMIÈRE's recorded bag, and only that."""

import io

import pytest
from django.core.management import call_command

from confirmations.models import Case, ItemPhoto
from recordals.image_match import nearest_recordals
from recordals.image_match_models import ImageFingerprint
from recordals.models import Recordal

pytestmark = pytest.mark.django_db


def test_seed_demo_files_a_photo_that_matches_the_recorded_bag_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Photo match:" in out.getvalue() and "% alike" in out.getvalue()
    photo = ItemPhoto.objects.get(item__case__waybill_number="DEMO-PHOTO-007")
    matches = nearest_recordals(phash=photo.phash, recordals=Recordal.objects.filter(status="approved"))
    assert matches[0].recordal == photo.item.recordal
    assert matches[0].image.caption.endswith("bag")
    counts = (Case.objects.count(), ImageFingerprint.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Case.objects.count(), ImageFingerprint.objects.count()) == counts


def test_backfill_hashes_photos_and_images_stored_before_matching(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    views = ImageFingerprint.objects.count()
    ImageFingerprint.objects.all().delete()
    ItemPhoto.objects.update(phash=None)
    out = io.StringIO()
    call_command("backfill_photo_hashes", stdout=out)
    assert "Hashed 1 suspect photos" in out.getvalue()
    assert ImageFingerprint.objects.count() == views
    assert ItemPhoto.objects.filter(phash__isnull=False).get().item.case.waybill_number == "DEMO-PHOTO-007"
