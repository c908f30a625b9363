"""A case with goods of two holders, both detained: the party gets one notice and one link per holder, and each
link shows, and takes explanations and counter-guarantee requests about, only its own holder's goods."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from confirmations import services
from confirmations.models import CaseEvent, ConsigneeLink, ConsigneeSubmission
from confirmations.tests.consignee_factories import detain, holder_link, record_link
from confirmations.tests.factories import file_case, item_input
from portal.errors import FieldErrors
from recordals.tests.factories import recordal_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_holders(cast, django_capture_on_commit_callbacks):
    """Patent goods of holder1 and of holder2 in one shipment, both detained, and the consignee recorded."""
    with django_capture_on_commit_callbacks(execute=True):
        crown = recordal_in_force(cast.holder1, title="Watch crown mechanism", right_type="invention_patent")
        dial = recordal_in_force(cast.holder2, title="Luminous dial", right_type="invention_patent")
        case = file_case(
            cast.officer1,
            [
                item_input(crown, value="42000.00", description="Crown assemblies"),
                item_input(dial, value="9100.00", description="Glowing dials of the other holder"),
            ],
        )
        item_a, item_b = case.items.order_by("pk")
        detain(cast.officer1, cast.holder1_user, item_a)
        detain(cast.officer1, cast.holder2_user, item_b)
        mail.outbox.clear()
        record_link(cast, case)
    link_a, token_a = holder_link(case, cast.holder1)
    link_b, token_b = holder_link(case, cast.holder2)
    return SimpleNamespace(
        case=case, item_a=item_a, item_b=item_b, link_a=link_a, token_a=token_a, link_b=link_b, token_b=token_b
    )


def _urls(link, token):
    return (
        reverse("confirmations:consignee-facts", args=[link.public_id, token]),
        reverse("confirmations:api-consignee", args=[link.public_id, token]),
    )


def test_each_holder_with_detained_goods_gets_its_own_notice_and_link(two_holders):
    assert ConsigneeLink.objects.filter(case=two_holders.case).count() == 2
    bodies = {m.body for m in mail.outbox if m.to == ["buyer@example.com"]}
    assert len(bodies) == 2
    (notice_a,) = [body for body in bodies if str(two_holders.link_a.public_id) in body]
    assert "Crown assemblies" in notice_a and "Maison Lumière" in notice_a
    assert "Glowing dials" not in notice_a and "Nordic Timepieces" not in notice_a
    assert two_holders.item_b.recordal.number not in notice_a


def test_the_link_of_holder_a_never_shows_holder_b_goods_in_page_or_json(client, two_holders):
    page_url, api_url = _urls(two_holders.link_a, two_holders.token_a)
    page = client.get(page_url).content.decode()
    answer = client.get(api_url)
    assert "Crown assemblies" in page and two_holders.item_a.recordal.number in page and "Maison Lumière" in page
    assert [item["id"] for item in answer.json()["items"]] == [two_holders.item_a.pk]
    for text in (page, answer.content.decode()):
        for absent in ("Glowing dials", two_holders.item_b.recordal.number, "Nordic Timepieces", "9,100", "9100"):
            assert absent not in text, absent


def test_a_counter_guarantee_for_holder_b_goods_through_holder_a_link_is_refused(client, two_holders):
    link, token = two_holders.link_a, two_holders.token_a
    with pytest.raises(FieldErrors):
        services.consignee_counter_guarantee_request(
            public_id=link.public_id, token=token, device_secret=None, item_id=two_holders.item_b.pk
        )
    client.get(_urls(link, token)[0])
    url = reverse("confirmations:consignee-counter-guarantee", args=[link.public_id, token, two_holders.item_b.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not ConsigneeSubmission.objects.exists()


def test_an_explanation_about_holder_b_goods_through_holder_a_link_is_refused(two_holders):
    with pytest.raises(FieldErrors):
        services.consignee_explanation_submit(
            public_id=two_holders.link_a.public_id,
            token=two_holders.token_a,
            device_secret=None,
            item_id=two_holders.item_b.pk,
            text="These dials are ours.",
            documents=[],
        )
    assert not ConsigneeSubmission.objects.exists()


def test_holder_b_never_sees_the_explanation_sent_through_holder_a_link(cast, two_holders):
    services.consignee_explanation_submit(
        public_id=two_holders.link_a.public_id,
        token=two_holders.token_a,
        device_secret=None,
        item_id=two_holders.item_a.pk,
        text="Bought in good faith from Atelier Zed.",
        documents=[],
    )
    holder_b, holder_a, officer = Client(), Client(), Client()
    holder_b.force_login(cast.holder2_user)
    holder_a.force_login(cast.holder1_user)
    officer.force_login(cast.officer1)
    url = two_holders.case.get_absolute_url()
    assert "Atelier Zed" not in holder_b.get(url).content.decode()
    assert "Atelier Zed" in holder_a.get(url).content.decode()
    assert "Atelier Zed" in officer.get(url).content.decode()


def test_a_later_detention_of_another_holder_goods_issues_that_holder_a_link(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        crown = recordal_in_force(cast.holder1, title="Crown", right_type="invention_patent")
        dial = recordal_in_force(cast.holder2, title="Dial", right_type="invention_patent")
        case = file_case(cast.officer1, [item_input(crown), item_input(dial)])
        item_a, item_b = case.items.order_by("pk")
        link, _token = record_link(cast, case)
    assert (link.holder_id, link.issued_at) == (None, None)  # waiting: no goods detained yet
    with django_capture_on_commit_callbacks(execute=True):
        detain(cast.officer1, cast.holder2_user, item_b)
    link.refresh_from_db()
    assert link.holder_id == cast.holder2.pk and link.issued_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        detain(cast.officer1, cast.holder1_user, item_a)
    second, _ = holder_link(case, cast.holder1)
    assert second.pk != link.pk and second.notice_status == ConsigneeLink.Notice.SENT
    assert (second.name, second.email, second.language) == (link.name, link.email, link.language)
    issued = CaseEvent.objects.filter(case=case, action="consignee_link_issued").values_list("data__holder", flat=True)
    assert sorted(issued) == sorted([cast.holder1.pk, cast.holder2.pk])


def test_the_officer_panel_lists_the_links_per_holder(cast, two_holders):
    officer = Client()
    officer.force_login(cast.officer1)
    page = officer.get(two_holders.case.get_absolute_url()).content.decode()
    panel = page[page.index('id="consignee-title"') :]
    assert "Maison Lumière" in panel and "Nordic Timepieces" in panel
    assert panel.count(reverse("confirmations:consignee-revoke", args=[two_holders.link_a.pk])) == 1
    assert panel.count(reverse("confirmations:consignee-revoke", args=[two_holders.link_b.pk])) == 1


def test_the_migration_gives_existing_links_the_holder_of_their_first_detained_goods(two_holders):
    migration = importlib.import_module("confirmations.migrations.0016_consignee_link_per_holder")
    ConsigneeLink.objects.update(holder=None)
    migration.holder_of_first_detained_item(apps, None)
    holders = set(ConsigneeLink.objects.values_list("holder_id", flat=True))
    assert holders == {two_holders.item_a.holder_id}
    assert ConsigneeLink.objects.count() == 2  # every row is kept
