"""Values in other currencies are converted at the stated rate, half up to the cent, and the rate is kept."""

from datetime import date
from decimal import Decimal

import pytest

from confirmations.bonds import rate_to_cny, to_cny
from confirmations.models import ExchangeRate
from confirmations.tests.factories import file_case, item_input

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "rate", "cny"),
    [
        ("0.01", "0.5", "0.01"),
        ("0.01", "0.499999", "0.00"),
        ("1.00", "7.125", "7.13"),
        ("1.00", "7.115", "7.12"),
        ("3.00", "0.047", "0.14"),
        ("999999999999.99", "1", "999999999999.99"),
    ],
)
def test_conversion_rounds_half_up_to_the_cent_in_decimal(value, rate, cny):
    result = to_cny(Decimal(value), Decimal(rate))
    assert result == Decimal(cny) and isinstance(result, Decimal) and result.as_tuple().exponent == -2


def test_the_rate_in_effect_on_the_day_is_used_and_stored_on_the_item(cast, recordals):
    ExchangeRate.objects.create(currency="USD", rate_to_cny=Decimal("7.250000"), valid_from=date(2026, 1, 1))
    ExchangeRate.objects.create(currency="USD", rate_to_cny=Decimal("9.000000"), valid_from=date(2999, 1, 1))
    case = file_case(cast.officer1, [item_input(recordals.lumiere, value="100.00", currency="usd")])
    item = case.items.get()
    assert (item.currency, item.exchange_rate, item.value_cny) == ("USD", Decimal("7.25"), Decimal("725.00"))
    ExchangeRate.objects.filter(currency="USD").update(rate_to_cny=Decimal("1"))
    item.refresh_from_db()
    assert item.exchange_rate == Decimal("7.25") and item.value_cny == Decimal("725.00")
    assert rate_to_cny("USD", date(2026, 6, 1)) == Decimal("1")


def test_rates_already_in_effect_cannot_be_changed_or_deleted_in_the_admin(cast, rf):
    from django.contrib.admin.sites import site

    past = ExchangeRate.objects.create(currency="CHF", rate_to_cny=Decimal("8"), valid_from=date(2020, 1, 1))
    future = ExchangeRate.objects.create(currency="CHF", rate_to_cny=Decimal("8"), valid_from=date(2999, 1, 1))
    request = rf.get("/")
    request.user = cast.admin
    cast.admin.is_superuser = True
    admin = site._registry[ExchangeRate]
    assert not admin.has_change_permission(request, past) and not admin.has_delete_permission(request, past)
    assert admin.has_change_permission(request, future) and admin.has_delete_permission(request, future)
    assert not admin.has_delete_permission(request)


def test_a_currency_code_must_be_three_capitals():
    from django.core.exceptions import ValidationError

    rate = ExchangeRate(currency="usd", rate_to_cny=Decimal("7"), valid_from=date(2030, 1, 1))
    with pytest.raises(ValidationError):
        rate.full_clean()
