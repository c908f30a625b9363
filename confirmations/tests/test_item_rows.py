"""The items API's list, read as rows, answers what DRF's ``ItemSerializer`` gives for the same items, byte for byte."""

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from confirmations import serializers as s
from confirmations.api import item_queryset
from confirmations.models import Item
from confirmations.tests.test_item_representation import _drf, items  # noqa: F401 (the items in every state)
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
