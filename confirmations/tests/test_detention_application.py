"""The detention application: one per holder and shipment, its bond on the total, its deadline and withdrawal."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from confirmations import services
from confirmations.evidence_check import chain_verify
from confirmations.models import BondInstructions, CaseEvent, DetentionApplication, GeneralBond, Item
from confirmations.tests.factories import GeneralBondFactory, file_case, item_input
from portal.errors import Refused
from portal.notices.models import Notice

# These tests assert calendar dates (deadlines, notice numbers, month names) of one known instant.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")]


def _decide(user, item, bond="case"):
    return services.item_decide(user=user, item_id=item.pk, decision="infringing", bond=bond)


def _two_items(cast, recordal, first, second, **fields):
    case = file_case(
        cast.officer1,
        [item_input(recordal, value=first), item_input(recordal, value=second, description="Straps")],
        **fields,
    )
    return case, *case.items.order_by("pk")


def _general_bond(cast):
    return GeneralBondFactory(
        holder=cast.holder1,
        bank="Bank of Lyon",
        reference="G-2026",
        status=GeneralBond.Status.CONFIRMED,
        submitted_by=cast.holder1_user,
    )


def test_two_items_of_150000_form_one_application_with_a_bond_of_100000(cast, recordals):
    case, first, second = _two_items(cast, recordals.lumiere, "150000.00", "150000.00")
    _decide(cast.holder1_user, first)
    application = DetentionApplication.objects.get(case=case, holder=cast.holder1)
    assert application.bond_amount_cny == Decimal("75000.00")
    _decide(cast.holder1_user, second)
    application.refresh_from_db()
    assert DetentionApplication.objects.filter(case=case).count() == 1
    assert application.value_cny == Decimal("300000.00")
    assert application.bond_amount_cny == Decimal("100000.00")
    assert set(case.items.values_list("application_id", "bond_amount_cny")) == {(application.pk, Decimal("100000.00"))}


def test_15000_and_10000_give_one_bond_of_20000(cast, recordals):
    case, first, second = _two_items(cast, recordals.lumiere, "15000.00", "10000.00")
    _decide(cast.holder1_user, first)
    assert DetentionApplication.objects.get().bond_amount_cny == Decimal("15000.00")
    _decide(cast.holder1_user, second)
    application = DetentionApplication.objects.get()
    assert (application.value_cny, application.bond_amount_cny) == (Decimal("25000.00"), Decimal("20000.00"))


def test_bulk_decision_makes_one_application_on_the_total(cast, recordals):
    case, first, second = _two_items(cast, recordals.lumiere, "150000.00", "150000.00")
    services.items_decide_bulk(
        user=cast.holder1_user, item_ids=[first.pk, second.pk], decision="infringing", bond="case"
    )
    assert DetentionApplication.objects.get(case=case).bond_amount_cny == Decimal("100000.00")


def test_each_holder_of_a_shipment_has_its_own_application(cast, filed):
    case, lumiere, nordik = filed
    _decide(cast.holder1_user, lumiere)
    _decide(cast.holder2_user, nordik)
    assert sorted(DetentionApplication.objects.values_list("holder_id", flat=True)) == sorted(
        [cast.holder1.pk, cast.holder2.pk]
    )


def test_bond_due_is_the_holders_reply_deadline(cast, filed):
    _case, lumiere, _nordik = filed
    _decide(cast.holder1_user, lumiere)
    application = DetentionApplication.objects.get()
    assert application.bond_due == lumiere.deadline
    assert application.bond_due_date().isoformat() == "2026-03-13"
    assert application.status == DetentionApplication.Status.AWAITING_BOND


def test_general_bond_covers_a_trademark_only_application(cast, recordals):
    bond = _general_bond(cast)
    case, first, second = _two_items(cast, recordals.lumiere, "150000.00", "150000.00")
    _decide(cast.holder1_user, first, bond="general")
    _decide(cast.holder1_user, second, bond="general")
    application = DetentionApplication.objects.get()
    assert (application.bond_kind, application.general_bond, application.status) == ("general", bond, "secured")
    assert application.bond_amount_cny is None
    services.item_detain(officer=cast.officer1, item_id=first.pk)


def test_general_bond_is_refused_for_an_application_with_a_patent_item_and_says_why(cast, recordals):
    _general_bond(cast)
    case = file_case(cast.officer1, [item_input(recordals.lumiere), item_input(recordals.patent)])
    mark, patent = case.items.order_by("pk")
    _decide(cast.holder1_user, mark, bond="general")
    with pytest.raises(services.FieldErrors) as refused:
        _decide(cast.holder1_user, patent, bond="general")
    assert "trademark applications only" in str(refused.value.errors["bond"][0])
    with pytest.raises(services.FieldErrors) as refused:
        _decide(cast.holder1_user, patent, bond="case")
    assert "shares that bond" in str(refused.value.errors["bond"][0])
    assert Item.objects.get(pk=patent.pk).status == Item.Status.PENDING


def _awaiting(cast, filed):
    _case, lumiere, _nordik = filed
    _decide(cast.holder1_user, lumiere)
    return DetentionApplication.objects.get(), lumiere


def test_bond_received_one_second_before_the_deadline_is_recorded(cast, filed):
    application, lumiere = _awaiting(cast, filed)
    with time_machine.travel(application.bond_due - timedelta(seconds=1), tick=False):
        services.application_bond_receive(officer=cast.officer1, application_id=application.pk)
        services.item_detain(officer=cast.officer1, item_id=lumiere.pk)
    application.refresh_from_db()
    assert application.status == "secured"
    assert Item.objects.get(pk=lumiere.pk).status == Item.Status.DETAINED


def test_bond_received_one_second_after_the_deadline_is_refused(cast, filed):
    application, lumiere = _awaiting(cast, filed)
    with time_machine.travel(application.bond_due + timedelta(seconds=1), tick=False):
        with pytest.raises(Refused, match="after its deadline"):
            services.application_bond_receive(officer=cast.officer1, application_id=application.pk)
        with pytest.raises(Refused):
            services.item_case_bond_receive(officer=cast.officer1, item_id=lumiere.pk)
    assert DetentionApplication.objects.get().bond_received_at is None


def test_bond_lapse_releases_once_even_when_the_sweep_runs_twice_after_downtime(
    cast, filed, django_capture_on_commit_callbacks
):
    application, lumiere = _awaiting(cast, filed)
    assert services.applications_lapse_due(now=application.bond_due - timedelta(seconds=1)) == 0
    later = application.bond_due + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.applications_lapse_due(now=later) == 1
        assert services.applications_lapse_due(now=later) == 0
    item = Item.objects.get(pk=lumiere.pk)
    assert (item.status, item.release_reason) == (Item.Status.RELEASED, "bond not provided in time")
    assert DetentionApplication.objects.get().status == "lapsed"
    assert CaseEvent.objects.filter(item=item, action="application_lapsed").count() == 1
    told = set(Notice.objects.filter(body__contains="bond not provided in time").values_list("recipient", flat=True))
    assert {cast.holder1_user.pk, cast.officer1.pk} <= told
    assert chain_verify(item.case_id) is None


def test_two_overlapping_bond_sweeps_claim_each_application_once(cast, recordals):
    cases = [file_case(cast.officer1, [item_input(recordals.lumiere)], waybill_number=f"W{n}") for n in range(3)]
    for case in cases:
        _decide(cast.holder1_user, case.items.get())
    due = DetentionApplication.objects.first().bond_due
    first = services.applications_lapse_due(now=due, batch=2)
    second = services.applications_lapse_due(now=due, batch=2)
    assert (first, second) == (3, 0)
    assert CaseEvent.objects.filter(action="application_lapsed").count() == 3


def test_a_secured_application_is_never_lapsed(cast, filed):
    application, _lumiere = _awaiting(cast, filed)
    services.application_bond_receive(officer=cast.officer1, application_id=application.pk)
    assert services.applications_lapse_due(now=application.bond_due + timedelta(days=1)) == 0


def test_withdrawal_before_the_determination_releases_the_goods(cast, filed):
    application, lumiere = _awaiting(cast, filed)
    services.application_bond_receive(officer=cast.officer1, application_id=application.pk)
    services.item_detain(officer=cast.officer1, item_id=lumiere.pk)
    services.application_withdraw(user=cast.holder1_user, application_id=application.pk, reason="settled")
    item = Item.objects.get(pk=lumiere.pk)
    assert item.status == Item.Status.RELEASED
    assert DetentionApplication.objects.get().status == "withdrawn"
    event = CaseEvent.objects.get(item=item, action="application_withdrawn")
    assert (event.from_status, event.to_status, event.reason) == ("detained", "released", "settled")


def test_withdrawal_after_the_determination_is_refused(cast, filed):
    application, lumiere = _awaiting(cast, filed)
    services.application_bond_receive(officer=cast.officer1, application_id=application.pk)
    services.item_detain(officer=cast.officer1, item_id=lumiere.pk)
    services.item_investigation_record(officer=cast.officer1, item_id=lumiere.pk, result="confirmed")
    with pytest.raises(Refused, match="determination"):
        services.application_withdraw(user=cast.holder1_user, application_id=application.pk, reason="late")
    assert Item.objects.get(pk=lumiere.pk).status == Item.Status.CONFIRMED


def test_withdrawal_and_bond_are_refused_for_the_wrong_role_office_and_state(cast, filed):
    application, _lumiere = _awaiting(cast, filed)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(user=cast.officer1, application_id=application.pk, reason="x")
    with pytest.raises(PermissionDenied):
        services.application_withdraw(user=cast.holder2_user, application_id=application.pk, reason="x")
    with pytest.raises(PermissionDenied):
        services.application_bond_receive(officer=cast.holder1_user, application_id=application.pk)
    with pytest.raises(PermissionDenied):
        services.application_bond_receive(officer=cast.officer2, application_id=application.pk)
    services.application_withdraw(user=cast.agent_user, application_id=application.pk, reason="by the agent")
    with pytest.raises(Refused):
        services.application_withdraw(user=cast.holder1_user, application_id=application.pk, reason="again")
    with pytest.raises(Refused):
        services.application_bond_receive(officer=cast.officer1, application_id=application.pk)


def test_application_api_shows_the_bond_and_instructions_to_the_holder_and_office(api_client, cast, filed):
    application, lumiere = _awaiting(cast, filed)
    BondInstructions.objects.create(
        office=cast.office1,
        payee="Port Office One",
        bank="Bank of China",
        account="6217 0000",
        reference_format="IPR {reference}",
    )
    api_client.force_authenticate(cast.holder1_user)
    body = api_client.get(f"/api/applications/{application.pk}/").json()
    assert body["items"] == [lumiere.pk]
    assert body["bond_amount_cny"] == "1000.00"
    assert body["bond_due_date"] == "2026-03-13"
    assert body["status"] == "awaiting_bond"
    assert body["instructions"]["payment_reference"] == f"IPR DA-{lumiere.case_id}-{application.pk}"
    assert api_client.get(f"/api/items/{lumiere.pk}/").json()["application"] == application.pk
    api_client.force_authenticate(cast.holder2_user)
    assert api_client.get(f"/api/applications/{application.pk}/").status_code == 404
    api_client.force_authenticate(cast.officer2)
    assert api_client.get(f"/api/applications/{application.pk}/").status_code == 404
    api_client.force_authenticate(cast.officer1)
    assert api_client.post(f"/api/applications/{application.pk}/withdraw/", {"reason": "x"}).status_code == 403
    answer = api_client.post(f"/api/applications/{application.pk}/bond-received/")
    assert answer.status_code == 200 and answer.json()["status"] == "secured"
    assert api_client.post(f"/api/applications/{application.pk}/bond-received/").status_code == 400


def test_old_per_item_bond_endpoint_records_the_applications_bond(api_client, cast, recordals):
    case, first, second = _two_items(cast, recordals.lumiere, "150000.00", "150000.00")
    _decide(cast.holder1_user, first)
    _decide(cast.holder1_user, second)
    api_client.force_authenticate(cast.officer1)
    assert api_client.post(f"/api/items/{first.pk}/bond-received/").status_code == 200
    assert DetentionApplication.objects.get().status == "secured"
    assert api_client.post(f"/api/items/{second.pk}/detain/").json()["status"] == "detained"


def test_withdraw_api_needs_a_reason_and_answers_the_application(api_client, cast, filed):
    application, _lumiere = _awaiting(cast, filed)
    api_client.force_authenticate(cast.holder1_user)
    assert api_client.post(f"/api/applications/{application.pk}/withdraw/", {}, format="json").status_code == 400
    answer = api_client.post(f"/api/applications/{application.pk}/withdraw/", {"reason": "settled"}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "withdrawn"


def test_an_item_cannot_join_a_withdrawn_application(cast, recordals):
    case, first, second = _two_items(cast, recordals.lumiere, "100.00", "200.00")
    _decide(cast.holder1_user, first)
    services.application_withdraw(
        user=cast.holder1_user, application_id=DetentionApplication.objects.get().pk, reason="settled"
    )
    with pytest.raises(Refused):
        _decide(cast.holder1_user, second)


def test_a_joining_item_raising_the_bond_puts_a_received_application_back_to_awaiting(cast, recordals):
    case = file_case(
        cast.officer1,
        [
            item_input(recordals.lumiere, value="30000"),
            item_input(recordals.lumiere, value="30000", description="Straps"),
        ],
    )
    first, second = case.items.order_by("pk")
    _decide(cast.holder1_user, first)
    services.application_bond_receive(officer=cast.officer1, application_id=DetentionApplication.objects.get().pk)
    _decide(cast.holder1_user, second)
    application = DetentionApplication.objects.get()
    assert (application.status, application.bond_amount_cny) == ("awaiting_bond", Decimal("30000.00"))
    services.item_detain(officer=cast.officer1, item_id=first.pk)
    with pytest.raises(Exception, match="not secured"):
        services.item_detain(officer=cast.officer1, item_id=second.pk)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_bond_sweeps_running_at_once_on_postgresql_release_each_item_once(cast, recordals):
    import threading

    from django.db import connection

    for n in range(6):
        case = file_case(cast.officer1, [item_input(recordals.lumiere)], waybill_number=f"PAR{n}")
        _decide(cast.holder1_user, case.items.get())
    due = DetentionApplication.objects.order_by("-bond_due").first().bond_due
    barrier = threading.Barrier(2)
    counts = []

    def sweep():
        try:
            barrier.wait()
            counts.append(services.applications_lapse_due(now=due, batch=2))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 6
    assert CaseEvent.objects.filter(action="application_lapsed").count() == 6
    assert all(chain_verify(case_id) is None for case_id in Item.objects.values_list("case_id", flat=True))
