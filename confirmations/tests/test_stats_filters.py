"""The statistics page filters by period, office and channel, and names months in words."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from confirmations.stats import period_of, stats_for
from confirmations.tests.factories import file_case, item_input

# These tests assert calendar dates (deadlines, notice numbers, month names) of one known instant.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def spread(cast, recordals):
    """A February case of office 1 by mail, a March case of office 1 by express, a March case of office 2."""
    with time_machine.travel(datetime(2026, 2, 10, 10, tzinfo=SHANGHAI), tick=False):
        file_case(cast.officer1, [item_input(recordals.lumiere)], channel="mail")
    file_case(cast.officer1, [item_input(recordals.lumiere, description="Straps")], channel="express")
    file_case(cast.officer2, [item_input(recordals.nordik)], channel="express")


def test_stats_narrow_to_a_period_an_office_and_a_channel(cast, spread):
    assert stats_for(cast.admin)["items"] == 3
    assert stats_for(cast.admin, period=period_of(since=datetime(2026, 3, 1).date(), until=None))["items"] == 2
    assert stats_for(cast.admin, period=period_of(since=None, until=datetime(2026, 2, 28).date()))["items"] == 1
    assert stats_for(cast.admin, office=cast.office2)["items"] == 1
    assert stats_for(cast.admin, channel="express", office=cast.office1)["items"] == 1


def test_the_page_filters_and_names_months_in_the_readers_language(client, cast, spread):
    client.force_login(cast.admin)
    everything = client.get(reverse("confirmations:stats")).content.decode()
    assert "February 2026" in everything and "March 2026" in everything and "2026-03" not in everything
    mail_only = client.get(reverse("confirmations:stats"), {"channel": "mail"}).content.decode()
    assert "February 2026" in mail_only and "March 2026" not in mail_only
    wrong = client.get(reverse("confirmations:stats"), {"since": "2026-03-10", "until": "2026-03-01"})
    assert "The end of the period comes before its start." in wrong.content.decode()


def test_the_page_refuses_a_period_longer_than_three_years(client, cast, spread):
    client.force_login(cast.admin)
    too_long = client.get(reverse("confirmations:stats"), {"since": "2023-03-10", "until": "2026-03-10"})
    assert "A period is at most three years." in too_long.content.decode()
    assert too_long.context["data"]["period"] == {"from": "2025-03-11", "to": "2026-03-10"}
    open_ended = client.get(reverse("confirmations:stats"), {"since": "2020-01-01"})
    assert "A period is at most three years." in open_ended.content.decode()
    longest = client.get(reverse("confirmations:stats"), {"since": "2023-03-12", "until": "2026-03-10"})
    assert "A period is at most three years." not in longest.content.decode()
    assert longest.context["data"]["period"] == {"from": "2023-03-12", "to": "2026-03-10"}
