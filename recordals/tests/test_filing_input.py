"""Bad input to a filing gets a 400 naming the field; fields customs owns cannot be set by the filer."""

import pytest

from recordals.models import Goods, Recordal, RecordalEvent
from recordals.tests.factories import RecordalFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"name": "Bags", "price_min": "-5"}, "price_min"),
        ({"name": "Bags", "price_max": "-0.01"}, "price_max"),
        ({"name": "Bags", "price_currency": "ZZ"}, "price_currency"),
        ({"name": "Bags", "price_currency": "usd"}, "price_currency"),
        ({"name": "Bags", "price_min": "1e20"}, "price_min"),
        ({"name": "Bags", "hs_code": "42ab"}, "hs_code"),
        ({"name": "Bags", "price_min": "10", "price_max": "5"}, "price_max"),
    ],
)
def test_bad_goods_line_is_a_field_error_and_changes_nothing(api_client, cast, line, field):
    draft = RecordalFactory(holder=cast.holder1)
    before = list(Goods.objects.filter(recordal=draft).values_list("name", flat=True))
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.patch(f"/api/recordals/{draft.pk}/", {"goods": [line]}, format="json")
    errors = response.json()["goods"]
    assert response.status_code == 400 and field in (errors[0] if isinstance(errors, list) else errors["0"])
    assert list(Goods.objects.filter(recordal=draft).values_list("name", flat=True)) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nice_classes": [0]}, "nice_classes"),
        ({"nice_classes": [46]}, "nice_classes"),
        ({"nice_classes": ["x"]}, "nice_classes"),
        ({"nice_classes": [1.5]}, "nice_classes"),
        ({"nice_classes": "14"}, "nice_classes"),
        ({"right_valid_from": "2020-01-01", "right_valid_until": "2019-12-31"}, "right_valid_until"),
        ({"right_valid_from": "2020-02-30"}, "right_valid_from"),
        ({"right_type": "trade secret"}, "right_type"),
    ],
)
def test_bad_recordal_field_is_a_field_error(api_client, cast, body, field):
    draft = RecordalFactory(holder=cast.holder1)
    events = RecordalEvent.objects.count()
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.patch(f"/api/recordals/{draft.pk}/", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert RecordalEvent.objects.count() == events


def test_status_number_validity_and_decision_fields_cannot_be_written(api_client, cast):
    draft = RecordalFactory(holder=cast.holder1)
    api_client.force_authenticate(cast.holder1_user)
    body = {
        "status": "approved",
        "number": "T2026-999999",
        "valid_from": "2020-01-01",
        "valid_until": "2099-12-31",
        "decided_at": "2026-01-01T00:00:00Z",
        "renewal_count": 9,
        "rejection_reason": "none",
    }
    assert api_client.patch(f"/api/recordals/{draft.pk}/", body, format="json").status_code == 200
    row = Recordal.objects.get(pk=draft.pk)
    assert (row.status, row.number, row.valid_until) == ("draft", None, None)
    assert (row.decided_at, row.renewal_count, row.rejection_reason) == (None, 0, "")


def test_list_filters_refuse_out_of_range_numbers(api_client, cast):
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.get("/api/recordals/?holder=99999999999999999999").status_code == 400
    assert api_client.get("/api/recordals/?nice_class=46").status_code == 400
    assert api_client.get("/api/recordals/?nice_class=14").status_code == 200
