"""The recordal's codes are checked by one rule on pages and in the API; the page offers renewal only in its window."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.validators import normalize_hs_code, validate_hs_code
from recordals.models import Goods, Recordal
from recordals.tests.factories import approved_recordal
from recordals.tests.test_pages import filing_post, login
from recordals.validators import nice_classes_parse

# These tests build data on fixed calendar dates (windows, deadlines, validity) and assert them.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize("code", ["4202", "4202.21", "420221", "9102.11.00", "9102110000", "9102 11 00", " 4202.21 "])
def test_hs_codes_of_four_to_ten_digits_are_accepted(code):
    validate_hs_code(code)


@pytest.mark.parametrize("code", ["42", "42ab", "4202.2", "4202.21.00.00.00", "bags"])
def test_other_hs_codes_are_refused(code):
    with pytest.raises(ValidationError, match="4 to 10 digits"):
        validate_hs_code(code)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("4202", "4202"),
        ("4202.21", "420221"),
        (" 9102 11.00 ", "91021100"),
        ("9102110000", "9102110000"),
        ("42.02", "42.02"),
    ],
)
def test_an_hs_code_is_stored_as_its_digits_and_a_bad_one_is_left_for_the_validator(typed, stored):
    assert normalize_hs_code(typed) == stored


def test_nice_classes_are_read_from_text_or_a_list_sorted_without_repeats():
    assert nice_classes_parse("18, 14; 25 14") == [14, 18, 25]
    assert nice_classes_parse([25, "18", 18]) == [18, 25]
    assert nice_classes_parse("") == []


@pytest.mark.parametrize(
    ("value", "message"),
    [("14, x", "whole numbers"), ([1.5], "whole numbers"), ([True], "whole numbers"), ("0", "run from 1 to 45")],
)
def test_nice_classes_outside_1_to_45_or_not_whole_are_refused(value, message):
    with pytest.raises(ValidationError, match=message):
        nice_classes_parse(value)


def test_the_filing_page_refuses_a_bad_hs_code_beside_the_goods_line(client, cast):
    login(client, cast.holder1_user)

    response = client.post(reverse("recordals:new"), filing_post(**{"goods-0-hs_code": "42ab"}))

    assert response.status_code == 200
    assert "An HS code has 4 to 10 digits" in response.content.decode()
    assert response.context["goods"].forms[0].errors["hs_code"]
    assert not Recordal.objects.exists()


def test_the_filing_page_and_the_api_store_the_same_hs_code_as_digits(client, api_client, cast):
    login(client, cast.holder1_user)
    client.post(reverse("recordals:new"), filing_post(**{"goods-0-hs_code": "9102.11.00"}))
    api_client.force_authenticate(cast.holder1_user)
    body = {**{k: v for k, v in filing_post().items() if "-" not in k}, "nice_classes": [14]}
    goods = [{"name": "Watches", "hs_code": "9102 11 00"}]
    answer = api_client.post("/api/recordals/", {**body, "goods": goods}, format="json")

    assert answer.status_code == 201, answer.content
    assert list(Goods.objects.values_list("hs_code", flat=True)) == ["91021100", "91021100"]


def _approved_ending(valid_until: date, cast) -> Recordal:
    recordal = approved_recordal(holder=cast.holder1, right_valid_until=date(2040, 1, 1))
    Recordal.objects.filter(pk=recordal.pk).update(valid_until=valid_until)
    recordal.refresh_from_db()
    return recordal


def test_the_page_offers_renewal_from_the_first_day_of_the_window(client, cast):
    recordal = _approved_ending(date(2026, 9, 10), cast)
    assert recordal.renewal_opens_on() == TODAY

    content = login(client, cast.holder1_user).get(recordal.get_absolute_url()).content.decode()

    assert "Request renewal" in content
    assert "Renewal opens on" not in content


def test_the_page_says_when_renewal_opens_the_day_before_the_window(client, cast):
    recordal = _approved_ending(date(2026, 9, 11), cast)
    assert recordal.renewal_opens_on() == date(2026, 3, 11)

    content = login(client, cast.holder1_user).get(recordal.get_absolute_url()).content.decode()

    assert "Request renewal" not in content
    assert "Renewal opens on" in content


def test_the_page_offers_renewal_on_the_last_day_and_not_after(client, cast):
    last_day = _approved_ending(TODAY, cast)
    ended = _approved_ending(date(2026, 3, 9), cast)
    login(client, cast.holder1_user)

    assert "Request renewal" in client.get(last_day.get_absolute_url()).content.decode()
    content = client.get(ended.get_absolute_url()).content.decode()
    assert "Request renewal" not in content and "Renewal opens on" not in content


def test_renewal_is_not_offered_to_customs(client, cast):
    recordal = _approved_ending(date(2026, 9, 10), cast)

    assert "Request renewal" not in login(client, cast.officer1).get(recordal.get_absolute_url()).content.decode()
