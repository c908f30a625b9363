"""Holders pay bonds to the account an office's bond instructions name: every instruction given, changed or
removed in the admin is recorded."""

import pytest
from django.urls import reverse

from confirmations.models import BondInstructions, BondInstructionsEvent

pytestmark = pytest.mark.django_db

FIELDS = {"payee": "Port Office One", "bank": "Bank of Examples", "account": "6222 0000 1111"}


def _form(office, **changes) -> dict:
    return {"office": office.pk, "reference_format": "IPR {reference}", **FIELDS, **changes}


def test_instructions_given_in_the_admin_write_one_event(admin_client, admin_user, cast):
    answer = admin_client.post(reverse("admin:confirmations_bondinstructions_add"), _form(cast.office1))
    assert answer.status_code == 302

    (event,) = BondInstructionsEvent.objects.all()
    assert (event.action, event.office, event.actor) == ("added", cast.office1, admin_user)
    assert event.data["changes"]["account"] == [None, "6222 0000 1111"]


def test_a_changed_account_names_the_old_and_new_account(admin_client, cast):
    BondInstructions.objects.create(office=cast.office1, reference_format="IPR {reference}", **FIELDS)
    url = reverse("admin:confirmations_bondinstructions_change", args=[cast.office1.pk])

    admin_client.post(url, _form(cast.office1, account="6222 9999 0000"))

    (event,) = BondInstructionsEvent.objects.all()
    assert event.action == "changed" and event.data["changes"]["account"] == ["6222 0000 1111", "6222 9999 0000"]
    assert set(event.data["changes"]) == {"account", "updated_at"}


def test_removed_instructions_are_recorded_with_what_they_were(admin_client, cast):
    BondInstructions.objects.create(office=cast.office1, reference_format="IPR {reference}", **FIELDS)
    url = reverse("admin:confirmations_bondinstructions_delete", args=[cast.office1.pk])

    admin_client.post(url, {"post": "yes"})

    (event,) = BondInstructionsEvent.objects.all()
    assert (event.action, event.office, event.data["was"]["account"]) == ("deleted", cast.office1, "6222 0000 1111")
    assert not BondInstructions.objects.exists()
