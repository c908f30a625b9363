"""The median and 90th percentile of the time from notice to decision are ranked in SQL, reading a few rows."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from confirmations import services
from confirmations.stats import stats_for
from confirmations.tests.factories import file_case, item_input

pytestmark = pytest.mark.django_db


def test_percentiles_interpolate_between_ranked_rows_and_read_no_item_list(cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.lumiere, description=f"Lot {n}") for n in range(11)])
    notified = case.items.first().notified_at
    for minutes, item in zip(range(0, 110, 10), case.items.order_by("-pk"), strict=True):
        with time_machine.travel(notified + timedelta(minutes=minutes), tick=False):
            services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="not_infringing")
    with CaptureQueriesContext(connection) as captured:
        figures = stats_for(cast.admin)["decision_seconds"]
    assert figures["count"] == 11
    assert figures["median"] == pytest.approx(50 * 60)
    assert figures["p90"] == pytest.approx(90 * 60)
    ranked = [query["sql"] for query in captured.captured_queries if "ROW_NUMBER" in query["sql"].upper()]
    assert len(ranked) == 1


def test_no_decision_gives_no_percentiles(cast, recordals):
    file_case(cast.officer1, [item_input(recordals.lumiere)])
    figures = stats_for(cast.admin)["decision_seconds"]
    assert figures["count"] == 0 and figures["median"] is None and figures["p90"] is None
