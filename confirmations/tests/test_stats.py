from datetime import timedelta

import pytest
import time_machine

from confirmations import services
from confirmations.stats import percentile, stats_for
from confirmations.tests.factories import file_case, item_input

pytestmark = pytest.mark.django_db


def test_percentile_interpolates():
    assert percentile([], 0.5) is None
    assert percentile([10.0], 0.9) == 10.0
    assert percentile([0.0, 10.0, 20.0, 30.0], 0.5) == 15.0
    assert percentile([float(i) for i in range(11)], 0.9) == 9.0


def test_headline_figures(filed, cast, recordals):
    _case, lumiere, nordik = filed
    with time_machine.travel(lumiere.notified_at + timedelta(minutes=10), tick=False):
        services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="infringing", bond="case")
    with time_machine.travel(nordik.notified_at + timedelta(minutes=30), tick=False):
        services.item_decide(user=cast.holder2_user, item_id=nordik.pk, decision="not_infringing")
    data = stats_for(cast.admin)
    assert data["decision_seconds"]["median"] == 1200.0
    assert data["decision_seconds"]["p90"] == pytest.approx(1680.0)
    assert data["answered_in_time_share"] == 1.0
    assert {row["channel"]: row["items"] for row in data["by_channel"]} == {"express": 2}
    assert {row["brand"] for row in data["by_brand"]} == {"LUMIÈRE", "NORDIK"}


def test_stats_are_scoped_to_the_caller(filed, cast, recordals):
    file_case(cast.officer2, [item_input(recordals.nordik)])
    assert stats_for(cast.admin)["items"] == 3
    assert stats_for(cast.officer1)["items"] == 2
    assert stats_for(cast.officer2)["items"] == 1
    assert stats_for(cast.holder1_user)["items"] == 1
    assert stats_for(cast.outsider)["items"] == 0


def test_stats_api(api_client, filed, cast):
    api_client.force_authenticate(cast.holder2_user)
    body = api_client.get("/api/stats/").json()
    assert body["items"] == 1 and "decision_seconds" in body and "value_detained_cny" in body
