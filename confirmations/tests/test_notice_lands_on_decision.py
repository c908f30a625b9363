"""A notice about goods to decide on links to the item page's decision form, shown right after the facts."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from confirmations import services
from portal.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_the_filing_notice_and_its_email_link_to_the_decision_form(filed, cast):
    _case, lumiere, _nordik = filed

    notice = Notice.objects.filter(recipient=cast.holder1_user, kind="item_notice").get()

    assert notice.link == f"/items/{lumiere.pk}/#decide"
    assert any(f"/items/{lumiere.pk}/#decide" in message.body for message in mail.outbox)


def test_the_deadline_reminder_links_to_the_decision_form(filed, cast, django_capture_on_commit_callbacks):
    _case, lumiere, _nordik = filed

    with time_machine.travel(lumiere.deadline - timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.deadline_reminders_send()

    reminder = Notice.objects.filter(recipient=cast.holder1_user, kind="deadline_reminder").get()
    assert reminder.link == f"/items/{lumiere.pk}/#decide"


def test_opening_the_notice_lands_on_the_decision_anchor(client, filed, cast):
    _case, lumiere, _nordik = filed
    notice = Notice.objects.filter(recipient=cast.holder1_user, kind="item_notice").get()
    client.force_login(cast.holder1_user)

    response = client.get(f"/notices/{notice.pk}/open/")

    assert response.status_code == 302 and response["Location"] == f"/items/{lumiere.pk}/#decide"


def test_the_item_page_carries_the_decision_target_before_the_photos(client, filed, cast):
    _case, lumiere, _nordik = filed
    client.force_login(cast.holder1_user)

    page = client.get(f"/items/{lumiere.pk}/").content.decode()

    assert 'id="decide"' in page
    assert page.index('id="decide"') < page.index('id="suspect-title"')


def test_a_holder_who_may_not_decide_gets_no_decision_target(client, filed, cast):
    _case, lumiere, _nordik = filed
    client.force_login(cast.officer1)

    assert 'id="decide"' not in client.get(f"/items/{lumiere.pk}/").content.decode()
