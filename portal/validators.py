"""Codes the portal accepts: ISO 3166-1 alpha-2 countries and ISO 4217 currencies, in capitals; HS codes.

One home for both rules: model fields, page forms, serializers and services all call these.
The lists come from the ``pycountry`` package (the ISO tables, kept up to date by its maintainers).
"""

import functools
import re

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ISO 4217 codes that name no money a price or a value can be in.
NOT_A_CURRENCY = frozenset({"XXX", "XTS"})
# A Harmonized System code: the 4-digit heading, then up to three pairs of digits, each pair after a dot, a space
# or nothing.
HS_CODE = re.compile(r"[0-9]{4}([. ]?[0-9]{2}){0,3}")


@functools.cache
def country_codes() -> frozenset[str]:
    """Return every officially assigned ISO 3166-1 alpha-2 country code."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


@functools.cache
def currency_codes() -> frozenset[str]:
    """Return every ISO 4217 currency code a value can be stated in."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies) - NOT_A_CURRENCY


def validate_country_code(value: str) -> None:
    """Refuse anything but an ISO 3166-1 alpha-2 country code written in capitals."""
    if value in country_codes():
        return
    if value.upper() in country_codes():
        raise ValidationError(
            _("Write the country code in capitals: %(upper)s, not %(value)s.")
            % {"upper": value.upper(), "value": value},
            code="country_lowercase",
        )
    raise ValidationError(
        _("%(value)s is not an ISO 3166 country code; give the two-letter code, e.g. CN or FR.") % {"value": value},
        code="country_unknown",
    )


def validate_currency_code(value: str) -> None:
    """Refuse anything but an ISO 4217 currency code written in capitals."""
    if value in currency_codes():
        return
    if value.upper() in currency_codes():
        raise ValidationError(
            _("Write the currency code in capitals: %(upper)s, not %(value)s.")
            % {"upper": value.upper(), "value": value},
            code="currency_lowercase",
        )
    raise ValidationError(
        _("%(value)s is not an ISO 4217 currency code; give the three-letter code, e.g. CNY or USD.")
        % {"value": value},
        code="currency_unknown",
    )


def validate_hs_code(value: str) -> None:
    """Refuse anything but an HS code of 4 to 10 digits (e.g. 4202.21 or 910211)."""
    if not HS_CODE.fullmatch(value.strip()):
        raise ValidationError(_("An HS code has 4 to 10 digits, e.g. 4202.21 or 910211."), code="hs_code")


def normalize_hs_code(value: str) -> str:
    """Return an HS code as it is stored, its digits only ("4202.21" and "4202 21" are "420221"); a value that is
    no HS code is returned as typed, for ``validate_hs_code`` to refuse."""
    code = value.strip()
    return re.sub(r"[. ]", "", code) if HS_CODE.fullmatch(code) else value
