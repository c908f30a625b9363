"""The items API pages by keys: every item once in the order shown, steady while items arrive, from the index."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from confirmations import services
from confirmations.access import awaiting_items
from confirmations.api import item_queryset
from confirmations.item_lists import ITEM_LIST_KEYSET
from confirmations.models import Item, pending_rank
from confirmations.tests.factories import file_case, item_input
from portal.keyset import Cursor, keyset_rows
from portal.pagination import KeysetPagination

pytestmark = pytest.mark.django_db


def _file(cast, recordals, count: int, *, prefix: str = "Lot") -> list[Item]:
    case = file_case(cast.officer1, [item_input(recordals.lumiere, description=f"{prefix} {n}") for n in range(count)])
    return list(case.items.order_by("pk"))


@pytest.fixture
def history(cast, recordals):
    """Seven items of holder1: two cases a day apart (deadlines tie within a case), three of them decided."""
    first = _file(cast, recordals, 4)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        second = _file(cast, recordals, 3)
    for item in (first[1], first[3], second[0]):
        services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="not_infringing")
    return first + second


def _shown_order(user) -> list[int]:
    return list(item_queryset(user).order_by(pending_rank(), "deadline", "pk").values_list("pk", flat=True))


def _walk(api_client, url: str, link: str) -> list[list[int]]:
    pages = []
    while url:
        body = api_client.get(url).json()
        assert set(body) == {"next", "previous", "results"}
        pages.append([row["id"] for row in body["results"]])
        url = body[link]
    return pages


def test_pages_walk_every_item_once_in_the_order_shown_ties_included(api_client, cast, history, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 2)
    api_client.force_authenticate(cast.holder1_user)
    pages = _walk(api_client, "/api/items/", "next")
    assert [pk for page in pages for pk in page] == _shown_order(cast.holder1_user)
    assert [len(page) for page in pages] == [2, 2, 2, 1]
    first = api_client.get("/api/items/").json()
    assert first["previous"] is None and "cursor=" in first["next"] and "page=" not in first["next"]


def test_previous_links_walk_back_through_the_same_pages(api_client, cast, history, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 2)
    api_client.force_authenticate(cast.holder1_user)
    forward = _walk(api_client, "/api/items/", "next")
    url = "/api/items/"
    while (body := api_client.get(url).json())["next"]:
        url = body["next"]
    backward = _walk(api_client, url, "previous")
    assert backward == forward[::-1]


def test_items_arriving_meanwhile_neither_repeat_nor_skip_an_item(api_client, cast, recordals, history, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 3)
    api_client.force_authenticate(cast.holder1_user)
    before = _shown_order(cast.holder1_user)
    page = api_client.get("/api/items/").json()
    seen = [row["id"] for row in page["results"]]
    arrived = _file(cast, recordals, 2, prefix="New")
    url = page["next"]
    while url:
        page = api_client.get(url).json()
        seen.extend(row["id"] for row in page["results"])
        url = page["next"]
    assert len(seen) == len(set(seen))
    assert set(before) <= set(seen)
    assert [pk for pk in seen if pk in before] == before
    after = _shown_order(cast.holder1_user)
    assert all(pk in seen for pk in after if after.index(pk) > after.index(seen[2]))
    assert {item.pk for item in arrived} <= set(after)


def test_a_filter_pages_by_keys_too(api_client, cast, history, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 1)
    api_client.force_authenticate(cast.holder1_user)
    pages = _walk(api_client, "/api/items/?status=pending", "next")
    pending = [pk for pk in _shown_order(cast.holder1_user) if Item.objects.get(pk=pk).status == "pending"]
    assert [pk for page in pages for pk in page] == pending
    assert all("status=pending" in link for link in [api_client.get("/api/items/?status=pending").json()["next"]])


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "",
        _cursor("[1, 2, 3]"),
        _cursor('{"a": [0, "2026-03-13T16:00:00+00:00"]}'),
        _cursor('{"a": [0, "2026-03-13T16:00:00", 5]}'),
        _cursor('{"a": [0, "tomorrow", 5]}'),
        _cursor('{"a": [0, "2026-03-13T16:00:00+00:00", 99999999999999999999999]}'),
        _cursor('{"x": [0, "2026-03-13T16:00:00+00:00", 5]}'),
        _cursor('{"a": [null, "2026-03-13T16:00:00+00:00", 5]}'),
    ],
)
def test_a_cursor_not_handed_out_by_the_list_answers_400(api_client, cast, history, cursor):
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.get("/api/items/", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_page_numbers_still_answer_for_clients_that_page_by_number(api_client, cast, history, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 3)
    api_client.force_authenticate(cast.holder1_user)
    second = api_client.get("/api/items/?page=2").json()
    assert [row["id"] for row in second["results"]] == _shown_order(cast.holder1_user)[3:6]
    assert second["next"].endswith("?page=3") and second["previous"].endswith("/api/items/")


def test_a_cursor_page_runs_as_many_queries_as_the_first(
    api_client, cast, recordals, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(KeysetPagination, "page_size", 2)
    api_client.force_authenticate(cast.holder1_user)
    for size in (3, 12):
        _file(cast, recordals, size)
        first = api_client.get("/api/items/").json()
        # The page (one row more) with its joins, and its photos.
        with django_assert_num_queries(2):
            assert api_client.get("/api/items/").status_code == 200
        with django_assert_num_queries(2):
            assert api_client.get(first["next"]).status_code == 200


@pytest.mark.postgres
def test_a_page_after_a_cursor_is_read_from_the_index_without_sorting(cast, recordals):
    items = _file(cast, recordals, 3)
    services.item_decide(user=cast.holder1_user, item_id=items[0].pk, decision="not_infringing")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    row = ITEM_LIST_KEYSET.annotated(item_queryset(cast.holder1_user)).get(pk=items[1].pk)
    cursor = Cursor(ITEM_LIST_KEYSET.position(row))
    plan = keyset_rows(item_queryset(cast.holder1_user), ITEM_LIST_KEYSET, cursor)[:26].explain()
    assert "item_holder_list_idx" in plan, plan
    assert "Sort" not in plan, plan


@pytest.mark.postgres
def test_the_pending_list_and_the_awaiting_count_are_read_from_indexes(cast, recordals):
    _file(cast, recordals, 3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    pending = keyset_rows(item_queryset(cast.holder1_user).filter(status="pending"), ITEM_LIST_KEYSET, None)
    plan = pending[:26].explain()
    assert "item_holder_list_idx" in plan and "Sort" not in plan, plan
    plan = awaiting_items(cast.holder1_user).order_by().explain()
    # On a table of a few rows the planner's pick among the holder's indexes (the partial pending index, the
    # holder/status one, the foreign key's) is a cost tie; what matters is that the count never scans the table.
    assert "Index" in plan and "Seq Scan" not in plan, plan
