from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from confirmations import services
from confirmations.models import Case, Item
from confirmations.tests.factories import file_case, item_input
from portal.errors import Refused

pytestmark = pytest.mark.django_db


def _infringing(cast, item):
    return services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="infringing", bond="case")


def test_officer_cannot_detain_before_the_case_bond_is_received(filed, cast):
    _case, lumiere, _ = filed
    _infringing(cast, lumiere)
    with pytest.raises(Refused, match="bond is not secured"):
        services.item_detain(officer=cast.officer1, item_id=lumiere.pk)


def test_officer_detains_once_the_case_bond_is_received(filed, cast):
    _case, lumiere, _ = filed
    _infringing(cast, lumiere)
    services.item_case_bond_receive(officer=cast.officer1, item_id=lumiere.pk)
    item = services.item_detain(officer=cast.officer1, item_id=lumiere.pk)
    assert item.status == Item.Status.DETAINED
    assert item.investigation_due > item.officer_action_at


def test_officer_cannot_detain_pending_goods(filed, cast):
    _case, lumiere, _ = filed
    with pytest.raises(Refused):
        services.item_detain(officer=cast.officer1, item_id=lumiere.pk)


def test_officer_of_another_office_cannot_release(filed, cast):
    _case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    with pytest.raises(PermissionDenied):
        services.item_release(officer=cast.officer2, item_id=lumiere.pk)


def test_holder_cannot_release(filed, cast):
    _case, lumiere, _ = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    with pytest.raises(PermissionDenied):
        services.item_release(officer=cast.holder1_user, item_id=lumiere.pk)


def test_release_of_every_item_closes_the_case(filed, cast):
    case, lumiere, nordik = filed
    services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    services.item_decide(user=cast.holder2_user, item_id=nordik.pk, decision="not_infringing")
    services.item_release(officer=cast.officer1, item_id=lumiere.pk)
    assert Case.objects.get(pk=case.pk).status == Case.Status.OPEN
    services.item_release(officer=cast.officer1, item_id=nordik.pk)
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_investigation_result_is_recorded_for_detained_goods(filed, cast):
    _case, lumiere, _ = filed
    _infringing(cast, lumiere)
    services.item_case_bond_receive(officer=cast.officer1, item_id=lumiere.pk)
    services.item_detain(officer=cast.officer1, item_id=lumiere.pk)
    item = services.item_investigation_record(officer=cast.officer1, item_id=lumiere.pk, result="confirmed")
    assert item.status == Item.Status.CONFIRMED


def test_counter_guarantee_release_is_for_patents_only(filed, cast, recordals):
    _case, lumiere, _ = filed
    _infringing(cast, lumiere)
    services.item_case_bond_receive(officer=cast.officer1, item_id=lumiere.pk)
    services.item_detain(officer=cast.officer1, item_id=lumiere.pk)
    with pytest.raises(Refused, match="patent"):
        services.item_counter_guarantee_release(officer=cast.officer1, item_id=lumiere.pk, amount_cny=Decimal(5000))


def test_patent_goods_released_against_a_counter_guarantee_of_their_value(cast, recordals):
    item = file_case(cast.officer1, [item_input(recordals.patent, value="8000")]).items.get()
    _infringing(cast, item)
    services.item_case_bond_receive(officer=cast.officer1, item_id=item.pk)
    services.item_detain(officer=cast.officer1, item_id=item.pk)
    with pytest.raises(services.FieldErrors):
        services.item_counter_guarantee_release(officer=cast.officer1, item_id=item.pk, amount_cny=Decimal(7999))
    item = services.item_counter_guarantee_release(officer=cast.officer1, item_id=item.pk, amount_cny=Decimal(8000))
    assert item.status == Item.Status.COUNTER_GUARANTEE
