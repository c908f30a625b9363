"""Notices and e-mails speak the reader's language: titles rendered when read, labels and dates per language."""

import pytest
from django.urls import reverse
from django.utils import translation

from confirmations import services
from confirmations.tests.factories import file_case, item_input
from portal.notices.models import Delivery, Notice

# These tests assert calendar dates (deadlines, notice numbers, month names) of one known instant.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


@pytest.fixture(autouse=True)
def _english_afterwards():
    """Give the next test English back: a Chinese request leaves its language active in the thread."""
    with translation.override("en"):
        yield


def test_a_notice_title_is_rendered_in_the_language_of_whoever_reads_it(client, cast, recordals):
    file_case(cast.officer1, [item_input(recordals.lumiere, value="6000.00")])
    notice = Notice.objects.filter(recipient=cast.holder1_user).get()
    assert notice.template == "confirmations/emails/item_notice" and notice.title.startswith("Suspect goods")
    client.force_login(cast.holder1_user)
    client.cookies["django_language"] = "zh-hans"

    content = client.get(reverse("notices:list")).content.decode()

    assert "嫌疑货物" in content or "涉嫌侵权" in content
    assert "2026年3月13日 24:00" in content
    assert notice.title not in content


def test_an_old_notice_without_template_is_shown_as_it_was_written(client, cast):
    Notice.objects.create(recipient=cast.holder1_user, kind="item_notice", title="Suspect goods: written long ago")
    client.force_login(cast.holder1_user)
    client.cookies["django_language"] = "zh-hans"
    assert "Suspect goods: written long ago" in client.get(reverse("notices:list")).content.decode()


def test_an_email_to_a_chinese_reader_has_chinese_labels_dates_and_amounts(cast, recordals):
    cast.holder1_user.language = "zh-hans"
    cast.holder1_user.save(update_fields=["language"])
    with translation.override("en"):
        case = file_case(cast.officer1, [item_input(recordals.lumiere, value="6000.00")])
        item = case.items.get()
        services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="infringing", bond="case")
        services.item_case_bond_receive(officer=cast.officer1, item_id=item.pk)
        services.item_detain(officer=cast.officer1, item_id=item.pk)
    emails = Delivery.objects.filter(recipient=cast.holder1_user, channel=Delivery.Channel.EMAIL)
    bodies = "\n".join(subject + text for subject, text in emails.values_list("subject", "text_body"))
    assert "Detained" not in bodies and "Express" not in bodies
    assert "已扣留" in bodies
    assert "2026年3月13日 24:00" in bodies
    assert "6,000.00" in bodies
    assert "Nov." not in bodies and "Mar." not in bodies
