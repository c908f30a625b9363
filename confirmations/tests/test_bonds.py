from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError
from django.db.models.sql.compiler import SQLCompiler

from confirmations import services
from confirmations.bonds import case_bond_amount, general_bond_for
from confirmations.models import GeneralBond
from confirmations.tests.factories import GeneralBondFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "bond"),
    [
        ("0.00", "0.00"),
        ("19999.99", "19999.99"),
        ("20000.00", "20000.00"),
        ("39999.99", "20000.00"),
        ("40000.01", "20000.01"),
        ("100000.00", "50000.00"),
        ("200000.00", "100000.00"),
        ("200000.01", "100000.00"),
        ("5000000.00", "100000.00"),
    ],
)
def test_case_bond_tiers_at_their_borders(value, bond):
    assert case_bond_amount(Decimal(value)) == Decimal(bond)


def _bond(cast, *, year=2026, status=GeneralBond.Status.CONFIRMED, amount="200000.00"):
    return GeneralBondFactory(
        holder=cast.holder1,
        bank="Bank of Lyon",
        reference=f"G-{year}",
        amount_cny=Decimal(amount),
        year=year,
        status=status,
        submitted_by=cast.holder1_user,
    )


def test_general_bond_below_200000_is_refused_by_the_database(cast):
    with pytest.raises(IntegrityError):
        _bond(cast, amount="199999.99")


def test_general_bond_covers_trademarks_of_its_year_only(cast):
    bond = _bond(cast)
    assert general_bond_for(holder=cast.holder1, right_type="trademark", day=date(2026, 12, 31)) == bond
    assert general_bond_for(holder=cast.holder1, right_type="trademark", day=date(2027, 1, 1)) is None
    assert general_bond_for(holder=cast.holder1, right_type="invention_patent", day=date(2026, 5, 1)) is None
    assert general_bond_for(holder=cast.holder2, right_type="trademark", day=date(2026, 5, 1)) is None


def test_general_bond_cover_is_compiled_once_and_read_with_each_calls_holder_and_day(cast, monkeypatch):
    bond = _bond(cast)
    later = _bond(cast, year=2027, amount="300000.00")
    general_bond_for(holder=cast.holder2, right_type="trademark", day=date(2026, 1, 1))
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k))
    assert general_bond_for(holder=cast.holder1, right_type="trademark", day=date(2026, 1, 1)) == bond
    assert general_bond_for(holder=cast.holder1.pk, right_type="trademark", day=date(2027, 6, 30)) == later
    assert general_bond_for(holder=cast.holder1, right_type="trademark", day=date(2028, 1, 1)) is None
    assert general_bond_for(holder=cast.holder2, right_type="trademark", day=date(2026, 1, 1)) is None
    assert compiled == []


def test_unconfirmed_general_bond_covers_nothing(cast):
    _bond(cast, status=GeneralBond.Status.SUBMITTED)
    assert general_bond_for(holder=cast.holder1, right_type="trademark", day=date(2026, 5, 1)) is None


@time_machine.travel(date(2026, 3, 2), tick=False)
def test_holder_registers_and_administrator_confirms_a_general_bond(cast):
    bond = services.general_bond_register(
        user=cast.holder1_user, holder=cast.holder1, bank="Bank", reference="R1", amount_cny="250000", year=2026
    )
    assert (bond.covers_from, bond.valid_until) == (date(2026, 1, 1), date(2027, 6, 30))
    bond = services.general_bond_decide(admin=cast.admin, bond_id=bond.pk, confirm=True)
    assert bond.status == GeneralBond.Status.CONFIRMED
    with pytest.raises(services.Conflict):
        services.general_bond_decide(admin=cast.admin, bond_id=bond.pk, confirm=False)


@time_machine.travel(date(2026, 3, 2), tick=False)
def test_general_bond_under_the_minimum_is_refused(cast):
    with pytest.raises(services.FieldErrors) as exc:
        services.general_bond_register(
            user=cast.holder1_user,
            holder=cast.holder1,
            bank="Bank",
            reference="R1",
            amount_cny="199999.99",
            year=2026,
        )
    assert "amount_cny" in exc.value.errors
