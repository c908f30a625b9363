"""Country and currency codes: ISO 3166 and ISO 4217 only, in capitals, everywhere they are entered."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from confirmations.models import Case, ExchangeRate
from portal.accounts.models import Organization
from portal.validators import validate_country_code, validate_currency_code
from recordals.tests.factories import RecordalFactory


@pytest.mark.parametrize("code", ["CN", "FR", "US", "HK", "SE"])
def test_iso_country_codes_are_accepted(code):
    validate_country_code(code)


@pytest.mark.parametrize("code", ["ZZ", "XX", "UK", "C", "CHN", ""])
def test_codes_outside_iso_3166_are_refused(code):
    with pytest.raises(ValidationError, match="not an ISO 3166 country code"):
        validate_country_code(code)


def test_a_lowercase_country_is_refused_with_the_capital_form_named():
    with pytest.raises(ValidationError, match="capitals: CN, not cn"):
        validate_country_code("cn")


@pytest.mark.parametrize("code", ["CNY", "USD", "EUR", "JPY", "CHF"])
def test_iso_currency_codes_are_accepted(code):
    validate_currency_code(code)


@pytest.mark.parametrize("code", ["ZZZ", "XXX", "XTS", "RMB", "US", "DOLLAR"])
def test_codes_outside_iso_4217_are_refused(code):
    with pytest.raises(ValidationError, match="not an ISO 4217 currency code"):
        validate_currency_code(code)


def test_a_lowercase_currency_is_refused_with_the_capital_form_named():
    with pytest.raises(ValidationError, match="capitals: USD, not usd"):
        validate_currency_code("usd")


@pytest.mark.django_db
def test_a_holder_country_outside_iso_is_refused_in_the_admin_form(cast):
    holder = Organization(kind=Organization.Kind.HOLDER, name="Nowhere Ltd", country="ZZ")
    with pytest.raises(ValidationError) as refused:
        holder.full_clean()
    assert "country" in refused.value.message_dict


@pytest.mark.django_db
def test_an_exchange_rate_for_a_made_up_currency_is_refused():
    with pytest.raises(ValidationError) as refused:
        ExchangeRate(currency="ZZZ", rate_to_cny=Decimal("1"), valid_from=date(2030, 1, 1)).full_clean()
    assert "currency" in refused.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("party", "field"),
    [
        ({"role": "manufacturer", "name": "Atelier", "country": "ZZ"}, "country"),
        ({"role": "infringer", "name": "Copy Co", "country": "cn"}, "country"),
    ],
)
def test_a_party_country_outside_iso_is_a_field_error(api_client, cast, party, field):
    draft = RecordalFactory(holder=cast.holder1)
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.patch(f"/api/recordals/{draft.pk}/", {"parties": [party]}, format="json")
    errors = response.json()["parties"]
    assert response.status_code == 400 and field in (errors[0] if isinstance(errors, list) else errors["0"])
    assert not draft.parties.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [({"consignor_country": "ZZ"}, "consignor_country"), ({"currency": "ZZZ"}, "currency")],
)
def test_a_case_with_codes_outside_iso_is_refused(api_client, cast, fields, field):
    from recordals.tests.factories import recordal_in_force

    recordal = recordal_in_force(holder=cast.holder1)
    api_client.force_authenticate(cast.officer1)
    item = {"recordal": recordal.pk, "description": "Watches", "quantity": 3, "value": "300.00"}
    payload = {"channel": "mail", "direction": "import", "waybill_number": "RR1CN", "items": [item], **fields}
    response = api_client.post("/api/cases/", payload, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Case.objects.exists()
