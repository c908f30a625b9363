from datetime import timedelta

import pytest
import time_machine

from confirmations import services, tasks
from confirmations.models import CaseEvent, Item
from portal.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_unanswered_item_is_released_at_the_deadline(filed, cast, django_capture_on_commit_callbacks):
    _case, lumiere, nordik = filed
    services.item_decide(user=cast.holder2_user, item_id=nordik.pk, decision="not_infringing")
    with time_machine.travel(lumiere.deadline, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert tasks.lapse_items() == 1
    item = Item.objects.get(pk=lumiere.pk)
    assert item.status == Item.Status.RELEASED and item.decision == Item.Decision.LAPSED
    lapse = CaseEvent.objects.get(item=item, action="lapsed")
    assert (lapse.from_status, lapse.to_status) == ("pending", "lapsed")
    assert lapse.reason == "no answer by the deadline"
    assert CaseEvent.objects.filter(item=item, action="released", from_status="lapsed").exists()
    assert Notice.objects.filter(recipient=cast.officer1, kind="item_update").exists()
    assert Notice.objects.filter(recipient=cast.holder1_user, kind="item_update").exists()
    assert Item.objects.get(pk=nordik.pk).status == Item.Status.NOT_INFRINGING


def test_item_is_not_released_before_the_deadline(filed):
    _case, lumiere, _ = filed
    with time_machine.travel(lumiere.deadline - timedelta(seconds=1), tick=False):
        assert services.items_lapse_due() == 0


def test_lapse_is_safe_to_run_twice_and_after_downtime(filed):
    _case, lumiere, _ = filed
    with time_machine.travel(lumiere.deadline + timedelta(days=5), tick=False):
        assert services.items_lapse_due() == 2
        assert services.items_lapse_due() == 0
    assert CaseEvent.objects.filter(item=lumiere, action="lapsed").count() == 1


def test_reminders_are_sent_once_each_at_24_and_2_hours(filed, cast):
    _case, lumiere, _ = filed
    with time_machine.travel(lumiere.deadline - timedelta(hours=30), tick=False):
        assert tasks.send_deadline_reminders() == 0
    with time_machine.travel(lumiere.deadline - timedelta(hours=23), tick=False):
        assert tasks.send_deadline_reminders() == 2
        assert tasks.send_deadline_reminders() == 0
    with time_machine.travel(lumiere.deadline - timedelta(hours=1), tick=False):
        assert tasks.send_deadline_reminders() == 2
        assert tasks.send_deadline_reminders() == 0
    reminders = Notice.objects.filter(recipient=cast.holder1_user, kind="deadline_reminder")
    assert reminders.count() == 2


def test_decided_items_get_no_reminder(filed, cast):
    _case, lumiere, nordik = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    with time_machine.travel(lumiere.deadline - timedelta(hours=1), tick=False):
        assert services.deadline_reminders_send() == 1
