"""The set-based lapse sweep: batches, chains intact, bulk notices, overlapping sweeps, query counts."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction

from confirmations import services
from confirmations.evidence_check import evidence_check
from confirmations.models import Case, CaseEvent, Item
from confirmations.tests.factories import file_case, item_input
from portal.notices.models import Delivery, Notice

pytestmark = pytest.mark.django_db


def _file_cases(cast, recordals, count: int, items_per_case: int = 2) -> list[Case]:
    return [
        file_case(
            cast.officer1,
            [item_input(recordals.lumiere, description=f"Watches {k}") for k in range(items_per_case)],
            waybill_number=f"EX{n:09d}CN",
        )
        for n in range(count)
    ]


def _deadline() -> object:
    return Item.objects.order_by("-deadline").values_list("deadline", flat=True).first()


def test_sweep_in_small_batches_releases_every_item_once_with_each_chain_intact(cast, recordals):
    cases = _file_cases(cast, recordals, 3, items_per_case=3)
    with time_machine.travel(_deadline() + timedelta(minutes=1), tick=False):
        assert services.items_lapse_due(batch=2) == 9
        assert services.items_lapse_due(batch=2) == 0
    assert set(Item.objects.values_list("status", "decision").distinct()) == {("released", "lapsed")}
    assert CaseEvent.objects.filter(action="lapsed").count() == 9
    assert CaseEvent.objects.filter(action="released", from_status="lapsed").count() == 9
    assert set(Case.objects.values_list("status", flat=True)) == {"closed"}
    for case in cases:
        actions = list(case.events.order_by("seq").values_list("action", flat=True))
        assert actions[-1] == "case_closed" and actions.count("case_closed") == 1
        assert list(case.events.order_by("seq").values_list("seq", flat=True)) == list(range(1, len(actions) + 1))
    report = evidence_check()
    assert report.problems == []


def test_sweep_sends_one_digest_per_person_and_one_webhook_per_item(
    cast, recordals, django_capture_on_commit_callbacks
):
    services.webhook_add(user=cast.holder1_user, url="https://hooks.lumiere.example/in")
    _file_cases(cast, recordals, 2, items_per_case=2)
    Notice.objects.all().delete()
    Delivery.objects.all().delete()
    with time_machine.travel(_deadline() + timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.items_lapse_due() == 4
    holder_notice = Notice.objects.get(recipient=cast.holder1_user)
    assert holder_notice.kind == "item_update"
    assert "4 suspect items released" in holder_notice.title
    assert Notice.objects.filter(recipient=cast.officer1).count() == 1
    assert Delivery.objects.filter(channel="webhook").count() == 4
    assert {d.payload["change"] for d in Delivery.objects.filter(channel="webhook")} == {"released"}


def test_sweep_queries_do_not_grow_with_the_number_of_items(cast, recordals, django_assert_num_queries):
    # The notices of batches whose task was lost; one batch: claim (released as lapsed), close cases, heads,
    # events, heads moved, within its savepoint; then the empty claim that ends the run. (Each batch's notices
    # are written by its own task, after the commit.)
    expected = 11
    _file_cases(cast, recordals, 2, items_per_case=2)
    with time_machine.travel(_deadline() + timedelta(minutes=1), tick=False):
        with django_assert_num_queries(expected):
            assert services.items_lapse_due() == 4
    _file_cases(cast, recordals, 6, items_per_case=3)
    with time_machine.travel(_deadline() + timedelta(minutes=1), tick=False):
        with django_assert_num_queries(expected):
            assert services.items_lapse_due() == 18


def test_an_answered_item_is_not_released_by_the_sweep(filed, cast):
    _case, lumiere, nordik = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    with time_machine.travel(lumiere.deadline + timedelta(minutes=1), tick=False):
        assert services.items_lapse_due() == 1
    assert Item.objects.get(pk=lumiere.pk).status == Item.Status.NOT_INFRINGING
    assert Item.objects.get(pk=nordik.pk).status == Item.Status.RELEASED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_sweeps_release_each_item_once_and_never_wait_on_each_other(cast, recordals):
    _file_cases(cast, recordals, 4, items_per_case=2)
    moment = _deadline() + timedelta(minutes=1)
    first_holds_its_batch, second_done = threading.Event(), threading.Event()
    counts = {}

    def first_sweep():
        try:
            with transaction.atomic():
                counts["first"] = services.items_lapse_due(now=moment, batch=4)
                first_holds_its_batch.set()
                second_done.wait(timeout=20)
        finally:
            connection.close()

    def second_sweep():
        try:
            first_holds_its_batch.wait(timeout=20)
            counts["second"] = services.items_lapse_due(now=moment, batch=4)
        finally:
            second_done.set()
            connection.close()

    threads = [threading.Thread(target=first_sweep), threading.Thread(target=second_sweep)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert counts == {"first": 8, "second": 0}
    assert services.items_lapse_due(now=moment) == 0
    assert CaseEvent.objects.filter(action="lapsed").count() == 8
    assert evidence_check().problems == []
