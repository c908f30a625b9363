"""The perceptual match: altered copies of a recorded image are found, unrelated pictures are not."""

import pytest

from portal.tests.factories import HolderFactory, member_of
from portal.uploads import verify_image
from recordals import image_match
from recordals.image_match import MATCH_DISTANCE, SEARCH_RADIUS, distance, nearest_recordals, photo_hash
from recordals.image_match_models import ImageFingerprint
from recordals.models import Recordal
from recordals.services import recordal_images_add
from recordals.tests.factories import RecordalFactory, approved_recordal
from recordals.tests.pictures import cropped, logo, recompressed, recorded, resized, upload

pytestmark = pytest.mark.django_db


def _hash(picture) -> int:
    return photo_hash(verify_image(upload(picture)).thumbnail)


@pytest.fixture
def gallery():
    """Three approved recordals of different holders, each with its own distinctive recorded picture."""
    recordals = [approved_recordal(title=f"MARK {n}") for n in range(3)]
    images = [recorded(recordal, logo(seed)) for seed, recordal in enumerate(recordals)]
    return recordals, images


def _in_force():
    return Recordal.objects.filter(status=Recordal.Status.APPROVED)


@pytest.mark.parametrize(
    "alter",
    [
        pytest.param(lambda p: resized(p, 0.4), id="resized"),
        pytest.param(lambda p: recompressed(p, 60), id="recompressed"),
        pytest.param(lambda p: cropped(p, left=0.05, top=0.05), id="cropped-top-left"),
        pytest.param(lambda p: cropped(p, right=0.05, bottom=0.03, left=0, top=0), id="cropped-bottom-right"),
        pytest.param(lambda p: cropped(p, left=0.03, top=0.02, right=0.02, bottom=0.03), id="cropped-all-sides"),
        pytest.param(
            lambda p: recompressed(resized(cropped(p, left=0.04, top=0.0, right=0.0, bottom=0.05), 0.5), 60),
            id="cropped-resized-recompressed",
        ),
    ],
)
def test_altered_copy_of_a_recorded_image_is_found_first(gallery, alter):
    recordals, images = gallery
    matches = nearest_recordals(phash=_hash(alter(logo(1))), recordals=_in_force())
    assert matches, "the altered copy matched nothing"
    assert matches[0].image == images[1]
    assert matches[0].recordal == recordals[1]
    assert matches[0].distance <= MATCH_DISTANCE
    assert matches[0].similarity >= 84


def test_unrelated_picture_matches_no_recordal(gallery):
    assert nearest_recordals(phash=_hash(logo(99)), recordals=_in_force()) == []


def test_unrelated_pictures_are_further_than_the_match_distance():
    hashes = [_hash(logo(seed)) for seed in range(100, 112)]
    gaps = [distance(a, b) for i, a in enumerate(hashes) for b in hashes[i + 1 :]]
    assert min(gaps) > MATCH_DISTANCE


def test_plain_photo_has_no_hash_and_matches_nothing(gallery):
    from PIL import Image

    assert _hash(Image.new("RGB", (400, 300), (120, 90, 40))) is None
    assert nearest_recordals(phash=None, recordals=_in_force()) == []


def test_search_is_limited_to_the_given_recordals(gallery):
    recordals, _ = gallery
    others = Recordal.objects.exclude(pk=recordals[1].pk)
    assert nearest_recordals(phash=_hash(recompressed(logo(1))), recordals=others) == []


def test_one_suggestion_per_recordal_nearest_image_first():
    recordal = approved_recordal(title="TWO PICTURES")
    recorded(recordal, logo(5))
    exact = recorded(recordal, logo(6))
    matches = nearest_recordals(phash=_hash(logo(6)), recordals=_in_force())
    assert [(m.recordal, m.image) for m in matches] == [(recordal, exact)]


def test_every_view_within_the_search_radius_is_a_candidate(gallery):
    _, images = gallery
    target = ImageFingerprint.objects.filter(image=images[2], view=0).get()
    flipped = target.phash
    for bit in (0, 5, 17, 22, 33, 38, 49, 54, 60, 61, 62):  # 11 bits over all four bands
        flipped ^= 1 << bit
    flipped = image_match._signed(flipped & (2**64 - 1))
    assert distance(flipped, target.phash) == SEARCH_RADIUS
    found = image_match.candidates(phash=flipped)
    assert (images[2].pk, target.phash) in found


def test_lookup_reads_candidates_through_the_index_in_two_queries(gallery, django_assert_num_queries):
    phash = _hash(recompressed(logo(2)))
    with django_assert_num_queries(2):
        matches = nearest_recordals(phash=phash, recordals=_in_force())
        assert matches[0].recordal.holder.name
    assert len(image_match.candidates(phash=phash)) < ImageFingerprint.objects.count()


def test_uploading_a_recordal_image_indexes_its_six_views():
    holder = HolderFactory()
    actor = member_of(holder)
    recordal = RecordalFactory(holder=holder, created_by=actor)
    [image] = recordal_images_add(
        actor=actor, recordal=recordal, images=[(verify_image(upload(logo(7))), "genuine", "")]
    )
    assert sorted(image.fingerprints.values_list("view", flat=True)) == [0, 1, 2, 3, 4, 5]


def test_removing_a_recordal_image_drops_it_from_the_index(gallery):
    recordals, images = gallery
    images[1].delete()
    assert not ImageFingerprint.objects.filter(image_id=images[1].pk).exists()
    assert nearest_recordals(phash=_hash(logo(1)), recordals=_in_force()) == []
