import pytest

from portal.notices.rendering import render_message
from recordals.tests.factories import approved_recordal

pytestmark = pytest.mark.django_db

TYPED = '<img src=x onerror="alert(1)"> Tom & Jerry'


@pytest.mark.parametrize(
    ("template", "extra"),
    [("recordals/emails/recordal_decided", {"decision": "approved"}), ("recordals/emails/expiry_reminder", {})],
)
def test_html_email_escapes_a_typed_recordal_title_the_text_shows_it_as_typed(cast, template, extra):
    recordal = approved_recordal(holder=cast.holder1, title=TYPED)
    context = {"recordal": recordal, "recipient": cast.holder1_user, "link": "https://x/", **extra}

    _subject, text, html = render_message(template=template, context=context, language="en")

    assert TYPED in text
    assert "<img" not in html and "&lt;img src=x" in html and "Tom &amp; Jerry" in html
