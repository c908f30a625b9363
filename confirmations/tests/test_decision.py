import threading
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from confirmations import services
from confirmations.models import CaseEvent, Item
from confirmations.tests.factories import GeneralBondFactory, file_case, item_input
from portal.errors import Refused
from portal.notices.models import Notice
from portal.workdays.calendar import local_date

pytestmark = pytest.mark.django_db


def test_holder_decides_infringing_with_a_case_bond(filed, cast, django_capture_on_commit_callbacks):
    _case, lumiere, _nordik = filed
    with django_capture_on_commit_callbacks(execute=True):
        item = services.item_decide(
            user=cast.holder1_user, item_id=lumiere.pk, decision="infringing", bond="case", comment="Fake dial"
        )
    assert item.status == Item.Status.INFRINGING
    assert item.bond_kind == "case" and item.bond_amount_cny == Decimal("1000.00")
    assert item.decided_by == cast.holder1_user
    assert CaseEvent.objects.filter(item=item, action="decided", to_status="infringing").exists()
    assert Notice.objects.filter(recipient=cast.officer1, kind="item_decided").exists()
    assert not Notice.objects.filter(recipient=cast.officer2, kind="item_decided").exists()


def test_holder_decides_not_infringing(filed, cast):
    _case, lumiere, _ = filed
    item = services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    assert item.status == Item.Status.NOT_INFRINGING and item.bond_kind == ""


def test_decision_is_final(filed, cast):
    _case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    with pytest.raises(services.Conflict, match="already decided by"):
        services.item_decide(user=cast.holder1b_user, item_id=lumiere.pk, decision="infringing", bond="case")


def test_holder_cannot_decide_another_holders_item(filed, cast):
    _case, _lumiere, nordik = filed
    with pytest.raises(PermissionDenied):
        services.item_decide(user=cast.holder1_user, item_id=nordik.pk, decision="not_infringing")


def test_agent_decides_for_its_holder(filed, cast):
    _case, lumiere, _ = filed
    item = services.item_decide(user=cast.agent_user, item_id=lumiere.pk, decision="not_infringing")
    assert item.decided_by == cast.agent_user


def test_agent_without_decision_power_cannot_decide(filed, cast):
    _case, lumiere, _ = filed
    cast.delegation.may_decide = False
    cast.delegation.save()
    with pytest.raises(PermissionDenied):
        services.item_decide(user=cast.agent_user, item_id=lumiere.pk, decision="not_infringing")


def test_holder_cannot_decide_after_deadline(filed, cast):
    _case, lumiere, _ = filed
    with time_machine.travel(lumiere.deadline + timedelta(seconds=1), tick=False):
        with pytest.raises(Refused, match="has passed"):
            services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    assert Item.objects.get(pk=lumiere.pk).status == Item.Status.PENDING


def test_general_bond_is_refused_without_a_confirmed_bond(filed, cast):
    _case, lumiere, _ = filed
    with pytest.raises(services.FieldErrors) as exc:
        services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="infringing", bond="general")
    assert "bond" in exc.value.errors


def test_decision_under_a_general_bond_records_the_bond(filed, cast):
    _case, lumiere, _ = filed
    year = local_date(lumiere.notified_at).year
    bond = GeneralBondFactory(
        holder=cast.holder1,
        reference="G1",
        amount_cny=Decimal("300000"),
        year=year,
        status="confirmed",
        submitted_by=cast.holder1_user,
    )
    item = services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="infringing", bond="general")
    assert item.general_bond == bond and item.bond_amount_cny is None
    assert item.bond_secured()


def test_patent_items_cannot_use_a_general_bond(cast, recordals):
    year = timezone.localdate().year
    GeneralBondFactory(
        holder=cast.holder1,
        reference="G1",
        amount_cny=Decimal("300000"),
        year=year,
        status="confirmed",
        submitted_by=cast.holder1_user,
    )
    item = file_case(cast.officer1, [item_input(recordals.patent)]).items.get()
    with pytest.raises(services.FieldErrors):
        services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="infringing", bond="general")


def test_bulk_decision_is_all_or_nothing(cast, recordals):
    case = file_case(
        cast.officer1, [item_input(recordals.lumiere), item_input(recordals.lumiere, description="Straps")]
    )
    first, second = case.items.order_by("pk")
    services.item_decide(user=cast.holder1b_user, item_id=second.pk, decision="not_infringing")
    with pytest.raises(Refused):
        services.items_decide_bulk(user=cast.holder1_user, item_ids=[first.pk, second.pk], decision="not_infringing")
    assert Item.objects.get(pk=first.pk).status == Item.Status.PENDING


def test_bulk_decision_decides_every_item(cast, recordals):
    case = file_case(
        cast.officer1, [item_input(recordals.lumiere, value="100"), item_input(recordals.lumiere, description="Straps")]
    )
    decided = services.items_decide_bulk(
        user=cast.holder1_user,
        item_ids=list(case.items.values_list("pk", flat=True)),
        decision="infringing",
        bond="case",
    )
    assert {i.status for i in decided} == {"infringing"}
    # One application for the shipment: the bond follows the tiers on the total (1,100 CNY), shared by both items.
    assert sorted(case.items.values_list("bond_amount_cny", flat=True)) == [Decimal("1100.00"), Decimal("1100.00")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_deciding_at_once_exactly_one_wins(cast, recordals):
    item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, decision):
        try:
            barrier.wait()
            services.item_decide(user=user, item_id=item.pk, decision=decision, bond="case")
            outcomes.append("won")
        except services.Conflict as exc:
            outcomes.append(f"conflict: {exc}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(cast.holder1_user, "infringing")),
        threading.Thread(target=decide, args=(cast.holder1b_user, "not_infringing")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "won"]
    assert CaseEvent.objects.filter(item=item, action="decided").count() == 1
