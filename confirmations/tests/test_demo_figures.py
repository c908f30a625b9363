"""The figures' demo data: cases from several origins, answers of different speeds, one published penalty."""

import io

import pytest
from django.core.management import call_command

from confirmations.penalty_access import published_penalties
from confirmations.penalty_models import PenaltyDecision
from confirmations.risk_figures import risk_figures_for
from confirmations.service_figures import service_figures_for
from confirmations.stats import Period
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_a_penalty_and_gives_figures_something_to_show(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    decision = PenaltyDecision.objects.get()
    assert list(published_penalties("LUMIÈRE")) == [decision]
    assert [e.action for e in decision.events.all()] == ["drafted", "reviewed", "published"]
    assert decision.drafted_by != decision.reviewed_by
    admin = User.objects.get(username="admin")
    risk = risk_figures_for(admin, period=Period.ending_today())
    assert risk["confirmed"] >= 3 and {"VN", "TR", "HK", "CN"} <= {row["key"] for row in risk["by_origin"]}
    service = service_figures_for(admin, period=Period.ending_today())["holders"]
    assert len(service) == 2 and all(row["median_seconds"] for row in service)
