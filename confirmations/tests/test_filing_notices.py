"""A filed case's notices: rendered once per language, each e-mail greeting its reader, handed out in one task."""

import pytest
from django.conf import settings

from confirmations.services.notify import _item_context, decision_link
from confirmations.tests.factories import file_case, item_input
from portal.celery import app
from portal.notices import services as notice_services
from portal.notices import tasks as notice_tasks
from portal.notices.models import Delivery, WebhookEndpoint
from portal.notices.rendering import render_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """Record every task published for the deliveries instead of sending it: (task name, delivery ids)."""
    sent = []
    for task in (
        notice_tasks.deliver,
        notice_tasks.deliver_webhook,
        notice_tasks.deliver_batch,
        notice_tasks.deliver_webhook_batch,
    ):
        monkeypatch.setattr(task, "delay", lambda ids, name=task.name: sent.append((name, ids)))
    return sent


def _three_items(cast, recordals):
    return [
        item_input(recordals.lumiere, description="Watches"),
        item_input(recordals.nordik, description="Straps"),
        item_input(recordals.lumiere, description="Bags"),
    ]


def test_a_case_hands_all_its_emails_to_the_worker_in_one_task(
    cast, recordals, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_case(cast.officer1, _three_items(cast, recordals))
    emails = Delivery.objects.filter(channel="email")
    # LUMIÈRE's two items reach holder1's two members and its agent; NORDIK's reaches holder2's member.
    assert emails.count() == 2 * 3 + 1
    assert [name for name, _ids in published] == ["notices.deliver_batch"]
    assert sorted(published[0][1]) == sorted(emails.values_list("pk", flat=True))
    assert not emails.filter(handed_out_at__isnull=True).exists()


def test_webhooks_go_in_one_task_per_endpoint_on_their_own_queue(
    cast, recordals, published, django_capture_on_commit_callbacks
):
    for holder in (cast.holder1, cast.holder2):
        WebhookEndpoint.objects.create(organization=holder, url=f"https://hooks.example/{holder.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        file_case(cast.officer1, _three_items(cast, recordals))
    assert sorted(name for name, _ids in published) == [
        "notices.deliver_batch",
        "notices.deliver_webhook_batch",
        "notices.deliver_webhook_batch",
    ]
    hooks = {tuple(sorted(ids)) for name, ids in published if name == "notices.deliver_webhook_batch"}
    assert hooks == {
        tuple(sorted(Delivery.objects.filter(endpoint__organization=holder).values_list("pk", flat=True)))
        for holder in (cast.holder1, cast.holder2)
    }
    assert app.amqp.router.route({}, "notices.deliver_webhook_batch")["queue"].name == "webhooks"


def test_each_email_of_the_batch_is_sent(cast, recordals, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        file_case(cast.officer1, _three_items(cast, recordals))
    assert set(Delivery.objects.filter(channel="email").values_list("status", flat=True)) == {"sent"}
    assert len(mailoutbox) == 7


def test_item_notice_is_rendered_once_per_language_and_greets_each_reader_by_name(
    cast, recordals, monkeypatch, django_capture_on_commit_callbacks
):
    cast.holder1_user.first_name, cast.holder1_user.last_name = "Zoë", "O'Brien <b>"
    cast.holder1_user.save()
    cast.holder1b_user.first_name, cast.holder1b_user.language = "李四", "zh-hans"
    cast.holder1b_user.save()
    cast.agent_user.first_name = cast.agent_user.last_name = ""
    cast.agent_user.save()
    renders = []

    def counted(**kwargs):
        renders.append(kwargs["language"])
        return render_message(**kwargs)

    monkeypatch.setattr(notice_services, "render_message", counted)
    with django_capture_on_commit_callbacks(execute=False):
        case = file_case(cast.officer1, [item_input(recordals.lumiere)])
    assert sorted(renders) == sorted({cast.holder1_user.language, "zh-hans"})
    item = case.items.get()
    context = {**_item_context(item), "link": f"{settings.SITE_URL}{decision_link(item)}"}
    for user in (cast.holder1_user, cast.holder1b_user, cast.agent_user):
        delivery = Delivery.objects.get(recipient=user)
        alone = render_message(
            template="confirmations/emails/item_notice", context={**context, "recipient": user}, language=user.language
        )
        assert (delivery.subject, delivery.text_body, delivery.html_body) == alone
    assert "O&#x27;Brien &lt;b&gt;" in Delivery.objects.get(recipient=cast.holder1_user).html_body
    assert cast.agent_user.username in Delivery.objects.get(recipient=cast.agent_user).text_body
