"""Registering a general bond over the API: bad input is a 400 naming the field, never a 500."""

import pytest
from django.utils import timezone

from confirmations.models import GeneralBond

pytestmark = pytest.mark.django_db


def _body(**fields):
    return {"bank": "Bank", "reference": "G-1", "amount_cny": "250000", "year": timezone.localdate().year, **fields}


@pytest.mark.parametrize("holder", ["abc", 10**20, -1, [1]])
def test_agent_naming_a_malformed_holder_gets_a_field_error(api_client, cast, holder):
    api_client.force_authenticate(cast.agent_user)
    response = api_client.post("/api/bonds/", _body(holder=holder), format="json")
    assert response.status_code == 400 and "holder" in response.json()
    assert not GeneralBond.objects.exists()


def test_agent_naming_a_holder_it_does_not_act_for_is_refused(api_client, cast):
    api_client.force_authenticate(cast.agent_user)
    response = api_client.post("/api/bonds/", _body(holder=cast.holder2.pk), format="json")
    assert response.status_code == 403 and not GeneralBond.objects.exists()


def test_agent_registers_for_the_holder_it_acts_for(api_client, cast):
    api_client.force_authenticate(cast.agent_user)
    response = api_client.post("/api/bonds/", _body(holder=cast.holder1.pk), format="json")
    assert response.status_code == 201 and GeneralBond.objects.get().holder == cast.holder1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount_cny": "199999.99"}, "amount_cny"),
        ({"amount_cny": "abc"}, "amount_cny"),
        ({"amount_cny": "1e30"}, "amount_cny"),
        ({"year": 1999}, "year"),
        ({"year": "next"}, "year"),
        ({"bank": ""}, "bank"),
    ],
)
def test_bad_bond_fields_are_field_errors(api_client, cast, fields, field):
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post("/api/bonds/", _body(**fields), format="json")
    assert response.status_code == 400 and field in response.json()
    assert not GeneralBond.objects.exists()


def test_status_and_holder_cannot_be_set_by_the_holder(api_client, cast):
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post(
        "/api/bonds/", _body(status="confirmed", holder=cast.holder2.pk, valid_until="2099-01-01"), format="json"
    )
    bond = GeneralBond.objects.get()
    assert response.status_code == 201
    assert (bond.status, bond.holder, bond.valid_until.year) == ("submitted", cast.holder1, bond.year + 1)
