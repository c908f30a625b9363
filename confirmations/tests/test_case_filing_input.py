"""Bad input to case filing gets a 400 naming the field, and nothing is written."""

from decimal import Decimal

import pytest
from django.utils import timezone

from confirmations import services
from confirmations.models import Case, CaseEvent, Item
from confirmations.tests.factories import file_case, item_input
from portal.notices.models import Notice
from recordals.models import Recordal
from recordals.tests.factories import recordal_in_force

pytestmark = pytest.mark.django_db


def _item(recordal_, **fields):
    return {"recordal": recordal_.pk, "description": "Watches", "quantity": 3, "value": "300.00", **fields}


def _payload(items, **fields):
    return {"channel": "mail", "direction": "import", "waybill_number": "RR1CN", "items": items, **fields}


def _nothing_written():
    return not (Case.objects.exists() or Item.objects.exists() or CaseEvent.objects.exists() or Notice.objects.exists())


@pytest.fixture
def officer(api_client, cast):
    api_client.force_authenticate(cast.officer1)
    return api_client


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quantity": 10**20}, "quantity"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": -1}, "quantity"),
        ({"quantity": "many"}, "quantity"),
        ({"recordal": 10**20}, "recordal"),
        ({"recordal": "T2026-000001"}, "recordal"),
        ({"value": "0"}, "value"),
        ({"value": "-5"}, "value"),
        ({"value": "1e20"}, "value"),
        ({"value": "NaN"}, "value"),
        ({"currency": "ZZZ"}, "currency"),
    ],
)
def test_bad_item_field_is_a_400_naming_the_field(officer, recordals, fields, field):
    response = officer.post("/api/cases/", _payload([_item(recordals.lumiere, **fields)]), format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["items"]
    assert field in (errors["0"] if isinstance(errors, dict) else errors[0])
    assert _nothing_written()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quantity": 10**20}, "quantity"),
        ({"declared_value": "-1"}, "declared_value"),
        ({"consignor_country": "1!"}, "consignor_country"),
        ({"consignee_country": "FRA"}, "consignee_country"),
        ({"channel": "pigeon"}, "channel"),
        ({"waybill_number": ""}, "waybill_number"),
    ],
)
def test_bad_shipment_field_is_a_400_naming_the_field(officer, recordals, fields, field):
    response = officer.post("/api/cases/", _payload([_item(recordals.lumiere)], **fields), format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert _nothing_written()


@pytest.mark.parametrize("items", [[], "abc", {"a": 1}, ["abc"]])
def test_missing_or_malformed_items_are_a_400(officer, items):
    response = officer.post("/api/cases/", _payload(items), format="json")
    assert response.status_code == 400 and "items" in response.json()
    assert _nothing_written()


def test_malformed_json_is_a_400(officer):
    response = officer.post("/api/cases/", "{not json", content_type="application/json")
    assert response.status_code == 400 and _nothing_written()


@pytest.mark.parametrize("status", ["expired", "cancelled", "draft", "submitted", "rejected"])
def test_recordal_not_in_force_cannot_be_named_on_a_case(officer, cast, status):
    recordal = recordal_in_force(cast.holder1, title="OLD")
    Recordal.objects.filter(pk=recordal.pk).update(status=status)
    response = officer.post("/api/cases/", _payload([_item(recordal)]), format="json")
    assert response.status_code == 400 and "recordal" in response.json()["items"][0]
    assert _nothing_written()


def test_recordal_past_its_validity_cannot_be_named_on_a_case(officer, cast):
    recordal = recordal_in_force(cast.holder1, title="LAPSED")
    Recordal.objects.filter(pk=recordal.pk).update(valid_until=timezone.localdate().replace(year=2020, day=1))
    response = officer.post("/api/cases/", _payload([_item(recordal)]), format="json")
    assert response.status_code == 400 and _nothing_written()


def test_the_same_goods_listed_twice_under_one_recordal_are_refused(officer, recordals):
    items = [_item(recordals.lumiere), _item(recordals.lumiere, description=" watches ")]
    response = officer.post("/api/cases/", _payload(items), format="json")
    assert response.status_code == 400
    assert response.json()["items"][0] == {} and "description" in response.json()["items"][1]
    assert _nothing_written()


def test_different_goods_under_one_recordal_are_accepted(officer, recordals):
    items = [_item(recordals.lumiere), _item(recordals.lumiere, description="Watch straps")]
    assert officer.post("/api/cases/", _payload(items), format="json").status_code == 201


def test_more_than_fifty_items_are_refused(officer, recordals):
    items = [_item(recordals.lumiere, description=f"Lot {n}") for n in range(51)]
    response = officer.post("/api/cases/", _payload(items), format="json")
    assert response.status_code == 400 and "items" in response.json()
    assert _nothing_written()


def test_country_codes_are_stored_in_capitals(officer, recordals):
    response = officer.post("/api/cases/", _payload([_item(recordals.lumiere)], consignor_country="cn"), format="json")
    assert response.status_code == 201 and Case.objects.get().consignor_country == "CN"


def test_the_service_itself_refuses_what_a_page_form_lets_through(cast, recordals):
    entries = [item_input(recordals.lumiere, quantity=10**20), item_input(recordals.nordik, value="0")]
    with pytest.raises(services.FieldErrors) as refused:
        file_case(cast.officer1, entries)
    assert "quantity" in refused.value.errors["items"][0] and "value" in refused.value.errors["items"][1]
    assert _nothing_written()


def test_value_too_large_once_converted_is_refused(cast, recordals):
    from confirmations.models import ExchangeRate

    ExchangeRate.objects.create(currency="KWD", rate_to_cny=Decimal("500"), valid_from=timezone.localdate())
    with pytest.raises(services.FieldErrors) as refused:
        file_case(cast.officer1, [item_input(recordals.lumiere, value="999999999999.99", currency="KWD")])
    assert "value" in refused.value.errors["items"][0]
    assert _nothing_written()
