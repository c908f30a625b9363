"""Statements compiled once are prepared on each PostgreSQL connection: the first run sends the statement with its
fixed values written in, later runs only its name and the values that change, and every run answers as the ORM."""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from portal.accounts.models import Organization
from portal.compiled_rows import rows_compiled_once
from portal.prepared import forget_prepared, prepared_statement

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _named(name: str, pk: int):
    return Organization.objects.filter(name=name, pk=pk).values_list("pk", "name", named=True)


def _read(name: str, pk: int, key=("organization by name and id",)):
    with CaptureQueriesContext(connection) as captured:
        rows = rows_compiled_once(lambda: _named(name, pk), (*key, name), tail=[pk], using="default")
    return rows, [query["sql"] for query in captured.captured_queries]


def test_a_statement_is_prepared_once_and_then_executed_by_name_with_its_changing_values(cast):
    forget_prepared(connection)
    name = "O'Brien & 100% Sons %s"  # a quote, a per cent sign and a placeholder, written into the statement
    first = Organization.objects.create(kind="holder", name=name)
    second = Organization.objects.create(kind="agent", name=name)
    rows, sent = _read(name, first.pk)
    assert rows == [(first.pk, name)] and len(sent) == 1
    assert sent[0].startswith("PREPARE portal_") and "(bigint) AS SELECT" in sent[0] and "EXECUTE portal_" in sent[0]
    for organization in (second, first, cast.holder1):
        rows, sent = _read(name, organization.pk)
        assert rows == list(_named(name, organization.pk)) and len(sent) == 1
        assert sent[0] == f"EXECUTE {sent[0].split()[1].split('(')[0]}({organization.pk})"
    assert _read(name, cast.holder1.pk)[0] == []


def test_a_forgotten_statement_is_prepared_again(cast):
    _read(cast.holder1.name, cast.holder1.pk)
    forget_prepared(connection)
    rows, sent = _read(cast.holder1.name, cast.holder1.pk)
    assert rows == [(cast.holder1.pk, cast.holder1.name)] and sent[0].startswith("PREPARE ")


def test_a_connection_whose_prepare_failed_runs_its_statements_unprepared(cast):
    key = ("an overflowing id",)
    _read(cast.holder1.name, cast.holder1.pk, key=key)  # compiled and prepared
    forget_prepared(connection)
    with pytest.raises(DataError), transaction.atomic():
        _read(cast.holder1.name, 2**70, key=key)  # prepared again; the database refuses the value
    rows, sent = _read(cast.holder1.name, cast.holder1.pk, key=key)
    assert rows == [(cast.holder1.pk, cast.holder1.name)]
    assert sent[0].startswith("SELECT "), "the PREPARE may have been kept: the statement is sent in full"
    forget_prepared(connection)
    assert _read(cast.holder1.name, cast.holder1.pk, key=key)[1][0].startswith("PREPARE ")


def test_statements_are_not_prepared_when_switched_off(cast, settings):
    settings.PREPARED_STATEMENTS = False
    assert prepared_statement(connection, 'SELECT 1 WHERE "a" = %s', [1], [0]) is None


@pytest.mark.parametrize(
    ("sql", "params", "variable"),
    [
        ("SELECT 1 WHERE 'a%' LIKE %s", ["a"], [0]),  # a per cent sign beside the placeholders
        ("SELECT 1 WHERE %s = %s", [1], [0]),  # fewer values than placeholders
        ("SELECT 1 WHERE %s = ANY(%s)", [1, [1, 2]], [1]),  # a value of a type not declared
    ],
)
def test_sql_that_cannot_be_prepared_safely_is_run_as_it_is(cast, sql, params, variable):
    assert prepared_statement(connection, sql, params, variable) is None


def test_a_prepared_statement_is_planned_once_not_again_on_every_run(cast):
    forget_prepared(connection)
    for _ in range(8):  # left to choose, PostgreSQL makes a plan for each of the first five runs at least
        assert _read(cast.holder1.name, cast.holder1.pk, key=("planned once",))[0] == [
            (cast.holder1.pk, cast.holder1.name)
        ]
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'portal_%%'")
        assert cursor.fetchall() == [(8, 0)]
