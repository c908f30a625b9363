"""Bad input to the bulk decision is a 400 naming the field, and decides nothing."""

import pytest

from confirmations.models import CaseEvent, Item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("items", [[10**20], ["a"], [], "1", [-1]])
def test_malformed_item_ids_are_a_field_error(api_client, filed, cast, items):
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post("/api/items/decisions/", {"items": items, "decision": "not_infringing"}, format="json")
    assert response.status_code == 400 and "items" in response.json()
    assert not Item.objects.exclude(status="pending").exists()


def test_a_foreign_item_in_the_batch_decides_nothing(api_client, filed, cast):
    _case, lumiere, nordik = filed
    events = CaseEvent.objects.count()
    api_client.force_authenticate(cast.holder1_user)
    body = {"items": [lumiere.pk, nordik.pk], "decision": "not_infringing"}
    response = api_client.post("/api/items/decisions/", body, format="json")
    assert response.status_code == 400 and str(nordik.pk) in str(response.json()["items"])
    assert not Item.objects.exclude(status="pending").exists() and CaseEvent.objects.count() == events


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decision": "maybe"}, "decision"),
        ({"decision": "infringing"}, "bond"),
        ({"decision": "infringing", "bond": "gold"}, "bond"),
        ({"decision": "infringing", "bond": "general"}, "bond"),
    ],
)
def test_bad_decision_or_bond_is_a_field_error(api_client, filed, cast, body, field):
    _case, lumiere, _ = filed
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post(f"/api/items/{lumiere.pk}/decision/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert Item.objects.get(pk=lumiere.pk).status == "pending"
