import threading

import pytest
from django.db import connection, transaction

from portal.errors import Refused
from portal.tests.factories import HolderFactory
from recordals.models import Recordal, RecordalNumberCounter
from recordals.services import number_allocate, recordal_approve
from recordals.tests.factories import approved_recordal, approver, submitted_recordal


@pytest.mark.django_db
def test_numbers_carry_the_right_type_prefix_and_year(at):
    at(2026, 6, 15)
    numbers = [
        approved_recordal(right_type=right_type).number
        for right_type in ("trademark", "copyright", "invention_patent", "design_patent", "trademark")
    ]

    assert numbers == ["T2026-000001", "C2026-000001", "P2026-000001", "P2026-000002", "T2026-000002"]


@pytest.mark.django_db
def test_a_new_year_starts_a_new_sequence(at):
    at(2026, 12, 31, 23, 0)
    approved_recordal()
    at(2027, 1, 1, 8, 0)

    assert approved_recordal().number == "T2027-000001"


@pytest.mark.django_db(transaction=True)
def test_number_allocation_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        number_allocate(prefix="T", year=2026)


@pytest.mark.django_db
def test_numbers_increase_within_one_transaction():
    with transaction.atomic():
        first = number_allocate(prefix="T", year=2030)
        second = number_allocate(prefix="T", year=2030)

    assert (first, second) == ("T2030-000001", "T2030-000002")
    assert RecordalNumberCounter.objects.get(prefix="T", year=2030).last == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_share_a_number():
    admin = approver()
    holder = HolderFactory()
    recordals = [submitted_recordal(holder=holder, title=f"MARK {i}") for i in range(12)]
    barrier = threading.Barrier(len(recordals))
    errors = []

    def approve(recordal):
        try:
            barrier.wait(timeout=10)
            recordal_approve(actor=admin, recordal=recordal)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in recordals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = list(Recordal.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 12
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, 13))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_approving_the_same_filing_issue_one_number():
    recordal = submitted_recordal(holder=HolderFactory())
    admins = [approver(), approver()]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(admin):
        try:
            barrier.wait(timeout=10)
            recordal_approve(actor=admin, recordal=recordal)
            outcomes.append("approved")
        except Refused as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in admins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["This recordal is approved; it cannot be approved.", "approved"]
    assert RecordalNumberCounter.objects.get().last == 1
    assert recordal.events.filter(action="approved").count() == 1
