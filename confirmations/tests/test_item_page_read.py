"""The item page reads its item by SQL compiled once per scope: the same item, joins and annotations as the ORM's
read, only within the reader's scope, and the header's count of what awaits an answer at each request's own instant."""

from datetime import timedelta

import pytest
import time_machine
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.utils import timezone

from confirmations.models import Item
from confirmations.tests.test_item_representation import items  # noqa: F401 (the items in every state)
from confirmations.views import items as item_views
from portal.accounts.models import Delegation
from portal.tests.factories import DelegationFactory
from recordals.models import RecordalImage
from recordals.tests.factories import recordal_image

pytestmark = pytest.mark.django_db

JOINED = ("case", "recordal", "holder", "decided_by", "general_bond")


def _read(user, pk: int) -> Item:
    request = RequestFactory().get(f"/items/{pk}/")
    request.user = user
    return item_views._get_item(request, pk)


def _facts(item: Item) -> dict:
    """What the page reads of an item: its fields, every joined row's fields and the holder side's annotations."""
    facts = {"item": model_to_dict(item), "office": model_to_dict(item.case.office)}
    for name in JOINED:
        related = getattr(item, name)
        facts[name] = None if related is None else model_to_dict(related)
    for name in ("user_decides", "joined_value_cny", "awaiting_count"):
        facts[name] = getattr(item, name, "unread")
    return facts


@pytest.mark.parametrize("who", ["holder1_user", "agent_user", "officer1", "admin"])
def test_the_item_page_reads_what_the_orm_reads_from_its_compiled_statement(cast, items, who, monkeypatch):  # noqa: F811
    user = getattr(cast, who)
    compiled = {}
    for item in items:
        for _ in range(2):  # the second read runs the statement the first compiled
            compiled[item.pk] = _facts(_read(user, item.pk))
    monkeypatch.setattr(item_views, "items_scope_key", lambda user: None)  # no key: the ORM reads each item
    for item in items:
        assert compiled[item.pk] == _facts(_read(user, item.pk)), (who, item.status)
    assert {facts["item"]["status"] for facts in compiled.values()} >= {"pending", "infringing", "confirmed"}


def test_another_holders_item_page_is_not_found_even_once_its_shape_is_compiled(client, cast, items):  # noqa: F811
    client.force_login(cast.holder1_user)
    assert client.get(f"/items/{items[0].pk}/").status_code == 200
    assert client.get(f"/items/{items[1].pk}/").status_code == 200
    client.force_login(cast.holder2_user)
    assert client.get(f"/items/{items[0].pk}/").status_code == 404
    client.force_login(cast.officer2)
    assert client.get(f"/items/{items[1].pk}/").status_code == 404
    client.force_login(cast.officer1)
    assert client.get(f"/items/{items[1].pk}/").status_code == 200


@pytest.mark.parametrize("pk", [0, 2**63, 10**30])
def test_an_item_page_beyond_the_ids_there_can_be_is_not_found(client, cast, items, pk):  # noqa: F811
    client.force_login(cast.holder1_user)
    assert client.get(f"/items/{pk}/").status_code == 404


def test_the_count_of_items_awaiting_an_answer_is_taken_at_each_requests_instant(cast, items):  # noqa: F811
    pending = list(Item.objects.filter(pk__in=[item.pk for item in items], status=Item.Status.PENDING))
    assert len(pending) == 3
    assert _read(cast.holder1_user, items[1].pk).awaiting_count == 3
    with time_machine.travel(max(item.deadline for item in pending) + timedelta(seconds=1), tick=False):
        assert _read(cast.holder1_user, items[1].pk).awaiting_count == 0
    with time_machine.travel(min(item.deadline for item in pending) - timedelta(seconds=1), tick=False):
        assert _read(cast.holder1_user, items[1].pk).awaiting_count == 3


def test_an_agents_item_page_follows_its_delegations_once_its_shape_is_compiled(client, cast, items):  # noqa: F811
    """An agent's scope is read by each run of the kept statement: a revoked delegation hides the holder's items at
    once, a new one shows them, a delegation of chosen recordals shows only theirs."""
    item = items[0]
    client.force_login(cast.agent_user)
    assert client.get(f"/items/{item.pk}/").status_code == 200
    assert client.get(f"/items/{item.pk}/").status_code == 200  # the kept statement
    Delegation.objects.filter(pk=cast.delegation.pk).update(revoked_at=timezone.now())
    assert client.get(f"/items/{item.pk}/").status_code == 404
    chosen = DelegationFactory(holder=cast.holder1, agent=cast.agent_firm, scope=Delegation.Scope.CHOSEN)
    assert client.get(f"/items/{item.pk}/").status_code == 404  # it names no recordal yet
    chosen.recordals.add(item.recordal_id)
    assert client.get(f"/items/{item.pk}/").status_code == 200
    chosen.recordals.clear()
    assert client.get(f"/items/{item.pk}/").status_code == 404
    Delegation.objects.filter(pk=chosen.pk).update(revoked_at=timezone.now())
    DelegationFactory(holder=cast.holder1, agent=cast.agent_firm)
    assert client.get(f"/items/{item.pk}/").status_code == 200


def _with_joined(instance) -> dict:
    """An instance's fields and those of the rows read with it (``select_related``), as plain values."""
    fields = {name: value for name, value in vars(instance).items() if name != "_state"}
    for name, joined in instance._state.fields_cache.items():
        fields[name] = None if joined is None else _with_joined(joined)
    return fields


@pytest.mark.parametrize("who", ["holder1_user", "agent_user", "officer1"])
def test_the_item_pages_lists_read_with_it_are_what_the_orm_reads(cast, items, who):  # noqa: F811
    """Photos, recorded images, events with their actors, the application's items with the application: every field
    and every joined row as the ORM reads them, in its order, whatever the columns they share in the statement."""
    recordal_image(items[0].recordal, kind=RecordalImage.Kind.GENUINE, color="goldenrod")
    recordal_image(items[0].recordal, kind=RecordalImage.Kind.GUIDE, color="teal")
    user, seen = getattr(cast, who), set()
    for item in items:
        request = RequestFactory().get(f"/items/{item.pk}/")
        request.user = user
        for _ in range(2):  # the second read runs the statement the first compiled
            read, parts = item_views._get_item(request, item.pk, with_parts=True)
        expected = [list(part(item.pk, [read.read_at])) for part in item_views._PARTS]
        assert [[_with_joined(row) for row in rows] for rows in parts] == [
            [_with_joined(row) for row in rows] for rows in expected
        ], (who, item.status)
        seen.update(index for index, rows in enumerate(parts) if rows)
    assert seen == {0, 1, 2, 3}, "every list read, somewhere"
