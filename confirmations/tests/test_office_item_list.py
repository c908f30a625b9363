"""The officer's items: its office's only, pending first by deadline, paged by keys from the office's index."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from confirmations import services
from confirmations.access import cases_visible_to
from confirmations.api import item_queryset
from confirmations.item_lists import CASE_LIST_KEYSET, ITEM_LIST_KEYSET
from confirmations.models import Item
from confirmations.tests.factories import file_case, item_input
from portal.keyset import Cursor, keyset_rows
from portal.pagination import KeysetPagination

pytestmark = pytest.mark.django_db


def _file(officer, recordals, count: int, *, prefix: str = "Lot") -> list[Item]:
    case = file_case(officer, [item_input(recordals.lumiere, description=f"{prefix} {n}") for n in range(count)])
    return list(case.items.order_by("pk"))


@pytest.fixture
def office_history(cast, recordals):
    """Seven items of office1 (two cases a day apart, deadlines tie within a case, three decided) between items
    of office2 filed at the same moments."""
    first = _file(cast.officer1, recordals, 4)
    _file(cast.officer2, recordals, 2, prefix="Other")
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        second = _file(cast.officer1, recordals, 3)
        _file(cast.officer2, recordals, 2, prefix="Other")
    for item in (first[1], first[3], second[0]):
        services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="not_infringing")
    return first, second


def _walk(api_client, url: str, link: str, bodies: list | None = None) -> list[list[int]]:
    pages = []
    while url:
        body = api_client.get(url).json()
        assert set(body) == {"next", "previous", "results"}
        pages.append([row["id"] for row in body["results"]])
        bodies is not None and bodies.append(body)
        url = body[link]
    return pages


def test_officer_pages_walk_its_office_items_pending_first_by_deadline_then_id(
    api_client, cast, office_history, monkeypatch
):
    first, second = office_history
    monkeypatch.setattr(KeysetPagination, "page_size", 2)
    api_client.force_authenticate(cast.officer1)
    bodies = []
    pages = _walk(api_client, "/api/items/", "next", bodies)
    pending = [first[0].pk, first[2].pk, second[1].pk, second[2].pk]
    answered = [first[1].pk, first[3].pk, second[0].pk]
    assert [pk for page in pages for pk in page] == pending + answered
    assert [len(page) for page in pages] == [2, 2, 2, 1]
    back = _walk(api_client, bodies[-1]["previous"], "previous")
    assert [*reversed(back), pages[-1]] == pages


def _cursor_of(user, pk: int) -> str:
    row = ITEM_LIST_KEYSET.annotated(item_queryset(user)).get(pk=pk)
    return Cursor(ITEM_LIST_KEYSET.position(row)).encode()


def test_officer_never_sees_another_office_items_on_any_page(api_client, cast, office_history, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 2)
    for officer, office in ((cast.officer1, cast.office1), (cast.officer2, cast.office2)):
        api_client.force_authenticate(officer)
        shown = [pk for page in _walk(api_client, "/api/items/", "next") for pk in page]
        assert sorted(shown) == sorted(Item.objects.filter(case__office=office).values_list("pk", flat=True))
        others = Item.objects.exclude(case__office=office).values_list("pk", flat=True)
        assert others and not set(shown) & set(others)
        by_number = [pk for page in _walk(api_client, "/api/items/?page=1", "next") for pk in page]
        assert by_number == shown


def test_officer_cannot_open_or_page_into_another_office_item(api_client, cast, office_history):
    other = Item.objects.filter(case__office=cast.office2).first()
    api_client.force_authenticate(cast.officer1)
    assert api_client.get(f"/api/items/{other.pk}/").status_code == 404
    after = api_client.get("/api/items/?cursor=" + _cursor_of(cast.officer2, other.pk)).json()
    assert other.pk not in [row["id"] for row in after["results"]]
    assert {row["shipment"]["office"] for row in after["results"]} <= {cast.office1.name}


def test_officer_list_query_count_does_not_grow_with_items(
    api_client, cast, recordals, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(KeysetPagination, "page_size", 3)
    api_client.force_authenticate(cast.officer1)
    for size in (4, 12):
        _file(cast.officer1, recordals, size)
        first = api_client.get("/api/items/").json()
        # The page (one row more) with its joins, and its photos.
        with django_assert_num_queries(2) as captured:
            assert api_client.get("/api/items/").status_code == 200
        assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)
        with django_assert_num_queries(2):
            assert api_client.get(first["next"]).status_code == 200


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.mark.postgres
def test_officer_item_pages_are_read_from_the_office_index_without_sorting(cast, office_history):
    first, _second = office_history
    items = item_queryset(cast.officer1)
    for page in (
        keyset_rows(items, ITEM_LIST_KEYSET, None),
        keyset_rows(items, ITEM_LIST_KEYSET, Cursor.decode(_cursor_of(cast.officer1, first[2].pk))),
        keyset_rows(items.filter(status="pending"), ITEM_LIST_KEYSET, None),
    ):
        plan = _plan(page[:26])
        assert "item_office_list_idx" in plan and "Sort" not in plan, plan


@pytest.mark.postgres
def test_officer_case_pages_are_read_from_the_office_index_without_sorting(cast, office_history):
    cases = cases_visible_to(cast.officer1).select_related("office")
    newest = CASE_LIST_KEYSET.annotated(cases).first()
    for page in (
        keyset_rows(cases, CASE_LIST_KEYSET, None),
        keyset_rows(cases, CASE_LIST_KEYSET, Cursor(CASE_LIST_KEYSET.position(newest))),
    ):
        plan = _plan(page[:26])
        assert "case_office_list_idx" in plan and "Sort" not in plan, plan
