"""General bonds: a holder registers its bank guarantee, an administrator confirms or rejects it."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.access import may_register_bond
from confirmations.bonds import CENT
from confirmations.models import GENERAL_BOND_MINIMUM, GeneralBond, GeneralBondEvent
from portal.access import is_administrator
from portal.audit import audit_write
from portal.errors import Conflict, FieldErrors


@transaction.atomic
def general_bond_register(*, user, holder, bank: str, reference: str, amount_cny, year: int) -> GeneralBond:
    """Register a holder's general bond for a calendar year, to be confirmed by an administrator."""
    if not may_register_bond(user, holder):
        raise PermissionDenied(_("You may not register bonds for this holder."))
    errors = {}
    try:
        amount = Decimal(str(amount_cny)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or amount < GENERAL_BOND_MINIMUM:
        errors["amount_cny"] = [_("A general bond is a guarantee of at least 200,000 CNY.")]
    this_year = timezone.localdate().year
    if year not in (this_year, this_year + 1):
        errors["year"] = [_("Register a bond for this year or the next.")]
    if not bank.strip():
        errors["bank"] = [_("Name the guarantee bank.")]
    if not reference.strip():
        errors["reference"] = [_("Give the guarantee's reference.")]
    if errors:
        raise FieldErrors(errors)
    bond = GeneralBond.objects.create(
        holder=holder,
        bank=bank.strip(),
        reference=reference.strip(),
        amount_cny=amount,
        year=year,
        covers_from=date(year, 1, 1),
        valid_until=date(year + 1, 6, 30),
        submitted_by=user,
    )
    audit_write(
        GeneralBondEvent,
        bond=bond,
        actor=user,
        action="registered",
        to_status=bond.status,
        at=bond.submitted_at,
        data={
            "bank": bond.bank,
            "reference": bond.reference,
            "amount_cny": str(bond.amount_cny),
            "year": bond.year,
            "valid_until": bond.valid_until.isoformat(),
        },
    )
    return bond


@transaction.atomic
def general_bond_decide(*, admin, bond_id: int, confirm: bool) -> GeneralBond:
    """Confirm or reject a submitted general bond."""
    if not is_administrator(admin):
        raise PermissionDenied(_("Only administrators confirm general bonds."))
    status = GeneralBond.Status.CONFIRMED if confirm else GeneralBond.Status.REJECTED
    now = timezone.now()
    changed = GeneralBond.objects.filter(pk=bond_id, status=GeneralBond.Status.SUBMITTED).update(
        status=status, confirmed_by=admin, confirmed_at=now
    )
    if not changed:
        raise Conflict(_("This bond was already decided."))
    bond = GeneralBond.objects.get(pk=bond_id)
    audit_write(
        GeneralBondEvent,
        bond=bond,
        actor=admin,
        action="confirmed" if confirm else "rejected",
        from_status=GeneralBond.Status.SUBMITTED,
        to_status=status,
        at=now,
    )
    return bond
