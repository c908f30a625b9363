"""Risk figures: hit rates (confirmed / filed cases) by channel, origin, HS chapter and office, counted in SQL."""

from datetime import date

import pytest

from confirmations.risk_figures import risk_figures_for
from confirmations.stats import Period
from confirmations.tests.figures_factories import S, file_at, goods_lines, settle

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 3, 1), date(2026, 3, 9))
INSIDE = "2026-03-05 10:00:00 +08:00"


@pytest.fixture
def risky(cast, recordals):
    """Eight cases; six filed in the period (March 1-9, Shanghai), three of them confirmed.

    The recordals' goods put LUMIÈRE in chapter 91 and NORDIK in 42; the patent has no coded goods. An item's own
    HS code (marked "own") wins over its recordal's; the others fall back to the recordal's chapter.

    | case | office | channel | origin | items (HS chapter: outcome)              | filed            |
    | C1   | 1      | express | CN     | 91: confirmed, 42: not confirmed         | in               |
    | C2   | 1      | express | HK     | own 42 (LUMIÈRE): released               | in               |
    | C3   | 2      | mail    | CN     | own 64 (NORDIK): confirmed               | in               |
    | C4   | 2      | sea     | (none) | 91: detained                             | in               |
    | C5   | 1      | express | CN     | 91: confirmed                            | Feb 28 23:59:59  |
    | C6   | 1      | mail    | VN     | (no HS code anywhere): confirmed         | Mar 1 00:00:00   |
    | C7   | 2      | air     | CN     | 42: pending                              | Mar 9 23:59:59   |
    | C8   | 1      | express | CN     | 91: confirmed                            | Mar 10 00:00:00  |
    """
    goods_lines(recordals.lumiere, "", "9102.11", "4203.30")
    goods_lines(recordals.nordik, "4202.21")
    o1, o2 = cast.officer1, cast.officer2
    _, (c1a, c1b) = file_at(INSIDE, o1, [recordals.lumiere, recordals.nordik], consignor_country="CN")
    settle(c1a, S.CONFIRMED)
    settle(c1b, S.NOT_CONFIRMED)
    _, (c2,) = file_at(INSIDE, o1, [recordals.lumiere], hs_codes=["4202.21"], consignor_country="HK")
    settle(c2, S.RELEASED)
    _, (c3,) = file_at(INSIDE, o2, [recordals.nordik], hs_codes=["640399"], channel="mail", consignor_country="CN")
    settle(c3, S.CONFIRMED)
    _, (c4,) = file_at(INSIDE, o2, [recordals.lumiere], channel="sea", consignor_country="")
    settle(c4, S.DETAINED)
    _, (c5,) = file_at("2026-02-28 23:59:59 +08:00", o1, [recordals.lumiere], consignor_country="CN")
    settle(c5, S.CONFIRMED)
    _, (c6,) = file_at("2026-03-01 00:00:00 +08:00", o1, [recordals.patent], channel="mail", consignor_country="VN")
    settle(c6, S.CONFIRMED)
    file_at("2026-03-09 23:59:59 +08:00", o2, [recordals.nordik], channel="air", consignor_country="CN")
    _, (c8,) = file_at("2026-03-10 00:00:00 +08:00", o1, [recordals.lumiere], consignor_country="CN")
    settle(c8, S.CONFIRMED)


def _rows(rows):
    return [(row["key"], row["filed"], row["confirmed"], row["hit_rate"]) for row in rows]


def test_administrator_sees_hit_rates_of_every_office(cast, risky):
    figures = risk_figures_for(cast.admin, period=PERIOD)
    assert (figures["filed"], figures["confirmed"], figures["hit_rate"]) == (6, 3, 0.5)
    assert figures["period"] == {"from": "2026-03-01", "to": "2026-03-09"}
    assert _rows(figures["by_channel"]) == [
        ("mail", 2, 2, 1.0),
        ("express", 2, 1, 0.5),
        ("air", 1, 0, 0.0),
        ("sea", 1, 0, 0.0),
    ]
    assert [row["label"] for row in figures["by_channel"]][:2] == ["Mail", "Express"]
    assert _rows(figures["by_origin"]) == [
        ("VN", 1, 1, 1.0),
        ("CN", 3, 2, 0.6667),
        ("", 1, 0, 0.0),
        ("HK", 1, 0, 0.0),
    ]
    assert _rows(figures["by_office"]) == [("Port Office One", 3, 2, 0.6667), ("Port Office Two", 3, 1, 0.3333)]


