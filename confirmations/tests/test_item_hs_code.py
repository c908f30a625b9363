"""A suspect item carries the HS code customs classified it under: filed on the page or the API, checked, shown."""

import pytest
from django.urls import reverse

from confirmations import services
from confirmations.models import Case, CaseEvent, Item
from confirmations.tests.factories import file_case, item_input
from portal.notices.models import Notice

pytestmark = pytest.mark.django_db

BAD_CODES = ["42", "4202.2", "bags", "42022100000", "4202-21", "٤٢٠٢"]


def _page_post(recordals, hs_code: str) -> dict:
    return {
        "channel": "mail",
        "direction": "import",
        "waybill_number": "RR1CN",
        "consignor": "X",
        "consignee": "Y",
        "currency": "CNY",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
        "items-0-recordal": recordals.lumiere.pk,
        "items-0-description": "Watches",
        "items-0-hs_code": hs_code,
        "items-0-quantity": "2",
        "items-0-value": "500",
    }


def _api_payload(recordals, **item) -> dict:
    line = {"recordal": recordals.lumiere.pk, "description": "Watches", "quantity": 3, "value": "300.00", **item}
    return {"channel": "mail", "direction": "import", "waybill_number": "RR1CN", "items": [line]}


def _nothing_written() -> bool:
    return not (Case.objects.exists() or Item.objects.exists() or CaseEvent.objects.exists() or Notice.objects.exists())


def test_officer_files_an_item_with_its_hs_code_on_the_page_stored_as_digits(client, cast, recordals):
    client.force_login(cast.officer1)
    form = client.get(reverse("confirmations:case-new")).content.decode()
    assert 'name="items-0-hs_code"' in form
    response = client.post(reverse("confirmations:case-new"), _page_post(recordals, " 9102.11 "))
    item = Item.objects.get()
    assert response.status_code == 302 and item.hs_code == "910211"
    assert CaseEvent.objects.get(item=item, action="item_filed").data["hs_code"] == "910211"


def test_the_hs_code_is_optional_on_the_page(client, cast, recordals):
    client.force_login(cast.officer1)
    client.post(reverse("confirmations:case-new"), _page_post(recordals, ""))
    assert Item.objects.get().hs_code == ""


@pytest.mark.parametrize("code", BAD_CODES)
def test_the_page_refuses_a_bad_hs_code_and_stores_nothing(client, cast, recordals, code):
    client.force_login(cast.officer1)
    response = client.post(reverse("confirmations:case-new"), _page_post(recordals, code))
    assert response.status_code == 200
    assert "An HS code has 4 to 10 digits" in response.content.decode()
    assert _nothing_written()


def test_officer_files_an_item_with_its_hs_code_through_the_api(api_client, cast, recordals):
    api_client.force_authenticate(cast.officer1)
    response = api_client.post("/api/cases/", _api_payload(recordals, hs_code="910211"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["items"][0]["hs_code"] == "910211"
    item = Item.objects.get()
    assert item.hs_code == "910211"
    assert api_client.get(f"/api/items/{item.pk}/").json()["hs_code"] == "910211"


@pytest.mark.parametrize("typed", ["9102.11", " 9102 11 ", "910211"])
def test_the_page_and_the_api_store_the_same_code_however_it_is_typed(client, api_client, cast, recordals, typed):
    client.force_login(cast.officer1)
    assert client.post(reverse("confirmations:case-new"), _page_post(recordals, typed)).status_code == 302
    api_client.force_authenticate(cast.officer1)
    answer = api_client.post("/api/cases/", _api_payload(recordals, hs_code=typed), format="json")
    assert answer.status_code == 201 and answer.json()["items"][0]["hs_code"] == "910211"
    assert list(Item.objects.values_list("hs_code", flat=True)) == ["910211", "910211"]


def test_an_item_filed_without_hs_code_through_the_api_has_an_empty_one(api_client, cast, recordals):
    api_client.force_authenticate(cast.officer1)
    response = api_client.post("/api/cases/", _api_payload(recordals), format="json")
    assert response.status_code == 201 and response.json()["items"][0]["hs_code"] == ""


@pytest.mark.parametrize("code", [*BAD_CODES, "1" * 13])
def test_the_api_refuses_a_bad_hs_code_with_a_field_message(api_client, cast, recordals, code):
    api_client.force_authenticate(cast.officer1)
    response = api_client.post("/api/cases/", _api_payload(recordals, hs_code=code), format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["items"]
    assert "hs_code" in (errors["0"] if isinstance(errors, dict) else errors[0])
    assert _nothing_written()


def test_the_filing_service_refuses_a_bad_hs_code_on_its_own(cast, recordals):
    with pytest.raises(services.FieldErrors) as refused:
        file_case(cast.officer1, [item_input(recordals.lumiere, hs_code="42.02")])
    assert "hs_code" in refused.value.errors["items"][0]
    assert _nothing_written()


def test_officer_and_holder_see_the_hs_code_of_the_goods(client, cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.lumiere, hs_code="9102.11")])
    item = case.items.get()
    client.force_login(cast.officer1)
    assert "910211" in client.get(case.get_absolute_url()).content.decode()
    assert "910211" in client.get(item.get_absolute_url()).content.decode()
    client.force_login(cast.holder1_user)
    assert "910211" in client.get(item.get_absolute_url()).content.decode()


def test_another_holder_does_not_see_the_item(client, cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.lumiere, hs_code="9102.11")])
    client.force_login(cast.holder2_user)
    assert client.get(case.items.get().get_absolute_url()).status_code == 404
