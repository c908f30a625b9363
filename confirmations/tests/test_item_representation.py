"""The items API answers what DRF's own field-by-field representation gives, in every state of an item."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from confirmations import serializers as s
from confirmations import services
from confirmations.api import item_queryset
from confirmations.detention_models import CourtNotice, Disposal
from confirmations.models import Item
from confirmations.tests.factories import GeneralBondFactory, file_case, item_input
from portal.uploads import verify_image
from recordals.tests.factories import image_upload

pytestmark = pytest.mark.django_db


def _drf(serializer, instance):
    """DRF's generic representation of the instance (every nested part too), without the portal's plan."""
    answer = {}
    for field in serializer._readable_fields:
        attribute = field.get_attribute(instance)
        check = attribute.pk if isinstance(attribute, serializers.PKOnlyObject) else attribute
        if check is None:
            answer[field.field_name] = None
        elif isinstance(field, serializers.ListSerializer):
            answer[field.field_name] = [_drf(field.child, row) for row in attribute.all()]
        elif isinstance(field, serializers.BaseSerializer):
            answer[field.field_name] = _drf(field, attribute)
        else:
            answer[field.field_name] = field.to_representation(attribute)
    return answer


@pytest.fixture
def items(cast, recordals):
    """Items in many states: pending with photos, infringing on a general bond, on a case bond, not infringing,
    released, held under a court's notice, and confirmed and disposed of."""
    photo = verify_image(image_upload("photo.jpg"))
    lots = [
        item_input(recordals.lumiere, description=f"Lot {n}", photos=[photo, photo] if n == 0 else []) for n in range(7)
    ]
    case = file_case(cast.officer1, [*lots, item_input(recordals.patent, currency="USD", value="12.34")])
    rows = list(case.items.order_by("pk"))
    GeneralBondFactory(holder=cast.holder1, submitted_by=cast.holder1_user)
    decide = services.item_decide
    decide(user=cast.holder1_user, item_id=rows[1].pk, decision="infringing", bond="case", comment="Fake")
    decide(user=cast.holder1_user, item_id=rows[2].pk, decision="not_infringing")
    decide(user=cast.holder1_user, item_id=rows[3].pk, decision="not_infringing")
    services.item_release(officer=cast.officer1, item_id=rows[3].pk, reason="Cleared")
    now = timezone.now()
    CourtNotice.objects.create(
        item=rows[4], court="Court", reference="R-1", issued_on=date(2026, 3, 1), document="n.pdf",
        original_name="n.pdf", sha256="0" * 64, recorded_by=cast.officer1, recorded_at=now,
    )  # fmt: skip
    Item.objects.filter(pk=rows[4].pk).update(
        status="court_assistance", investigation_due=now + timedelta(days=30), release_due=now + timedelta(days=50)
    )
    Item.objects.filter(pk=rows[5].pk).update(status="confirmed")
    Disposal.objects.create(
        item=rows[5], method="destroyed", disposed_on=date(2026, 3, 2), note="Crushed", recorded_by=cast.officer1,
        recorded_at=now,
    )  # fmt: skip
    return rows


@pytest.mark.parametrize("who", ["holder1_user", "officer1"])
def test_items_are_represented_exactly_as_drf_fields_give_them(cast, items, who):
    request = APIRequestFactory().get("/api/items/", HTTP_HOST="testserver")
    rows = list(item_queryset(getattr(cast, who)).order_by("pk"))
    assert len(rows) >= 7
    listed = s.ItemSerializer(rows, many=True, context={"request": request})
    child = s.ItemSerializer(context={"request": request})
    assert listed.data == [_drf(child, row) for row in rows]
    one = s.ItemSerializer(rows[0], context={"request": request})
    assert one.data == _drf(child, rows[0])
    photo = rows[0].photos.all()[0]
    assert one.data["url"] == rows[0].get_absolute_url()
    assert one.data["photos"][0]["url"] == request.build_absolute_uri(reverse("confirmations:photo", args=[photo.pk]))
    assert one.data["photos"][0]["thumbnail_url"].endswith(reverse("confirmations:photo-thumb", args=[photo.pk]))
    assert listed.data[4]["notice_url"] == request.build_absolute_uri(
        reverse("confirmations:item-notice", args=[rows[4].pk])
    )


def test_the_api_shows_court_notices_and_disposals_in_lists_and_on_the_item(api_client, cast, items):
    api_client.force_authenticate(cast.holder1_user)
    listed = {row["id"]: row for row in api_client.get("/api/items/").json()["results"]}
    notice = {"court": "Court", "reference": "R-1", "date": "2026-03-01", "original_name": "n.pdf", "sha256": "0" * 64}
    assert listed[items[4].pk]["court_notice"].items() >= notice.items()
    assert listed[items[5].pk]["disposal"]["method"] == "destroyed"
    assert listed[items[5].pk]["disposal"]["date"] == "2026-03-02"
    assert all(row["court_notice"] is None for pk, row in listed.items() if pk != items[4].pk)
    assert all(row["disposal"] is None for pk, row in listed.items() if pk != items[5].pk)
    for item in items[4:6]:
        assert api_client.get(f"/api/items/{item.pk}/").json() == listed[item.pk]


@pytest.mark.parametrize("who", ["holder1_user", "officer1"])
def test_an_items_answer_is_its_list_row_byte_for_byte_in_every_state(api_client, cast, items, who):
    api_client.force_authenticate(getattr(cast, who))
    listed = {row["id"]: row for row in api_client.get("/api/items/").json()["results"]}
    assert set(listed) == {item.pk for item in items}
    for item in items:
        answer = api_client.get(f"/api/items/{item.pk}/")
        assert answer.content == JSONRenderer().render(listed[item.pk])