def test_hs_chapter_is_the_items_own_code_else_the_recordals_first_coded_goods_line(cast, risky):
    figures = risk_figures_for(cast.admin, period=PERIOD)
    assert _rows(figures["by_hs_chapter"]) == [
        ("", 1, 1, 1.0),
        ("64", 1, 1, 1.0),
        ("91", 2, 1, 0.5),
        ("42", 3, 0, 0.0),
    ]


def test_officer_sees_only_the_cases_of_its_office(cast, risky):
    figures = risk_figures_for(cast.officer1, period=PERIOD)
    assert (figures["filed"], figures["confirmed"]) == (3, 2)
    assert _rows(figures["by_office"]) == [("Port Office One", 3, 2, 0.6667)]
    assert _rows(figures["by_channel"]) == [("mail", 1, 1, 1.0), ("express", 2, 1, 0.5)]


def test_period_borders_are_shanghai_days(cast, risky):
    first_day = risk_figures_for(cast.admin, period=Period(date(2026, 3, 1), date(2026, 3, 1)))
    assert (first_day["filed"], first_day["confirmed"]) == (1, 1)
    last_day = risk_figures_for(cast.admin, period=Period(date(2026, 3, 9), date(2026, 3, 9)))
    assert (last_day["filed"], last_day["confirmed"]) == (1, 0)
    day_before = risk_figures_for(cast.admin, period=Period(date(2026, 2, 28), date(2026, 2, 28)))
    assert (day_before["filed"], day_before["confirmed"]) == (1, 1)


def test_a_case_with_only_unconfirmed_outcomes_is_not_a_hit(cast, recordals):
    _, items = file_at(INSIDE, cast.officer1, [recordals.lumiere, recordals.nordik])
    for item, status in zip(items, (S.NOT_CONFIRMED, S.COURT), strict=True):
        settle(item, status)
    figures = risk_figures_for(cast.admin, period=PERIOD)
    assert (figures["filed"], figures["confirmed"], figures["hit_rate"]) == (1, 0, 0.0)


def test_no_cases_means_no_rate(cast):
    figures = risk_figures_for(cast.admin, period=PERIOD)
    assert (figures["filed"], figures["hit_rate"], figures["by_channel"]) == (0, None, [])


@pytest.mark.parametrize("who", ["holder1_user", "agent_user", "outsider"])
def test_holder_side_cannot_see_risk_figures(cast, api_client, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        risk_figures_for(getattr(cast, who), period=PERIOD)
    api_client.force_authenticate(getattr(cast, who))
    assert api_client.get("/api/stats/risk/").status_code == 403


def test_figures_take_one_query_per_dimension(cast, risky, django_assert_num_queries):
    assert cast.admin.organization is not None
    with django_assert_num_queries(5):
        risk_figures_for(cast.admin, period=PERIOD)


def test_risk_api_takes_a_period(cast, risky, api_client):
    api_client.force_authenticate(cast.officer2)
    body = api_client.get("/api/stats/risk/?from=2026-03-01&to=2026-03-09").json()
    assert (body["filed"], body["confirmed"]) == (3, 1)
    assert _rows(body["by_hs_chapter"]) == [("64", 1, 1, 1.0), ("42", 1, 0, 0.0), ("91", 1, 0, 0.0)]
    assert api_client.get("/api/stats/risk/?from=2026-03-09&to=2026-03-01").status_code == 400
    assert api_client.get("/api/stats/risk/?to=soon").status_code == 400
    api_client.force_authenticate(None)
    assert api_client.get("/api/stats/risk/").status_code in (401, 403)


def test_risk_page_shows_the_tables(cast, risky, client):
    client.force_login(cast.admin)
    page = client.get("/statistics/risk/?since=2026-03-01&until=2026-03-09").content.decode()
    assert "Hit rate by origin" in page and "Port Office Two" in page and "66.7%" in page
    assert page.index("Hit rate by goods") < page.index("Goods (HS chapter)") < page.index("Hit rate by office")
    client.force_login(cast.holder1_user)
    assert client.get("/statistics/risk/").status_code == 403
