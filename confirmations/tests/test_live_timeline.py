"""The live timeline endpoints of the case and item pages: same access as the pages, only new events, cheap."""

import pytest
from django.urls import reverse

from confirmations import services

pytestmark = pytest.mark.django_db


def case_url(case, after=None):
    url = reverse("confirmations:case-events", args=[case.pk])
    return url if after is None else f"{url}?after={after}"


def item_url(item, after=None):
    url = reverse("confirmations:item-events", args=[item.pk])
    return url if after is None else f"{url}?after={after}"


def test_officer_of_another_office_gets_404_for_the_case_and_item(client, cast, filed):
    case, lumiere, _nordik = filed
    client.force_login(cast.officer2)
    assert client.get(case_url(case)).status_code == 404
    assert client.get(item_url(lumiere)).status_code == 404


def test_other_holder_gets_404_for_an_item_not_its_own(client, cast, filed):
    _case, lumiere, _nordik = filed
    client.force_login(cast.holder2_user)
    assert client.get(item_url(lumiere)).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, filed):
    case, _lumiere, _nordik = filed
    assert client.get(case_url(case)).status_code == 302


def test_holder_sees_only_the_events_of_its_own_items_on_the_case(client, cast, filed):
    case, lumiere, nordik = filed
    client.force_login(cast.holder2_user)
    events = client.get(case_url(case, 0)).json()["events"]
    assert events and all(f"item {nordik.pk}" in " ".join(e["html"].split()) for e in events)
    assert all(f"item {lumiere.pk}" not in " ".join(e["html"].split()) for e in events)


def test_only_events_after_the_last_one_shown_are_returned(client, cast, filed):
    case, lumiere, _nordik = filed
    client.force_login(cast.officer1)
    first = client.get(case_url(case, 0)).json()
    last = first["last"]
    assert last == case.events.order_by("-seq").first().seq
    assert client.get(case_url(case, last)).json() == {
        "last": last,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "events": [],
    }
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    answer = client.get(case_url(case, last)).json()
    assert [e["seq"] for e in answer["events"]] == [last + 1]
    assert answer["events"][0]["label"] == "Holder decided"
    assert answer["last"] == last + 1


def test_item_endpoint_gives_the_items_new_events_and_its_status_in_the_readers_language(client, cast, filed):
    _case, lumiere, _nordik = filed
    client.force_login(cast.holder1_user)
    last = client.get(item_url(lumiere)).json()["last"]
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    answer = client.get(item_url(lumiere, last), HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert answer["status"] == "not_infringing"
    assert [e["seq"] for e in answer["events"]] == [lumiere.events.order_by("-seq").first().seq]
    assert answer["last"] > last
    client.cookies["django_language"] = "zh-hans"
    assert client.get(item_url(lumiere, last)).json()["events"][0]["label"] == "权利人已作出决定"


def test_an_idle_poll_costs_one_query_beyond_the_session_and_access_check(
    client, cast, filed, django_assert_num_queries
):
    case, lumiere, _nordik = filed
    client.force_login(cast.officer1)
    last = client.get(case_url(case, 0)).json()["last"]
    # session with its user and organization, the case (access), the events after ``last``
    with django_assert_num_queries(3):
        assert client.get(case_url(case, last)).json()["events"] == []
    client.force_login(cast.holder1_user)
    last = client.get(item_url(lumiere)).json()["last"]
    # session with its user and organization, the item (access), the events after ``last``
    with django_assert_num_queries(3):
        assert client.get(item_url(lumiere, last)).json()["events"] == []


def test_pages_carry_the_live_timeline_and_its_polite_live_region(client, cast, filed):
    case, lumiere, _nordik = filed
    client.force_login(cast.officer1)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f'data-events-url="{case_url(case)}"' in page and 'aria-live="polite" data-timeline-announce' in page
    client.force_login(cast.holder1_user)
    page = client.get(lumiere.get_absolute_url()).content.decode()
    assert f'data-events-url="{item_url(lumiere)}"' in page and "data-live-status" in page
