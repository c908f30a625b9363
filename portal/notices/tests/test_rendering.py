"""A notice is rendered once per language when it names its reader only in the greeting, else once per reader."""

import pytest
from django.conf import settings

from portal.notices import services
from portal.notices.models import Delivery, Notice
from portal.notices.rendering import render_message
from portal.tests.factories import HolderFactory, member_of

pytestmark = pytest.mark.django_db

GREETING = "{% load i18n %}{% blocktranslate with name=recipient.get_full_name|default:recipient.username %}"


@pytest.fixture
def templates(settings, tmp_path):
    folder = tmp_path / "templates" / "notices" / "tests"
    greeting = GREETING + "Dear {{ name }},{% endblocktranslate %}"
    for name, text, html in (
        ("greets", greeting + " {{ link }}", f"<p>{greeting}</p>"),
        ("uses_email", "To {{ recipient.email }}", "<p>To {{ recipient.email }}</p>"),
    ):
        (folder / f"{name}_subject.txt").write_text("{% load i18n %}{% translate 'Suspect goods' %}")
        (folder / f"{name}_body.txt").write_text(text)
        (folder / f"{name}_body.html").write_text(html)
    return folder


@pytest.fixture
def renders(monkeypatch):
    languages = []

    def counted(**kwargs):
        languages.append(kwargs["language"])
        return render_message(**kwargs)

    monkeypatch.setattr(services, "render_message", counted)
    return languages


def _readers():
    holder = HolderFactory()
    return [
        member_of(holder, first_name="Ann", last_name="O'Neil & <Co>"),
        member_of(holder, first_name="", last_name=""),
        member_of(holder, first_name="Wei", language="zh-hans"),
        member_of(holder, first_name="Li", language="zh-hans"),
    ]


def _send(users, template):
    return services.notice_send(recipients=users, kind="test_notice", template=template, context={}, link="/x/")


def test_a_greeting_by_name_is_rendered_once_per_language_and_each_reader_reads_their_own(templates, renders):
    users = _readers()
    deliveries = {d.recipient_id: d for d in _send(users, "notices/tests/greets")}
    assert sorted(renders) == ["en", "zh-hans"]
    for user in users:
        alone = render_message(
            template="notices/tests/greets",
            context={"link": f"{settings.SITE_URL}/x/", "recipient": user},
            language=user.language,
        )
        delivery = deliveries[user.pk]
        assert (delivery.subject, delivery.text_body, delivery.html_body) == alone
    assert "O&#x27;Neil &amp; &lt;Co&gt;" in deliveries[users[0].pk].html_body
    assert users[1].username in deliveries[users[1].pk].text_body
    recipient = Notice.objects.get(recipient=users[2]).params["recipient"]
    assert recipient == {"__model__": "accounts.user", "pk": users[2].pk}


def test_a_template_that_uses_more_of_the_reader_is_rendered_for_each(templates, renders):
    users = _readers()
    _send(users, "notices/tests/uses_email")
    assert len(renders) == 4
    for user in users:
        assert Delivery.objects.get(recipient=user).text_body == f"To {user.email}"
