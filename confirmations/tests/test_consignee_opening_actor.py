"""The case timeline says who opened a consignee link: the party it was issued to, by name, never by its
address or its secrets."""

import pytest
from django.urls import reverse

from confirmations.models import CaseEvent
from confirmations.tests.consignee_factories import record_link, shipment_with_detained_goods

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(cast, client, django_capture_on_commit_callbacks):
    """The consignee Jean Dupont opens the link issued to it; the officer then reads the case."""
    with django_capture_on_commit_callbacks(execute=True):
        scene = shipment_with_detained_goods(cast)
        scene.link, scene.token = record_link(cast, scene.case, email="buyer@example.com")
    assert (
        client.get(reverse("confirmations:consignee-facts", args=[scene.link.public_id, scene.token])).status_code
        == 200
    )
    return scene


def test_the_opening_event_names_the_party_and_its_role_but_not_its_address(opened):
    event = CaseEvent.objects.get(case=opened.case, action="consignee_link_opened")

    assert event.actor is None
    assert (event.data["party"], event.data["role"], event.data["link"]) == ("Jean Dupont", "consignee", opened.link.pk)
    assert "buyer@example.com" not in str(event.data) and opened.token not in str(event.data)


def test_the_officer_sees_the_party_not_the_system_as_who_opened_the_link(client, cast, opened):
    client.force_login(cast.officer1)

    page = client.get(reverse("confirmations:case-detail", args=[opened.case.pk])).content.decode()

    line = next(line for line in page.split("<li") if "Detention facts opened through the link" in line)
    assert "Jean Dupont" in line and "system" not in line
