"""The case page shows customs each hashed suspect photo beside the nearest recorded images, flagging mis-filings."""

import pytest
from django.urls import reverse

from confirmations.tests.factories import file_case, item_input
from confirmations.tests.test_photo_suggestions import _suspect
from portal.uploads import verify_image
from recordals.tests.pictures import logo, recorded, upload

# A deadline that crosses into the next calendar year reads that year's calendar too: counts are pinned to one instant.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


@pytest.fixture
def pictures(recordals):
    """LUMIÈRE (holder1) records picture 1, NORDIK (holder2) picture 2, the patent picture 3."""
    return {
        "lumiere": recorded(recordals.lumiere, logo(1)),
        "nordik": recorded(recordals.nordik, logo(2)),
        "patent": recorded(recordals.patent, logo(3)),
    }


def _case(cast, *lots):
    """File a case of one item per ``(recordal, seeds)`` lot, a photo of each seed's picture."""
    return file_case(
        cast.officer1,
        [
            item_input(recordal, description=f"Lot {n}", photos=[verify_image(upload(_suspect(s))) for s in seeds])
            for n, (recordal, seeds) in enumerate(lots)
        ],
    )


def _page(client, user, case) -> str:
    client.force_login(user)
    return client.get(reverse("confirmations:case-detail", args=[case.pk])).content.decode()


def test_officer_sees_each_photo_beside_its_nearest_recorded_image(client, cast, recordals, pictures):
    case = _case(cast, (recordals.lumiere, [1]))
    page = _page(client, cast.officer1, case)
    assert page.count("data-case-photo") == 1
    assert reverse("confirmations:recordal-image-thumb", args=[pictures["lumiere"].pk]) in page
    assert f"% alike by picture: {recordals.lumiere.number}" in page
    assert "Possible mis-filing" not in page


def test_a_photo_nearest_another_recordal_is_flagged_as_a_possible_misfiling(client, cast, recordals, pictures):
    case = _case(cast, (recordals.lumiere, [2]))  # NORDIK's picture filed under LUMIÈRE
    page = _page(client, cast.officer1, case)
    assert "Possible mis-filing" in page
    item = case.items.get()
    assert f"Item {item.pk} was filed under {recordals.lumiere.number}" in page
    assert f"recorded under {recordals.nordik.number}" in page
    assert reverse("confirmations:recordal-image-thumb", args=[pictures["nordik"].pk]) in page


def test_a_hashed_photo_matching_nothing_says_so(client, cast, recordals, pictures):
    case = file_case(cast.officer1, [item_input(recordals.lumiere, photos=[verify_image(upload(logo(77)))])])
    page = _page(client, cast.officer1, case)
    assert "No recorded image of a recordal in force looks alike." in page
    assert "Possible mis-filing" not in page


def test_holders_do_not_see_the_photo_matches(client, cast, recordals, pictures):
    case = _case(cast, (recordals.lumiere, [2]))
    page = _page(client, cast.holder1_user, case)
    assert "data-case-photo" not in page
    assert f"/recordal-images/{pictures['nordik'].pk}/" not in page


def test_case_photo_matches_cost_the_same_queries_whatever_the_number_of_items(
    client,
    cast,
    recordals,
    pictures,
    django_assert_num_queries,
):
    small = _case(cast, (recordals.lumiere, [1]))
    large = _case(cast, (recordals.lumiere, [1, 2]), (recordals.nordik, [2]), (recordals.patent, [3, 1]))
    client.force_login(cast.officer1)
    for case, shown in ((small, 1), (large, 5)):
        client.get(reverse("confirmations:case-detail", args=[case.pk]))
        with django_assert_num_queries(13):
            page = client.get(reverse("confirmations:case-detail", args=[case.pk])).content.decode()
        assert page.count("data-case-photo") == shown
