"""Repeat traders: an officer learns how many earlier cases, at how many offices, involved a party, and
sees only its own office's cases; another office's case data never reaches it."""

import pytest
from django.db import connection

from confirmations.models import Item
from confirmations.repeat_traders import repeat_traders
from confirmations.tests.factories import file_case, item_input

pytestmark = pytest.mark.django_db

SECRET = {
    "waybill_number": "OFFICE-ONE-SECRET-777",
    "declared_goods": "Counterfeit sapphire dials",
    "notes": "Tip from informant Wang",
}


@pytest.fixture
def history(cast, recordals):
    """Office one's case (Bright Star as consignor), office two's earlier case, then office two's new case."""
    at_one = file_case(
        cast.officer1, [item_input(recordals.lumiere)], consignor="Bright Star Co., Ltd.", consignee="X", **SECRET
    )
    Item.objects.filter(case=at_one).update(status=Item.Status.CONFIRMED)
    at_two = file_case(
        cast.officer2,
        [item_input(recordals.nordik), item_input(recordals.nordik, description="Straps")],
        consignor="Someone Else",
        consignee="BRIGHT-STAR LTD",
        waybill_number="OFFICE-TWO-OLD",
    )
    unrelated = file_case(cast.officer1, [item_input(recordals.lumiere)], consignor="Moon River", consignee="Y")
    new = file_case(cast.officer2, [item_input(recordals.nordik)], consignor="bright star", consignee="Jean Dupont")
    later = file_case(cast.officer1, [item_input(recordals.lumiere)], consignor="Bright Star", consignee="Z")
    return {"one": at_one, "two": at_two, "unrelated": unrelated, "new": new, "later": later}


def test_officer_learns_counts_across_offices_and_links_only_its_own(cast, history):
    consignor = repeat_traders(user=cast.officer2, case=history["new"])[1]
    assert consignor.party.role == "consignor"
    assert (consignor.cases, consignor.offices, consignor.here, consignor.elsewhere) == (2, 2, 1, 1)
    assert [c.pk for c in consignor.linked] == [history["two"].pk]
    assert dict(consignor.outcomes) == {"Awaiting the holder": 2, "Infringement confirmed": 1}


def test_administrator_sees_every_earlier_case_linked(cast, history):
    consignor = repeat_traders(user=cast.admin, case=history["new"])[1]
    assert {c.pk for c in consignor.linked} == {history["one"].pk, history["two"].pk}


def test_only_earlier_cases_count(cast, history):
    first = repeat_traders(user=cast.admin, case=history["one"])
    assert [(r.party.role, r.cases) for r in first] == [("consignee", 0), ("consignor", 0)]


def test_same_identifier_counts_whatever_the_name(cast, recordals):
    file_case(cast.officer1, [item_input(recordals.lumiere)], consignee="Old Name", consignee_identifier="USCC-9")
    new = file_case(cast.officer2, [item_input(recordals.nordik)], consignee="New Name", consignee_identifier="uscc9")
    consignee = repeat_traders(user=cast.officer2, case=new)[0]
    assert (consignee.cases, consignee.offices, consignee.linked) == (1, 1, [])


def test_other_offices_case_data_never_reaches_the_officer_page(client, cast, history):
    client.force_login(cast.officer2)
    page = client.get(history["new"].get_absolute_url()).content.decode()
    assert "2 earlier cases at 2 office(s)" in page and "1 at this office, 1 elsewhere" in page
    assert history["two"].get_absolute_url() in page
    assert history["one"].get_absolute_url() not in page
    for secret in [*SECRET.values(), cast.office1.name, cast.officer1.username, "Bright Star Co., Ltd."]:
        assert secret not in page


def test_officer_cannot_open_the_other_offices_case(client, cast, history):
    client.force_login(cast.officer2)
    assert client.get(history["one"].get_absolute_url()).status_code == 404


def test_holder_sees_no_risk_section(client, cast, history):
    client.force_login(cast.holder2_user)
    page = client.get(history["new"].get_absolute_url()).content.decode()
    assert "Repeat traders" not in page and "earlier case" not in page


def test_repeat_traders_run_four_queries_whatever_the_history(cast, history, django_assert_num_queries):
    for user in (cast.officer2, cast.admin):
        assert user.organization is not None  # the request has loaded the user's organization already
    with django_assert_num_queries(4):
        repeat_traders(user=cast.officer2, case=history["new"])
    with django_assert_num_queries(4):
        repeat_traders(user=cast.admin, case=history["later"])


def test_case_page_queries_do_not_grow_with_the_history(client, cast, recordals):
    def page_queries(case) -> int:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(case.get_absolute_url()).status_code == 200
        return len(queries)

    client.force_login(cast.officer1)
    first = file_case(cast.officer1, [item_input(recordals.lumiere)], consignor="Bright Star")
    small = page_queries(first)
    for n in range(4):
        file_case(cast.officer2 if n % 2 else cast.officer1, [item_input(recordals.nordik)], consignor="Bright Star")
    assert page_queries(file_case(cast.officer1, [item_input(recordals.lumiere)], consignor="Bright Star")) == small
