"""Every irreversible action asks on one confirmation page whose button names what it does."""

import pytest

from confirmations.models import DetentionApplication
from confirmations.tests.test_detention_pages import application  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


def test_withdrawal_page_states_the_facts_and_its_button_names_the_consequence(client, cast, application):  # noqa: F811
    client.force_login(cast.holder1_user)

    page = client.get(f"/applications/{application.pk}/withdraw/").content.decode()

    assert "What happens when you confirm" in page and "This cannot be undone." in page
    assert "Confirm: withdraw and release the goods" in page
    assert application.reference in page and "300,000.00 CNY" in page and "March 13, 2026, 24:00" in page
    assert DetentionApplication.objects.get().status == "awaiting_bond"


def test_bond_page_button_names_the_recording(client, cast, application):  # noqa: F811
    client.force_login(cast.officer1)

    page = client.get(f"/applications/{application.pk}/bond-received/").content.decode()

    assert "Confirm: record the bond as received" in page and "100,000.00 CNY" in page


def test_a_refused_withdrawal_shows_why_and_changes_nothing(client, cast, application):  # noqa: F811
    client.force_login(cast.holder1_user)
    client.post(f"/applications/{application.pk}/withdraw/", {"reason": "settled"})

    response = client.post(f"/applications/{application.pk}/withdraw/", {"reason": "again"}, follow=True)

    assert "This application is already closed (Withdrawn by the holder)." in response.content.decode()
    assert DetentionApplication.objects.get().status == "withdrawn"
