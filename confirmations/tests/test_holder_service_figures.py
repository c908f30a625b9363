"""Per-holder service figures: median time to answer (picked in SQL), share in time, items by outcome."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from confirmations.service_figures import service_figures_for
from confirmations.stats import Period
from confirmations.tests.figures_factories import D, S, file_at, settle

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 3, 1), date(2026, 3, 9))
MONDAY = "2026-03-02 10:00:00 +08:00"


@pytest.fixture
def answered(cast, recordals):
    """Holder 1: four answers (10 min, 30 min, 2 h, 5 h), one lapsed, one awaiting; one answer (1 min) before the
    period. Holder 2: three answers (20 min, 1 h, and 4 days: after the deadline of Thursday 24:00).

    Holder 1's median is (30 min + 2 h) / 2 = 75 min, in time 4 of 5; holder 2's is 1 h, in time 2 of 3.
    """
    officer = cast.officer1
    lumiere, nordik = recordals.lumiere, recordals.nordik
    _, one = file_at(MONDAY, officer, [lumiere] * 6, waybill_number="H1")
    for item, minutes in zip(one, (300, 10, 120, 30), strict=False):
        settle(item, S.INFRINGING, decision=D.INFRINGING, answered_after=timedelta(minutes=minutes))
    settle(one[4], S.RELEASED, decision=D.LAPSED)
    _, (early,) = file_at("2026-02-28 23:59:59 +08:00", officer, [lumiere], waybill_number="H1-early")
    settle(early, S.NOT_INFRINGING, decision=D.NOT_INFRINGING, answered_after=timedelta(minutes=1))
    _, two = file_at(MONDAY, officer, [nordik] * 3, waybill_number="H2")
    for item, after in zip(two, (timedelta(minutes=20), timedelta(hours=1), timedelta(days=4)), strict=True):
        settle(item, S.NOT_INFRINGING, decision=D.NOT_INFRINGING, answered_after=after)


def _summary(row):
    return (row["name"], row["median_seconds"], row["answered_in_time"], row["answerable"], row["in_time_share"])


def test_administrator_sees_every_holder_slowest_first(cast, answered):
    rows = service_figures_for(cast.admin, period=PERIOD)["holders"]
    assert [_summary(row) for row in rows] == [
        ("Maison Lumière", 4500.0, 4, 5, 0.8),
        ("Nordic Timepieces", 3600.0, 2, 3, 0.6667),
    ]
    assert rows[0]["outcomes"] == {"infringing": 4, "not_infringing": 0, "lapsed": 1, "awaiting": 1}
    assert (rows[0]["notified"], rows[0]["answered"]) == (6, 4)
    assert rows[1]["outcomes"] == {"infringing": 0, "not_infringing": 3, "lapsed": 0, "awaiting": 0}


def test_holders_can_be_ordered_fastest_first_or_by_share_in_time(cast, answered):
    fastest = service_figures_for(cast.admin, period=PERIOD, order="fastest")["holders"]
    assert [row["name"] for row in fastest] == ["Nordic Timepieces", "Maison Lumière"]
    lowest_share = service_figures_for(cast.admin, period=PERIOD, order="in_time")["holders"]
    assert [row["name"] for row in lowest_share] == ["Nordic Timepieces", "Maison Lumière"]


def test_an_answer_before_the_period_counts_from_the_first_day(cast, answered):
    rows = service_figures_for(cast.admin, period=Period(date(2026, 2, 28), date(2026, 3, 9)))["holders"]
    lumiere = next(row for row in rows if row["name"] == "Maison Lumière")
    assert (lumiere["answered"], lumiere["median_seconds"]) == (5, 1800.0)
    february = service_figures_for(cast.admin, period=Period(date(2026, 2, 28), date(2026, 2, 28)))["holders"]
    assert [(row["name"], row["median_seconds"]) for row in february] == [("Maison Lumière", 60.0)]


def test_holder_sees_only_its_own_figures(cast, answered):
    rows = service_figures_for(cast.holder1_user, period=PERIOD)["holders"]
    assert [_summary(row) for row in rows] == [("Maison Lumière", 4500.0, 4, 5, 0.8)]
    agent_rows = service_figures_for(cast.agent_user, period=PERIOD)["holders"]
    assert [row["name"] for row in agent_rows] == ["Maison Lumière"]


def test_holder_without_notices_sees_empty_figures(cast, answered):
    rows = service_figures_for(cast.outsider, period=PERIOD)["holders"]
    assert [_summary(row) for row in rows] == [("Unrelated Holder", None, 0, 0, None)]


def test_holder_cannot_see_another_holders_figures(cast, answered, api_client):
    with pytest.raises(PermissionDenied):
        service_figures_for(cast.holder1_user, period=PERIOD, holder=cast.holder2)
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.get(f"/api/stats/holders/?holder={cast.holder2.pk}").status_code == 403
    body = api_client.get(f"/api/stats/holders/?holder={cast.holder1.pk}&from=2026-03-01&to=2026-03-09").json()
    assert [row["name"] for row in body["holders"]] == ["Maison Lumière"]


@pytest.mark.parametrize("who", ["officer1", "officer2"])
def test_officers_cannot_see_service_figures(cast, client, api_client, who):
    with pytest.raises(PermissionDenied):
        service_figures_for(getattr(cast, who), period=PERIOD)
    api_client.force_authenticate(getattr(cast, who))
    assert api_client.get("/api/stats/holders/").status_code == 403
    client.force_login(getattr(cast, who))
    assert client.get("/statistics/holders/").status_code == 403


def test_figures_take_two_queries(cast, answered, django_assert_num_queries):
    assert cast.admin.organization is not None
    with django_assert_num_queries(2):
        service_figures_for(cast.admin, period=PERIOD)


def test_api_validates_its_parameters(cast, api_client):
    api_client.force_authenticate(cast.admin)
    assert api_client.get("/api/stats/holders/?order=random").status_code == 400
    assert api_client.get("/api/stats/holders/?holder=0").status_code == 400
    assert api_client.get(f"/api/stats/holders/?holder={cast.office1.pk}").status_code == 403


def test_service_page_lists_holders_side_by_side(cast, answered, client):
    client.force_login(cast.admin)
    page = client.get("/statistics/holders/?since=2026-03-01&until=2026-03-09").content.decode()
    assert page.index("Maison Lumière") < page.index("Nordic Timepieces")
    assert "1 h 15 min" in page and "80.0%" in page
    client.force_login(cast.holder2_user)
    page = client.get("/statistics/holders/?since=2026-03-01&until=2026-03-09").content.decode()
    assert "Nordic Timepieces" in page and "Maison Lumière" not in page
