"""The inbox shows each item's first photo as its thumbnail, all the page's photos read in one query."""

import pytest
from django.urls import reverse

from confirmations.tests.factories import file_case, item_input
from portal.uploads import verify_image
from recordals.tests.factories import image_upload

pytestmark = pytest.mark.django_db


def test_each_item_shows_the_thumbnail_of_its_first_photo(client, cast, recordals):
    photo = verify_image(image_upload("a.jpg"))
    case = file_case(
        cast.officer1,
        [item_input(recordals.lumiere, photos=[photo, photo]), item_input(recordals.lumiere, description="Bare")],
    )
    with_photos, bare = case.items.order_by("pk")
    first, second = with_photos.photos.order_by("pk")
    client.force_login(cast.holder1_user)
    content = client.get(reverse("confirmations:inbox")).content.decode()
    assert reverse("confirmations:photo-thumb", args=[first.pk]) in content
    assert reverse("confirmations:photo-thumb", args=[second.pk]) not in content
    assert content.count('<span class="nothumb"></span>') == 1 and f'data-item-id="{bare.pk}"' in content
