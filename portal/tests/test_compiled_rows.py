"""SQL compiled once per shape answers every later query of that shape as the ORM would, with its own values."""

import pytest
from django.db.models.sql.compiler import SQLCompiler

from portal.accounts.models import Organization
from portal.compiled_rows import compiled_rows, kept_queryset

pytestmark = pytest.mark.django_db


@pytest.fixture
def compiles(monkeypatch):
    """Count the ORM's compilations of a query."""
    counted = []
    original = SQLCompiler.as_sql

    def as_sql(self, *args, **kwargs):
        counted.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return counted


def _named(pk: int):
    return Organization.objects.filter(kind__isnull=False, pk=pk).values_list("pk", "name", named=True)


def test_a_shape_is_compiled_once_and_each_query_reads_its_own_rows(cast, compiles):
    for organization in (cast.holder1, cast.holder2, cast.office1, cast.holder1):
        rows = compiled_rows(_named(organization.pk), ("organization by id",), tail=[organization.pk])
        assert rows == list(_named(organization.pk).using("default"))[:1] == [(organization.pk, organization.name)]
        assert rows[0].name == organization.name
    assert len([model for model in compiles if model is Organization]) == 1 + 4


def test_values_that_do_not_end_the_parameters_and_no_key_are_read_by_the_orm(cast, compiles):
    assert compiled_rows(_named(cast.holder1.pk), ("a tail that is not",), tail=[-1]) == [
        (cast.holder1.pk, cast.holder1.name)
    ]
    assert compiled_rows(_named(cast.holder2.pk), ("a tail that is not",), tail=[-1]) == [
        (cast.holder2.pk, cast.holder2.name)
    ]
    assert compiled_rows(_named(cast.office1.pk), None, tail=[]) == [(cast.office1.pk, cast.office1.name)]


def test_a_kept_queryset_is_made_once_per_key_and_handed_out_as_a_copy(cast):
    made = []

    def build():
        made.append(1)
        return Organization.objects.filter(pk=cast.holder1.pk)

    first, second = kept_queryset(("one holder",), build), kept_queryset(("one holder",), build)
    assert first is not second and list(first) == list(second) == [cast.holder1] and len(made) == 1
    assert list(kept_queryset(None, build)) == [cast.holder1] and len(made) == 2
