"""The items API's list, read as rows, answers what DRF's ``ItemSerializer`` gives for the same items, byte for byte."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from confirmations import serializers as s
from confirmations.api import item_queryset
from confirmations.item_lists import item_special
from confirmations.models import Item
from confirmations.tests.test_item_representation import _drf, items  # noqa: F401 (the items in every state)
from portal.prepared import forget_prepared
from portal.representation import RowPlan
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["holder1_user", "officer1"])
def test_listed_rows_are_the_item_serializers_answer_field_by_field(api_client, cast, items, who):  # noqa: F811
    nameless = UserFactory(first_name="", last_name="")
    Item.objects.filter(pk=items[2].pk).update(decided_by=nameless)
    user = getattr(cast, who)
    api_client.force_authenticate(user)
    response = api_client.get("/api/items/")
    request = APIRequestFactory().get("/api/items/")
    child = s.ItemSerializer(context={"request": request})
    instances = {item.pk: item for item in item_queryset(user)}
    expected = [_drf(child, instances[row["id"]]) for row in response.json()["results"]]
    listed = response.json()["results"]
    assert len(listed) >= 7
    for row, drf in zip(listed, expected, strict=True):
        assert list(row) == list(drf)
        for name, value in drf.items():
            assert row[name] == value, (row["id"], name)
    page = {"next": response.json()["next"], "previous": None, "results": expected}
    assert response.content == JSONRenderer().render(page)
    shown = {row["id"]: row for row in listed}
    assert shown[items[2].pk]["decided_by"] == nameless.username
    assert shown[items[1].pk]["decided_by"] == cast.holder1_user.get_full_name()
    assert shown[items[0].pk]["decided_by"] == "" and len(shown[items[0].pk]["photos"]) == 2
    assert shown[items[4].pk]["court_notice"] is not None and shown[items[5].pk]["disposal"] is not None


@pytest.mark.parametrize("who", ["holder1_user", "officer1", "agent_user", "admin"])
def test_one_item_read_as_a_row_is_the_item_serializers_answer_byte_for_byte(api_client, cast, items, who):  # noqa: F811
    user = getattr(cast, who)
    api_client.force_authenticate(user)
    request = APIRequestFactory().get("/api/items/1/")
    child = s.ItemSerializer(context={"request": request})
    shown = list(item_queryset(user).order_by("pk"))
    assert len(shown) >= 7 and {item.status for item in shown} >= {"pending", "court_assistance", "confirmed"}
    for item in shown:
        for _ in range(2):  # the second read runs the SQL compiled by the first
            response = api_client.get(f"/api/items/{item.pk}/")
            assert response.status_code == 200
            assert response.content == JSONRenderer().render(_drf(child, item)), (who, item.status)


@pytest.mark.parametrize("path", ["0", "abc", "١٢", "99999999999999999999", "-1"])
def test_an_item_id_that_is_not_one_is_not_found(api_client, cast, items, path):  # noqa: F811
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.get(f"/api/items/{path}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Item matches the given query."}


def test_another_holders_item_is_not_found_even_once_the_shape_is_compiled(api_client, cast, items):  # noqa: F811
    api_client.force_authenticate(cast.holder2_user)
    assert api_client.get(f"/api/items/{items[0].pk}/").status_code == 404
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.get(f"/api/items/{items[0].pk}/").status_code == 200
    api_client.force_authenticate(cast.holder2_user)
    assert api_client.get(f"/api/items/{items[1].pk}/").status_code == 404
    api_client.force_authenticate(cast.officer2)
    assert api_client.get(f"/api/items/{items[1].pk}/").status_code == 404


def test_a_filter_on_one_item_is_still_applied(api_client, cast, items):  # noqa: F811
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.get(f"/api/items/{items[0].pk}/?status=pending").status_code == 200
    assert api_client.get(f"/api/items/{items[0].pk}/?status=released").status_code == 404


def test_the_item_rows_read_names_by_subquery_not_by_join(api_client, cast, items):  # noqa: F811
    api_client.force_authenticate(cast.holder1_user)
    forget_prepared(connection)  # their statements prepared again: their text is sent, not only their names
    with CaptureQueriesContext(connection) as captured:
        assert api_client.get("/api/items/").status_code == 200
        assert api_client.get(f"/api/items/{items[2].pk}/").status_code == 200
    rows = [query["sql"] for query in captured.captured_queries if 'FROM "confirmations_item"' in query["sql"]]
    assert len(rows) == 2
    for sql in rows:
        assert 'JOIN "accounts_organization"' not in sql and 'JOIN "accounts_user"' not in sql, sql
        assert sql.count('FROM "accounts_organization"') == 2 and sql.count('FROM "accounts_user"') == 3, sql


@pytest.mark.parametrize("name", ["shipment.no_such_field", "case.office", "no_such_field"])
def test_a_row_plan_refuses_a_special_reader_of_a_field_the_serializer_lacks(name):
    with pytest.raises(ValueError, match="has no field"):
        RowPlan(s.ItemSerializer, special={**item_special(), name: (("id",), lambda context, pk: pk)})
