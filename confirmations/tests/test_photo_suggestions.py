"""Photos matched to recorded images: the officer's suggestions while filing, the holder's side-by-side."""

from datetime import date

import pytest
from django.urls import reverse
from PIL import Image

from confirmations.models import ItemPhoto
from confirmations.tests.factories import file_case, item_input
from portal.uploads import verify_image
from recordals.models import Recordal
from recordals.tests.pictures import cropped, logo, recompressed, recorded, resized, upload

pytestmark = pytest.mark.django_db

URL = "/api/photo-matches/"


@pytest.fixture
def pictures(recordals):
    """LUMIÈRE (holder1) records picture 1, NORDIK (holder2) picture 2, the patent picture 3."""
    return {
        "lumiere": recorded(recordals.lumiere, logo(1)),
        "nordik": recorded(recordals.nordik, logo(2)),
        "patent": recorded(recordals.patent, logo(3)),
    }


def _suspect(seed: int):
    return recompressed(resized(cropped(logo(seed), left=0.04, top=0.03), 0.6), 60)


def _post(api_client, user, picture):
    api_client.force_authenticate(user)
    return api_client.post(URL, {"image": upload(picture)}, format="multipart")


def test_officer_is_offered_the_recordal_whose_image_looks_like_the_photo(api_client, cast, recordals, pictures):
    answer = _post(api_client, cast.officer1, _suspect(2))
    assert answer.status_code == 200
    body = answer.json()
    assert body["comparable"] is True
    [first] = body["results"]
    assert first["recordal"] == recordals.nordik.pk
    assert first["number"] == recordals.nordik.number and first["holder"] == "Nordic Timepieces"
    assert first["image"] == pictures["nordik"].pk
    assert first["image_url"].endswith(f"/recordals/images/{pictures['nordik'].pk}/")
    assert first["thumbnail_url"].endswith(f"/recordals/images/{pictures['nordik'].pk}/thumb/")
    assert first["distance"] <= body["max_distance"] and first["similarity"] >= 84


def test_officer_can_open_the_suggested_image_with_the_same_token(api_client, cast, pictures):
    from rest_framework.authtoken.models import Token

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cast.officer1).key}")
    first = api_client.post(URL, {"image": upload(_suspect(1))}, format="multipart").json()["results"][0]
    assert api_client.get(first["thumbnail_url"]).status_code == 200
    assert api_client.get(first["image_url"]).status_code == 200


def test_unrelated_photo_gets_no_suggestion(api_client, cast, pictures):
    body = _post(api_client, cast.officer1, logo(77)).json()
    assert body == {"comparable": True, "max_distance": body["max_distance"], "results": []}


def test_plain_photo_is_said_to_be_too_plain_to_compare(api_client, cast, pictures):
    body = _post(api_client, cast.officer1, Image.new("RGB", (300, 200), (90, 60, 30))).json()
    assert body["comparable"] is False and body["results"] == []


def test_recordal_not_in_force_is_not_suggested(api_client, cast, recordals, pictures):
    Recordal.objects.filter(pk=recordals.nordik.pk).update(valid_until=date(2026, 3, 9))
    assert _post(api_client, cast.officer1, _suspect(2)).json()["results"] == []
    Recordal.objects.filter(pk=recordals.nordik.pk).update(valid_until=date(2035, 1, 1), status="cancelled")
    assert _post(api_client, cast.officer1, _suspect(2)).json()["results"] == []


@pytest.mark.parametrize("who", ["holder1_user", "agent_user", "admin"])
def test_only_officers_may_match_photos(api_client, cast, pictures, who):
    answer = _post(api_client, getattr(cast, who), _suspect(2))
    assert answer.status_code == 403
    assert "detail" in answer.json()


def test_anonymous_caller_is_refused(api_client, pictures):
    assert api_client.post(URL, {"image": upload(_suspect(2))}, format="multipart").status_code in (401, 403)


def test_a_file_that_is_not_an_image_is_refused_by_field(api_client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api_client.force_authenticate(cast.officer1)
    answer = api_client.post(URL, {"image": SimpleUploadedFile("x.jpg", b"not an image")}, format="multipart")
    assert answer.status_code == 400 and "image" in answer.json()
    assert api_client.post(URL, {}, format="multipart").status_code == 400


def test_matching_reads_the_index_in_a_fixed_number_of_queries(api_client, cast, pictures, django_assert_num_queries):
    api_client.force_authenticate(cast.officer1)
    picture = upload(_suspect(2))
    with django_assert_num_queries(3):  # the officer's office, the candidates, their images
        assert len(api_client.post(URL, {"image": picture}, format="multipart").json()["results"]) == 1


def _file_with_photo(cast, recordal, picture):
    case = file_case(cast.officer1, [item_input(recordal, photos=[verify_image(upload(picture))])])
    return case.items.get()


def test_filing_hashes_each_suspect_photo(cast, recordals):
    item = _file_with_photo(cast, recordals.lumiere, _suspect(1))
    assert item.photos.get().phash is not None


def test_holder_sees_the_suspect_photo_beside_its_nearest_recorded_image(client, cast, recordals, pictures):
    item = _file_with_photo(cast, recordals.lumiere, _suspect(1))
    photo = item.photos.get()
    client.force_login(cast.holder1_user)
    page = client.get(reverse("confirmations:item-detail", args=[item.pk])).content.decode()
    assert "data-photo-pair" in page
    assert reverse("confirmations:photo-thumb", args=[photo.pk]) in page
    assert reverse("confirmations:recordal-image-thumb", args=[pictures["lumiere"].pk]) in page
    assert "% alike" in page


def test_holder_never_sees_another_holders_recorded_image(client, cast, recordals, pictures):
    item = _file_with_photo(cast, recordals.lumiere, _suspect(2))  # holder2's picture, filed under LUMIÈRE
    client.force_login(cast.holder1_user)
    page = client.get(reverse("confirmations:item-detail", args=[item.pk])).content.decode()
    assert "data-photo-pair" not in page
    assert f"/recordal-images/{pictures['nordik'].pk}/" not in page
    assert client.get(reverse("confirmations:recordal-image-thumb", args=[pictures["nordik"].pk])).status_code == 404


def test_item_page_without_a_match_shows_no_pair(client, cast, recordals, pictures):
    item = _file_with_photo(cast, recordals.lumiere, logo(55))
    client.force_login(cast.holder1_user)
    assert "data-photo-pair" not in client.get(reverse("confirmations:item-detail", args=[item.pk])).content.decode()


def test_item_page_pairs_cost_one_query_whatever_the_number_of_photos(client, cast, recordals, pictures):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = _file_with_photo(cast, recordals.lumiere, _suspect(1))
    three = file_case(
        cast.officer1,
        [item_input(recordals.lumiere, photos=[verify_image(upload(_suspect(1))) for _ in range(3)])],
    ).items.get()
    client.force_login(cast.holder1_user)
    counts = []
    for item in (one, three):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("confirmations:item-detail", args=[item.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert ItemPhoto.objects.filter(item=three).count() == 3
