"""The live case page's status answer: rows only when a case event the reader sees has come since it last asked."""

import pytest
from django.urls import reverse

from confirmations import services

pytestmark = pytest.mark.django_db


def _status(client, case, after=None):
    url = reverse("confirmations:case-status", args=[case.pk])
    return client.get(url, {"after": after} if after is not None else {}).json()


def test_an_unchanged_case_answers_its_status_without_rows(client, filed, cast, django_assert_num_queries):
    case, lumiere, nordik = filed
    client.force_login(cast.officer1)
    first = _status(client, case)
    assert [row["id"] for row in first["items"]] == [lumiere.pk, nordik.pk] and first["last"] > 0
    with django_assert_num_queries(3):  # session with its user and membership, the case, the last event
        again = _status(client, case, after=first["last"])
    assert again == {k: v for k, v in first.items() if k != "items"} | {"items": []}


def test_a_holders_decision_brings_the_rows_back_with_the_new_state(client, filed, cast):
    case, lumiere, _ = filed
    client.force_login(cast.officer1)
    first = _status(client, case)
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    after = _status(client, case, after=first["last"])
    assert after["last"] > first["last"]
    row = next(row for row in after["items"] if row["id"] == lumiere.pk)
    assert row["status"] != next(r for r in first["items"] if r["id"] == lumiere.pk)["status"]
    assert f'data-item-id="{lumiere.pk}"' in row["html"]


def test_a_holder_counts_only_the_events_of_its_own_items(client, filed, cast):
    case, lumiere, nordik = filed
    client.force_login(cast.holder1_user)
    first = _status(client, case)
    assert [row["id"] for row in first["items"]] == [lumiere.pk]
    services.item_decide(user=cast.holder2_user, item_id=nordik.pk, decision="not_infringing")
    again = _status(client, case, after=first["last"])
    assert again["items"] == [] and again["last"] == first["last"]


@pytest.mark.parametrize("after", ["", "abc", "-1", "99999999999999"])
def test_an_unreadable_after_is_answered_with_every_row(client, filed, cast, after):
    case, _, _ = filed
    client.force_login(cast.officer1)
    assert len(_status(client, case, after=after)["items"]) == 2


def test_another_office_gets_404_on_the_case_status(client, filed, cast):
    case, _, _ = filed
    client.force_login(cast.officer2)
    assert client.get(reverse("confirmations:case-status", args=[case.pk]), {"after": "1"}).status_code == 404
