"""Every sweep is set-based: a fixed number of queries per batch, whatever the number of items, cases and
holders; notices reach every person in their language; overlapping lapse sweeps share the work."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction

from confirmations import services
from confirmations.evidence_check import evidence_check
from confirmations.models import Case, CaseEvent, Item
from confirmations.services import lapse
from confirmations.tests.factories import file_case, item_input
from portal.notices import tasks as notice_tasks
from portal.notices.models import Delivery, Notice

pytestmark = pytest.mark.django_db


def _file(cast, recordals, cases: int, items_per_case: int) -> list[Case]:
    """File cases alternating between the two holders (the first has an agent firm deciding for it)."""
    return [
        file_case(
            cast.officer1 if n % 2 else cast.officer2,
            [
                item_input(recordals.lumiere if (n + k) % 2 else recordals.nordik, description=f"Goods {n}-{k}")
                for k in range(items_per_case)
            ],
            waybill_number=f"EX{n:09d}CN",
        )
        for n in range(cases)
    ]


def _last_deadline():
    return Item.objects.order_by("-deadline").values_list("deadline", flat=True).first()


# The notices of batches whose task was lost, then one batch (the claim, the cases closed, the chain heads, the
# events, the heads moved, within its savepoint), then the claim that finds none.
LAPSE_QUERIES = 1 + (5 + 2) + 3
# A batch's notices: its items locked and loaded, the agents, the people, the webhook endpoints, the notices, the
# deliveries, the items' mark cleared, within its savepoint.
NOTICE_QUERIES = 7 + 2


def _tokens() -> list[str]:
    return sorted(set(Item.objects.exclude(sweep_claim="").values_list("sweep_claim", flat=True)))


def test_lapse_sweep_runs_the_same_queries_for_one_item_as_for_thirty(cast, recordals, django_assert_num_queries):
    _file(cast, recordals, 1, 1)
    with time_machine.travel(_last_deadline() + timedelta(minutes=1), tick=False):
        with django_assert_num_queries(LAPSE_QUERIES):
            assert services.items_lapse_due() == 1
    (token,) = _tokens()
    with django_assert_num_queries(NOTICE_QUERIES):
        assert services.lapsed_notify(token=token) == 1
    _file(cast, recordals, 10, 3)
    with time_machine.travel(_last_deadline() + timedelta(minutes=1), tick=False):
        with django_assert_num_queries(LAPSE_QUERIES):
            assert services.items_lapse_due() == 30
    (token,) = _tokens()
    with django_assert_num_queries(NOTICE_QUERIES):
        assert services.lapsed_notify(token=token) == 30
    assert _tokens() == []
    assert evidence_check().problems == []


def test_notices_of_a_batch_whose_task_was_lost_are_written_by_a_later_sweep_once(cast, recordals):
    _file(cast, recordals, 2, 2)
    moment = _last_deadline() + timedelta(minutes=1)
    Notice.objects.all().delete()
    assert services.items_lapse_due(now=moment) == 4
    assert Notice.objects.count() == 0 and len(_tokens()) == 1
    assert services.items_lapse_due(now=moment + timedelta(minutes=1)) == 0
    assert Notice.objects.count() == 0, "the batch's own task may still be on its way"
    assert services.items_lapse_due(now=moment + timedelta(minutes=3)) == 0
    assert Notice.objects.filter(recipient=cast.holder1_user).count() == 1
    assert _tokens() == []
    assert services.lapsed_notify(token="lapsed:written") == 0
    assert Notice.objects.filter(recipient=cast.holder1_user).count() == 1


def test_lapse_sweep_tells_every_person_in_their_language(
    cast, recordals, settings, django_capture_on_commit_callbacks
):
    services.webhook_add(user=cast.holder2_user, url="https://hooks.nordic.example/in")
    cast.holder2_user.language = "zh-hans"
    cast.holder2_user.save(update_fields=["language"])
    _file(cast, recordals, 3, 2)
    Notice.objects.all().delete()
    Delivery.objects.all().delete()
    with time_machine.travel(_last_deadline() + timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.items_lapse_due() == 6
    told = dict(Notice.objects.values_list("recipient__username", "title"))
    assert set(told) == {"t-holder1", "t-holder1b", "t-agent1", "t-holder2", "t-officer1", "t-officer2"}
    assert told["t-holder1"].startswith("3 suspect items released")
    assert told["t-agent1"] == told["t-holder1"]
    assert "项嫌疑货物已放行" in told["t-holder2"]
    emails = Delivery.objects.filter(channel="email")
    assert emails.count() == 6 and set(emails.values_list("status", flat=True)) == {"sent"}
    hooks = Delivery.objects.filter(channel="webhook")
    assert sorted(hook.payload["link"] for hook in hooks) == sorted(
        f"{settings.SITE_URL}{item.get_absolute_url()}" for item in Item.objects.filter(holder=cast.holder2)
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_lapse_sweeps_share_the_work_and_release_each_item_once(cast, recordals, monkeypatch):
    _file(cast, recordals, 6, 2)
    moment = _last_deadline() + timedelta(minutes=1)
    inside_first_batch, second_done = threading.Event(), threading.Event()
    record = lapse.events_record_bulk
    counts, errors = {}, []

    def pausing_record(**kwargs):
        record(**kwargs)
        if threading.current_thread().name == "first" and not inside_first_batch.is_set():
            inside_first_batch.set()
            second_done.wait(timeout=20)

    monkeypatch.setattr(lapse, "events_record_bulk", pausing_record)

    def sweep(name: str, batch: int):
        try:
            if name == "second":
                inside_first_batch.wait(timeout=20)
            counts[name] = services.items_lapse_due(now=moment, batch=batch)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            if name == "second":
                second_done.set()
            connection.close()

    threads = [threading.Thread(target=sweep, args=(name, 2), name=name) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert counts["second"] > 0, "the second sweep released the cases the first did not hold"
    assert counts["first"] + counts["second"] == 12
    assert services.items_lapse_due(now=moment) == 0
    for action in ("lapsed", "released"):
        per_item = CaseEvent.objects.filter(action=action).values_list("item_id", flat=True)
        assert sorted(per_item) == sorted(Item.objects.values_list("pk", flat=True))
    assert CaseEvent.objects.filter(action="case_closed").count() == 6
    assert evidence_check().problems == []
    assert _tokens() == [], "every batch's notices were written"
    told = set(Notice.objects.filter(kind="item_update").values_list("recipient__username", flat=True))
    assert {"t-officer1", "t-officer2", "t-holder1", "t-agent1", "t-holder2"} <= told


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_lapse_sweep_skips_a_case_an_officer_holds_and_releases_it_next_time(cast, recordals):
    held, free = _file(cast, recordals, 2, 1)
    moment = _last_deadline() + timedelta(minutes=1)
    locked, done = threading.Event(), threading.Event()

    def officer_holds_the_case():
        try:
            with transaction.atomic():
                list(Case.objects.select_for_update().filter(pk=held.pk))
                locked.set()
                done.wait(timeout=20)
        finally:
            connection.close()

    thread = threading.Thread(target=officer_holds_the_case)
    thread.start()
    locked.wait(timeout=20)
    assert services.items_lapse_due(now=moment) == 1
    done.set()
    thread.join(timeout=30)
    assert free.items.get().status == Item.Status.RELEASED
    assert held.items.get().status == Item.Status.PENDING
    assert services.items_lapse_due(now=moment) == 1
    assert evidence_check().problems == []


def test_deadline_reminders_run_the_same_queries_for_one_item_as_for_twelve(cast, recordals, django_assert_num_queries):
    # The kind due: one batch (the due items, the cases locked, the claim, the load, the cases locked for the
    # events, the heads, the events, the heads moved, the agents, the people, the endpoints, the notices, the
    # deliveries, within its savepoint), then the query that finds none left; the other kind: that query alone.
    expected = (13 + 2) + 3 + 3
    _file(cast, recordals, 1, 1)
    with time_machine.travel(_last_deadline() - timedelta(hours=1), tick=False):
        with django_assert_num_queries(expected):
            assert services.deadline_reminders_send() == 1
    _file(cast, recordals, 4, 3)
    with time_machine.travel(_last_deadline() - timedelta(hours=23), tick=False):
        with django_assert_num_queries(expected):
            assert services.deadline_reminders_send() == 12
    assert Notice.objects.filter(kind="deadline_reminder", recipient=cast.agent_user).exists()


def test_a_batch_of_deliveries_is_handed_to_the_queue_in_one_publish(cast, monkeypatch):
    published = []
    monkeypatch.setattr(notice_tasks.hand_out, "delay", published.append)
    rows = _many_deliveries(cast)
    notice_tasks.queue_deliveries([row.pk for row in rows])
    assert published == [[row.pk for row in rows]]
    assert Delivery.objects.filter(handed_out_at__isnull=True).count() == 0


def test_the_hand_out_task_publishes_the_send_tasks_of_what_is_still_to_send(cast, monkeypatch):
    sent = []
    monkeypatch.setattr(notice_tasks.deliver_batch, "delay", sent.append)
    rows = _many_deliveries(cast)
    Delivery.objects.filter(pk=rows[0].pk).update(status=Delivery.Status.SENT)
    assert notice_tasks.hand_out([row.pk for row in rows]) == len(rows) - 1
    assert [len(ids) for ids in sent] == [notice_tasks.BATCH] * notice_tasks.FAN_OUT


def test_a_batch_the_queue_refuses_is_left_for_the_periodic_sweep(cast, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(notice_tasks.hand_out, "delay", broker_down)
    rows = _many_deliveries(cast)
    notice_tasks.queue_deliveries([row.pk for row in rows])
    assert Delivery.objects.filter(handed_out_at__isnull=True).count() == len(rows)


def _many_deliveries(cast) -> list[Delivery]:
    """More e-mails than the send tasks a caller publishes itself (``FAN_OUT`` batches of ``BATCH``)."""
    count = notice_tasks.BATCH * notice_tasks.FAN_OUT + 1
    return Delivery.objects.bulk_create(
        [Delivery(channel="email", kind="k", recipient=cast.holder1_user) for _ in range(count)]
    )


def _detained(cast, recordals, count: int) -> list[Item]:
    """Detained goods whose investigation found no infringement, each in its own case."""
    items = []
    for case in _file(cast, recordals, count, 1):
        item = case.items.get()
        user = cast.holder1_user if item.holder_id == cast.holder1.pk else cast.holder2_user
        services.item_decide(user=user, item_id=item.pk, decision="infringing", bond="case")
        services.item_case_bond_receive(officer=case.filed_by, item_id=item.pk)
        services.item_detain(officer=case.filed_by, item_id=item.pk)
        services.item_investigation_record(officer=case.filed_by, item_id=item.pk, result="not_confirmed")
        items.append(Item.objects.get(pk=item.pk))
    return items


# One batch: the due items, the cases locked, the claim, the load, the cases locked for the events, the heads, the
# events, the heads moved, the agents, the people, the endpoints, the notices, the deliveries, the cases closed
# (found, closed, locked for their events, heads, events, heads moved), within its savepoint; then the query
# that finds none.
RELEASE_QUERIES = 19 + 2 + 3


@pytest.mark.parametrize("count", [1, 4])
def test_release_without_a_court_notice_runs_the_same_queries_whatever_the_number(
    cast, recordals, count, django_assert_num_queries
):
    items = _detained(cast, recordals, count)
    moment = max(item.release_due for item in items)
    Notice.objects.all().delete()
    with django_assert_num_queries(RELEASE_QUERIES):
        assert services.items_release_without_court_notice(now=moment) == count
    assert set(Item.objects.values_list("status", flat=True)) == {"released"}
    told = set(Notice.objects.values_list("recipient__username", flat=True))
    if count == 1:
        assert told == {"t-holder2", "t-officer2"}
    else:
        assert told == {"t-holder1", "t-holder1b", "t-agent1", "t-holder2", "t-officer1", "t-officer2"}
    assert evidence_check().problems == []
