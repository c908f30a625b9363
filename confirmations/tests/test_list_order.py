"""The holder's lists: pending first by deadline, pages without a COUNT, read from an index."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from confirmations import services
from confirmations.api import item_queryset
from confirmations.models import Item, pending_rank
from confirmations.tests.factories import file_case, item_input
from portal.pagination import CountlessPagination

pytestmark = pytest.mark.django_db


def _file_items(cast, recordals, count: int) -> list[Item]:
    case = file_case(cast.officer1, [item_input(recordals.lumiere, description=f"Lot {n}") for n in range(count)])
    return list(case.items.order_by("pk"))


def test_items_api_lists_pending_first_then_by_deadline_and_id(api_client, cast, recordals):
    first = _file_items(cast, recordals, 2)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        second = _file_items(cast, recordals, 2)
    services.item_decide(user=cast.holder1_user, item_id=first[0].pk, decision="not_infringing")
    api_client.force_authenticate(cast.holder1_user)
    body = api_client.get("/api/items/").json()
    assert [row["id"] for row in body["results"]] == [first[1].pk, second[0].pk, second[1].pk, first[0].pk]


def test_items_api_pages_carry_next_and_previous_but_no_count(api_client, cast, recordals, monkeypatch):
    monkeypatch.setattr(CountlessPagination, "page_size", 2)
    items = _file_items(cast, recordals, 5)
    api_client.force_authenticate(cast.holder1_user)
    first = api_client.get("/api/items/?page=1").json()
    assert set(first) == {"next", "previous", "results"}
    assert first["previous"] is None and first["next"].endswith("/api/items/?page=2")
    last = api_client.get("/api/items/?page=3").json()
    assert [row["id"] for row in last["results"]] == [items[4].pk]
    assert last["next"] is None and last["previous"].endswith("/api/items/?page=2")
    assert api_client.get("/api/items/?page=4").status_code == 404
    assert api_client.get("/api/items/?page=0").status_code == 400


def test_items_api_runs_no_count_query(api_client, cast, recordals, django_assert_num_queries):
    _file_items(cast, recordals, 3)
    api_client.force_authenticate(cast.holder1_user)
    api_client.get("/api/items/")
    # The page (one row more) with its joins, and its photos.
    with django_assert_num_queries(2) as captured:
        assert api_client.get("/api/items/").status_code == 200
    assert not any("COUNT(" in query["sql"].upper() for query in captured.captured_queries)


def test_inbox_page_shows_pending_first_without_counting(client, cast, recordals):
    items = _file_items(cast, recordals, 3)
    services.item_decide(user=cast.holder1_user, item_id=items[0].pk, decision="not_infringing")
    client.force_login(cast.holder1_user)
    page = client.get(reverse("confirmations:inbox")).content.decode()
    shown = [int(pk) for pk in re.findall(r'<li class="task[^"]*" data-item-id="(\d+)"', page)]
    assert shown == [items[1].pk, items[2].pk, items[0].pk]
    assert 'class="pager"' not in page


@pytest.mark.postgres
def test_holders_item_list_is_read_from_the_index_in_its_order(cast, recordals):
    _file_items(cast, recordals, 3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    query = item_queryset(cast.holder1_user).order_by(pending_rank(), "deadline", "pk")[:26]
    plan = query.explain()
    assert "item_holder_list_idx" in plan, plan
    assert "Sort" not in plan, plan
