"""Plain-text e-mails and notice titles carry typed text as typed: no HTML entities for & or '."""

import pytest
from django.core import mail

from confirmations import services
from confirmations.tests.factories import file_case, item_input
from portal.notices.models import Notice

pytestmark = pytest.mark.django_db
TYPED = "Tom & Jerry's <watch> boxes"


def test_the_notice_and_its_text_email_show_a_description_with_ampersand_and_apostrophe_as_typed(
    cast, recordals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_case(cast.officer1, [item_input(recordals.lumiere, description=TYPED)])
    message = next(m for m in mail.outbox if m.to == [cast.holder1_user.email])
    assert TYPED in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    html, _mimetype = message.alternatives[0]
    assert "Tom &amp; Jerry&#x27;s &lt;watch&gt; boxes" in html


def test_an_update_notice_title_and_page_show_the_message_once_escaped(cast, recordals, client):
    item = file_case(cast.officer1, [item_input(recordals.lumiere, description=TYPED)]).items.get()
    services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="not_infringing", comment="Genuine")
    services.item_release(officer=cast.officer1, item_id=item.pk, reason="Holder's answer")
    notice = Notice.objects.filter(recipient=cast.holder1_user, kind="item_update").latest("pk")
    assert "&#x27;" not in notice.title_now() and "&#x27;" not in notice.body
    client.force_login(cast.holder1_user)
    page = client.get("/notices/").content.decode()
    assert "&amp;#x27;" not in page and "&amp;amp;" not in page
