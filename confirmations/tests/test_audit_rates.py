"""Exchange rates decide items' CNY values and bonds: every rate stated, corrected or withdrawn is recorded."""

from datetime import date

import pytest
from django.urls import reverse

from confirmations.models import ExchangeRate, ExchangeRateEvent

# These tests build data on fixed calendar dates (windows, deadlines, validity) and assert them.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]

ADD_URL = reverse("admin:confirmations_exchangerate_add")


def _state(admin_client, rate="7.100000", day="2026-04-01"):
    answer = admin_client.post(ADD_URL, {"currency": "USD", "rate_to_cny": rate, "valid_from": day})
    assert answer.status_code == 302
    return ExchangeRate.objects.get(currency="USD", valid_from=day)


def test_a_rate_stated_in_the_admin_writes_one_event(admin_client, admin_user):
    _state(admin_client)

    (event,) = ExchangeRateEvent.objects.all()
    assert (event.action, event.currency, event.valid_from, event.actor) == (
        "added",
        "USD",
        date(2026, 4, 1),
        admin_user,
    )
    assert event.data["changes"]["rate_to_cny"] == [None, "7.100000"]


def test_a_corrected_rate_names_the_old_and_new_rate(admin_client):
    rate = _state(admin_client)
    url = reverse("admin:confirmations_exchangerate_change", args=[rate.pk])

    admin_client.post(url, {"currency": "USD", "rate_to_cny": "7.2", "valid_from": "2026-04-01"})

    event = ExchangeRateEvent.objects.last()
    assert event.action == "changed" and event.data["changes"] == {"rate_to_cny": ["7.100000", "7.200000"]}


def test_a_withdrawn_rate_is_recorded_with_what_it_was(admin_client):
    rate = _state(admin_client)

    admin_client.post(reverse("admin:confirmations_exchangerate_delete", args=[rate.pk]), {"post": "yes"})

    event = ExchangeRateEvent.objects.last()
    assert (event.action, event.currency, event.valid_from) == ("deleted", "USD", date(2026, 4, 1))
    assert event.data["was"]["rate_to_cny"] == "7.100000"
    assert not ExchangeRate.objects.filter(pk=rate.pk).exists()


def test_a_rate_in_effect_is_neither_changed_nor_recorded(admin_client):
    rate = ExchangeRate.objects.create(currency="USD", rate_to_cny="7.0", valid_from=date(2026, 1, 1))
    url = reverse("admin:confirmations_exchangerate_change", args=[rate.pk])

    admin_client.post(url, {"currency": "USD", "rate_to_cny": "9.9", "valid_from": "2026-01-01"})

    assert ExchangeRate.objects.get(pk=rate.pk).rate_to_cny == 7
    assert not ExchangeRateEvent.objects.exists()
