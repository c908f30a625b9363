"""A general bond's registration and decision are evidence: each writes its event, once."""

import pytest
from django.contrib.admin.sites import site

from confirmations import services
from confirmations.models import GeneralBond, GeneralBondEvent

pytestmark = pytest.mark.django_db


def _register(cast):
    from django.utils import timezone

    return services.general_bond_register(
        user=cast.holder1_user,
        holder=cast.holder1,
        bank="Bank of Lyon",
        reference="G-1",
        amount_cny="250000",
        year=timezone.localdate().year,
    )


def test_registering_a_bond_records_who_and_what(cast):
    bond = _register(cast)
    event = GeneralBondEvent.objects.get(bond=bond)
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        cast.holder1_user,
        "registered",
        "",
        "submitted",
    )
    assert event.data["amount_cny"] == "250000.00" and event.data["reference"] == "G-1"


@pytest.mark.parametrize(("confirm", "status"), [(True, "confirmed"), (False, "rejected")])
def test_deciding_a_bond_records_the_administrator_and_the_move(cast, confirm, status):
    bond = _register(cast)
    services.general_bond_decide(admin=cast.admin, bond_id=bond.pk, confirm=confirm)
    event = GeneralBondEvent.objects.filter(bond=bond).last()
    assert (event.actor, event.action, event.from_status, event.to_status) == (cast.admin, status, "submitted", status)


def test_a_second_decision_is_refused_and_writes_no_event(cast):
    bond = _register(cast)
    services.general_bond_decide(admin=cast.admin, bond_id=bond.pk, confirm=True)
    with pytest.raises(services.Conflict):
        services.general_bond_decide(admin=cast.admin, bond_id=bond.pk, confirm=False)
    assert GeneralBond.objects.get(pk=bond.pk).status == "confirmed"
    assert GeneralBondEvent.objects.filter(bond=bond).count() == 2


def test_bond_events_are_read_only_in_the_admin(cast, rf):
    request = rf.get("/")
    request.user = cast.admin
    admin = site._registry[GeneralBondEvent]
    assert not (admin.has_add_permission(request) or admin.has_change_permission(request))
    assert not admin.has_delete_permission(request)
