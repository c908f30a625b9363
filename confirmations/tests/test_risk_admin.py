"""Administrators inspect the risk records in the admin, read-only: lists and pages open, nothing is added."""

import pytest
from django.urls import reverse

from confirmations.tests.test_query_counts import scene  # noqa: F401 - the scene of the query-count tests

pytestmark = pytest.mark.django_db

MODELS = [
    "watchedtrader",
    "watchlisthit",
    "watchlistproposal",
    "penaltydecision",
    "consigneelink",
    "detentionrequest",
    "tip",
]


@pytest.mark.parametrize("model", MODELS)
def test_administrators_open_each_risk_record_but_cannot_add_or_change_it(client, cast, scene, model):  # noqa: F811
    scene(1)
    client.force_login(cast.admin)
    listed = client.get(reverse(f"admin:confirmations_{model}_changelist"))
    assert listed.status_code == 200
    obj = listed.context["cl"].result_list[0]
    page = client.get(reverse(f"admin:confirmations_{model}_change", args=[obj.pk]))
    assert page.status_code == 200
    assert 'type="submit" value="Save"' not in page.content.decode()
    assert client.get(reverse(f"admin:confirmations_{model}_add")).status_code == 403
    assert client.post(reverse(f"admin:confirmations_{model}_delete", args=[obj.pk])).status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_officers_do_not_reach_the_risk_admin(client, cast, scene, model):  # noqa: F811
    scene(1)
    client.force_login(cast.officer1)
    response = client.get(reverse(f"admin:confirmations_{model}_changelist"))
    assert response.status_code == 302
