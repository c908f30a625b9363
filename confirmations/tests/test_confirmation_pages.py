"""Every irreversible action asks on one confirmation page whose button names what it does."""

import pytest

from confirmations.models import DetentionApplication
from confirmations.tests.test_detention_pages import application  # noqa: F401 - the shared fixture

# These tests build data on fixed calendar dates (windows, deadlines, validity) and assert them.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


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


def _submitted_bond(cast):
    from decimal import Decimal

    from confirmations.models import GeneralBond
    from confirmations.tests.factories import GeneralBondFactory

    return GeneralBondFactory(
        holder=cast.holder1,
        bank="Bank of Lyon",
        reference="G-2026",
        amount_cny=Decimal("250000.00"),
        year=2026,
        status=GeneralBond.Status.SUBMITTED,
    )


def test_bond_list_links_to_the_confirmation_step_instead_of_deciding(client, cast):
    bond = _submitted_bond(cast)
    client.force_login(cast.admin)

    page = client.get("/bonds/").content.decode()

    assert f'href="/bonds/{bond.pk}/confirm/"' in page and f'href="/bonds/{bond.pk}/reject/"' in page


@pytest.mark.parametrize(
    ("verdict", "label", "status"),
    [
        ("confirm", "Confirm: the bond will cover every trademark application of {holder} in 2026", "confirmed"),
        ("reject", "Reject: the holder must register a new bond", "rejected"),
    ],
)
def test_bond_decision_asks_first_naming_its_consequence_then_decides(client, cast, verdict, label, status):
    from confirmations.models import GeneralBond

    bond = _submitted_bond(cast)
    client.force_login(cast.admin)
    url = f"/bonds/{bond.pk}/{verdict}/"

    page = client.get(url).content.decode()
    unconfirmed = client.post(url).content.decode()

    assert label.format(holder=cast.holder1.name) in page and "This cannot be undone." in page
    assert "G-2026" in page and "250,000.00" in page
    assert "This cannot be undone." in unconfirmed
    assert GeneralBond.objects.get().status == "submitted"
    response = client.post(url, {"confirmed": "yes"})
    assert response.status_code == 302 and GeneralBond.objects.get().status == status


def test_a_bond_decided_twice_is_refused_and_stays_as_first_decided(client, cast):
    from confirmations.models import GeneralBond

    bond = _submitted_bond(cast)
    client.force_login(cast.admin)
    client.post(f"/bonds/{bond.pk}/confirm/", {"confirmed": "yes"})

    response = client.post(f"/bonds/{bond.pk}/reject/", {"confirmed": "yes"}, follow=True)

    assert "This bond was already decided." in response.content.decode()
    assert GeneralBond.objects.get().status == "confirmed"


@pytest.mark.parametrize("user", ["holder1_user", "officer1"])
def test_only_administrators_see_the_bond_confirmation_step(client, cast, user):
    bond = _submitted_bond(cast)
    client.force_login(getattr(cast, user))

    assert client.get(f"/bonds/{bond.pk}/confirm/").status_code == 403
    assert client.post(f"/bonds/{bond.pk}/reject/", {"confirmed": "yes"}).status_code == 403


def test_an_unknown_bond_verdict_is_not_found(client, cast):
    bond = _submitted_bond(cast)
    client.force_login(cast.admin)

    assert client.get(f"/bonds/{bond.pk}/cancel/").status_code == 404
