"""An item carries its case's office: on every path that creates items, and after the migration that filled it."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F

from confirmations.models import Item
from confirmations.services.request_detention import detention_request_match
from confirmations.services.requests import detention_request_accept, detention_request_bond_receive
from confirmations.tests.factories import file_case, item_input
from confirmations.tests.request_factories import submit_request

BEFORE = [("confirmations", "0019_relation_labels_translated")]
SHIPMENT = {"channel": "sea", "direction": "import", "waybill_number": "MSKU-778899"}


def offices_of_items() -> list[tuple[int, int, int]]:
    """Return (item, its office, its case's office) for every item."""
    return list(Item.objects.order_by("pk").values_list("pk", "office_id", "case__office_id"))


def assert_every_item_carries_its_case_office() -> None:
    rows = offices_of_items()
    assert rows
    assert [row for row in rows if row[1] != row[2]] == []


@pytest.mark.django_db
def test_filed_items_carry_the_office_of_their_case(cast, recordals):
    first = file_case(cast.officer1, [item_input(recordals.lumiere), item_input(recordals.nordik)])
    second = file_case(cast.officer2, [item_input(recordals.lumiere)])
    assert {item.office_id for item in first.items.all()} == {cast.office1.pk}
    assert {item.office_id for item in second.items.all()} == {cast.office2.pk}
    assert_every_item_carries_its_case_office()


@pytest.mark.django_db
@pytest.mark.frozen_at("2026-03-10T10:00:00+08:00")
@pytest.mark.parametrize("into", ["a new case", "an open case"])
def test_goods_detained_on_a_holder_application_carry_the_office_of_their_case(cast, recordals, into):
    request = submit_request(cast.holder1_user, recordals.lumiere, cast.office2)
    detention_request_accept(officer=cast.officer2, request_id=request.pk)
    detention_request_bond_receive(officer=cast.officer2, request_id=request.pk)
    if into == "a new case":
        matched = detention_request_match(officer=cast.officer2, request_id=request.pk, shipment=SHIPMENT)
    else:
        case = file_case(cast.officer2, [item_input(recordals.nordik)])
        matched = detention_request_match(officer=cast.officer2, request_id=request.pk, case_id=case.pk)
        assert matched.item.case == case
    assert matched.item.office == cast.office2
    assert_every_item_carries_its_case_office()


@pytest.mark.django_db
def test_demo_items_carry_the_office_of_their_case(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    assert not Item.objects.exclude(office=F("case__office")).exists()
    assert_every_item_carries_its_case_office()


@pytest.mark.django_db
def test_benchmark_data_sets_carry_the_office_of_their_case():
    from bench.dataset import build
    from bench.lists import build_huge

    build(0.001)
    build_huge(10)
    assert Item.objects.count() == 300 + 50 + 10
    assert_every_item_carries_its_case_office()


@pytest.mark.django_db
def test_sweep_benchmark_data_set_carries_the_office_of_the_case():
    from bench.sweep import build

    build(20)
    assert Item.objects.count() == 20
    assert_every_item_carries_its_case_office()


def test_migration_gives_existing_items_the_office_of_their_case(migrator, cast, recordals):
    first = file_case(cast.officer1, [item_input(recordals.lumiere), item_input(recordals.nordik)])
    second = file_case(cast.officer2, [item_input(recordals.nordik)])
    migrator.migrate(BEFORE)
    old = migrator.loader.project_state(BEFORE).apps.get_model("confirmations", "Item")
    assert "office" not in {field.name for field in old._meta.get_fields()}
    assert old.objects.count() == 3

    migrator.loader.build_graph()
    migrator.migrate(migrator.loader.graph.leaf_nodes())

    assert offices_of_items() == [
        (item.pk, case.office_id, case.office_id) for case in (first, second) for item in case.items.order_by("pk")
    ]
