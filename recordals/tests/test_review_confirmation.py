"""The review desk asks before approving or rejecting, and the approval names the issued number."""

import pytest
from django.urls import reverse

from recordals.tests.factories import submitted_recordal

pytestmark = pytest.mark.django_db


def test_approval_asks_first_then_names_the_issued_number(client, cast):
    recordal = submitted_recordal(holder=cast.holder1)
    client.force_login(cast.admin)
    url = reverse("recordals:review", args=[recordal.pk])

    asked = client.post(url, {"decision": "approve"})

    assert "A recordal number is issued" in asked.content.decode()
    recordal.refresh_from_db()
    assert recordal.status == "submitted"
    done = client.post(url, {"decision": "approve", "confirmed": "yes"}, follow=True)
    recordal.refresh_from_db()
    assert recordal.status == "approved"
    assert f"Approved; recordal number {recordal.number} was issued." in done.content.decode()


def test_rejection_asks_first_quoting_the_reason(client, cast):
    recordal = submitted_recordal(holder=cast.holder1)
    client.force_login(cast.admin)
    url = reverse("recordals:review", args=[recordal.pk])
    asked = client.post(url, {"decision": "reject", "reason": "No certificate"})
    content = asked.content.decode()
    assert "Reject “" in content and "No certificate" in content and 'name="reason" value="No certificate"' in content
    recordal.refresh_from_db()
    assert recordal.status == "submitted"


def test_a_rejection_without_reason_shows_the_summary_linking_to_the_reason(client, cast):
    recordal = submitted_recordal(holder=cast.holder1)
    client.force_login(cast.admin)
    response = client.post(reverse("recordals:review", args=[recordal.pk]), {"decision": "reject", "reason": ""})
    content = response.content.decode()
    assert "<title>Error: " in content
    assert '<a href="#id_reason">Give the reason for the rejection: the holder reads it.</a>' in content
