"""The holder's items list as an integration reads it (token log-in): exact queries, the same rows however paged."""

from datetime import date

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIRequestFactory

from confirmations import serializers as s
from confirmations.api import ItemFilter, item_queryset
from confirmations.detention_models import Disposal
from confirmations.models import Item
from confirmations.tests.factories import file_case, item_input
from confirmations.tests.test_item_representation import _drf
from portal.pagination import KeysetPagination
from portal.uploads import verify_image
from recordals.tests.factories import image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_client(api_client, cast):
    key = Token.objects.get_or_create(user=cast.holder1_user)[0].key
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client


def _file(cast, recordals, count: int, *, photos: bool = False) -> list[Item]:
    photo = [verify_image(image_upload("photo.jpg"))] if photos else []
    lots = [item_input(recordals.lumiere, description=f"Lot {n}", photos=photo) for n in range(count)]
    return list(file_case(cast.officer1, lots).items.order_by("pk"))


def _pages(client, url: str) -> list[dict]:
    pages = []
    while url:
        pages.append(client.get(url).json())
        url = pages[-1]["next"]
    return pages


@pytest.mark.parametrize("size", [3, 12])
def test_a_token_request_reads_token_and_membership_page_and_photos_in_three_queries(
    token_client, cast, recordals, monkeypatch, django_assert_num_queries, size
):
    monkeypatch.setattr(KeysetPagination, "page_size", 2)
    _file(cast, recordals, size, photos=True)
    first = token_client.get("/api/items/").json()
    for url in ("/api/items/", first["next"], "/api/items/?page=2"):
        with django_assert_num_queries(3):
            assert token_client.get(url).status_code == 200


def test_a_page_holding_a_disposed_item_reads_its_disposal_in_one_more_query(
    token_client, cast, recordals, django_assert_num_queries
):
    items = _file(cast, recordals, 3)
    Item.objects.filter(pk=items[0].pk).update(status="confirmed")
    Disposal.objects.create(
        item=items[0], method="destroyed", disposed_on=date(2026, 3, 2), note="", recorded_by=cast.officer1,
        recorded_at=timezone.now(),
    )  # fmt: skip
    with django_assert_num_queries(4):
        body = token_client.get("/api/items/").json()
    assert {row["id"]: row["disposal"]["method"] for row in body["results"] if row["disposal"]} == {
        items[0].pk: "destroyed"
    }


def test_pages_by_cursor_and_by_number_show_drf_representation_of_the_same_rows(
    token_client, cast, recordals, monkeypatch
):
    monkeypatch.setattr(KeysetPagination, "page_size", 3)
    _file(cast, recordals, 4, photos=True)
    _file(cast, recordals, 3)
    by_cursor = _pages(token_client, "/api/items/")
    by_number = _pages(token_client, "/api/items/?page=1")
    assert [len(page["results"]) for page in by_cursor] == [3, 3, 1]
    assert [page["results"] for page in by_cursor] == [page["results"] for page in by_number]
    assert all(set(page) == {"next", "previous", "results"} for page in by_cursor + by_number)
    request = APIRequestFactory().get("/api/items/", HTTP_HOST="testserver")
    child = s.ItemSerializer(context={"request": request})
    rows = {row.pk: row for row in item_queryset(cast.holder1_user)}
    shown = [row for page in by_cursor for row in page["results"]]
    assert shown == [_drf(child, rows[row["id"]]) for row in shown]


def test_a_list_naming_no_filter_builds_no_filter_set_and_a_named_filter_still_filters(
    token_client, cast, recordals, monkeypatch
):
    items = _file(cast, recordals, 3)
    token_client.post(f"/api/items/{items[0].pk}/decision/", {"decision": "not_infringing"}, format="json")
    built = []
    monkeypatch.setattr(ItemFilter, "is_valid", lambda filterset: built.append(filterset) or True)
    first = token_client.get("/api/items/").json()
    assert len(first["results"]) == 3 and not built
    token_client.get("/api/items/?status=pending")
    assert len(built) == 1
    monkeypatch.undo()
    pending = token_client.get("/api/items/?status=pending").json()["results"]
    assert sorted(row["id"] for row in pending) == [items[1].pk, items[2].pk]
    assert token_client.get("/api/items/?flagged_infringer=").status_code == 400
    assert token_client.get("/api/items/?status=nonsense").status_code == 400
