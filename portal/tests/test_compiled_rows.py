"""SQL compiled once per shape answers every later query of that shape as the ORM would, with its own values."""

from datetime import UTC, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F, Func, OuterRef, Subquery
from django.db.models.sql.compiler import SQLCompiler

from portal.accounts.models import Membership, Organization
from portal.compiled_rows import (
    compiled_rows,
    dicts_compiled_once,
    instances_compiled_once,
    instances_read_together,
    kept_queryset,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")

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


def _joined(instants):
    """Users who joined in [first, second), then again those of [third, fourth): the instants in both branches."""
    users = get_user_model().objects.order_by()
    first = users.filter(date_joined__gte=instants[0], date_joined__lt=instants[1]).values("username", "date_joined")
    second = users.filter(date_joined__gte=instants[2], date_joined__lt=instants[3]).values("username", "date_joined")
    return first.union(second, all=True)


def test_instants_anywhere_in_the_parameters_are_filled_in_each_time_from_one_compilation(cast, compiles):
    user_model = get_user_model()
    day = datetime(2026, 12, 31, 12, tzinfo=SHANGHAI)
    user_model.objects.filter(pk=cast.holder1_user.pk).update(date_joined=day)
    user_model.objects.filter(pk=cast.officer1.pk).update(date_joined=day + timedelta(days=1))
    compiles.clear()
    for instants in (
        [day, day + timedelta(hours=1), day + timedelta(days=1), day + timedelta(days=2)],
        [day + timedelta(seconds=1), day + timedelta(hours=1), day, day + timedelta(seconds=1)],
        [day - timedelta(days=9), day - timedelta(days=8), day + timedelta(hours=20), day + timedelta(hours=30)],
    ):
        rows = dicts_compiled_once(_joined, ("users joined in two spans",), instants, using="default")
        assert sorted(rows, key=str) == sorted(_joined(instants), key=str)
    assert [row["username"] for row in rows] == [cast.officer1.username]
    assert rows[0]["date_joined"] == day + timedelta(days=1)
    # Each compilation of the UNION ALL compiles it and its two branches: once for the stand-ins, then the ORM's reads.
    assert len([model for model in compiles if model is user_model]) == 3 * (1 + 3)


def test_a_query_that_does_not_hold_every_instant_is_read_by_the_orm_each_time(cast, compiles):
    def without_instants(instants):
        return get_user_model().objects.filter(pk=cast.holder1_user.pk).values("username")

    for _ in range(2):
        rows = dicts_compiled_once(
            without_instants, ("no instant",), [datetime(2026, 1, 1, tzinfo=UTC)], using="default"
        )
        assert rows == [{"username": cast.holder1_user.username}]
    assert len(compiles) == 1 + 2, "one compilation to look for the stand-ins, then the ORM's of each call"


def _members(instants, pk):
    """The memberships of one organization, with the member and the organization joined and an annotation that
    holds the instant: the member's count of memberships made before it."""
    made_before = (
        Membership.objects.filter(user_id=OuterRef("user_id"), created_at__lt=instants[0])
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return (
        Membership.objects.select_related("user", "organization")
        .annotate(earlier=Subquery(made_before))
        .filter(organization_id=pk)
        .order_by("pk")
    )


def _seen(memberships) -> list:
    return [
        (m.pk, m.user_id, m.user.username, m.organization.name, m.organization.kind, m.earlier, m.role)
        for m in memberships
    ]


def test_instances_are_made_as_the_orm_makes_them_with_their_joins_and_annotations(cast, compiles):
    later = datetime(2099, 1, 1, tzinfo=UTC)
    earlier = datetime(2000, 1, 1, tzinfo=UTC)
    counts = []
    for organization, instant in ((cast.holder1, later), (cast.office1, earlier), (cast.holder2, later)):
        compiles.clear()
        found = instances_compiled_once(
            partial(_members, pk=organization.pk),
            ("members", "of one"),
            instants=[instant],
            tail=[organization.pk],
            using="default",
        )
        expected = list(_members([instant], organization.pk))
        assert found and _seen(found) == _seen(expected)
        assert all(type(m) is Membership and m._state.adding is False and m._state.db == "default" for m in found)
        assert {m.earlier for m in found} == ({1} if instant == later else {0})
        counts.append(len(compiles))
    # The query and its subquery compile together: from the stand-ins once, then only for the ORM's expected rows.
    assert counts == [2 + 2, 2, 2]


def test_instances_without_a_key_or_whose_tail_ends_no_parameters_are_read_by_the_orm(cast, compiles):
    def by_name(instants, name):
        return Organization.objects.filter(name=name, created_at__lt=instants[0])

    now = datetime(2099, 1, 1, tzinfo=UTC)
    for _ in range(2):
        found = instances_compiled_once(
            lambda instants: by_name(instants, cast.holder1.name), ("a tail that is not",), instants=[now],
            tail=[-1], using="default",
        )  # fmt: skip
        assert found == [cast.holder1]
    found = instances_compiled_once(
        lambda instants: by_name(instants, cast.office1.name), None, instants=[now], tail=[], using="default"
    )
    assert found == [cast.office1]
    assert len(compiles) == 1 + 2 + 1, "the stand-ins' compilation, then the ORM's reads"


def _organization_and_its_members(pk: int):
    return [
        lambda instants: Organization.objects.filter(pk=pk),
        lambda instants: (
            Membership.objects.select_related("user", "organization").filter(organization_id=pk).order_by("-pk")
        ),
        lambda instants: get_user_model().objects.filter(membership_row__organization_id=pk).order_by("username"),
    ]


def test_several_lists_read_together_are_what_the_orm_reads_in_its_order_by_one_statement(
    cast, compiles, django_assert_num_queries
):
    compiled = []
    for organization in (cast.holder1, cast.office1, cast.holder2, cast.holder1):
        compiles.clear()
        builds = _organization_and_its_members(organization.pk)
        with django_assert_num_queries(1):
            found = instances_read_together(
                builds, ("organization, members, users",), tails=[[organization.pk]] * 3, using="default"
            )
        compiled.append(len(compiles))
        expected = [list(build([])) for build in builds]
        assert found == expected and all(found)
        assert [[vars_of(row) for row in rows] for rows in found] == [
            [vars_of(row) for row in rows] for rows in expected
        ]
        assert [(m.pk, m.user.username, m.organization.name) for m in found[1]] == [
            (m.pk, m.user.username, m.organization.name) for m in expected[1]
        ], "the joined user and organization made as the ORM makes them"
        assert all(m._state.adding is False and m._state.db == "default" for rows in found for m in rows)
    assert compiled == [3, 0, 0, 0]


def test_lists_read_together_without_a_key_or_a_tail_ending_their_parameters_are_read_by_the_orm(cast, compiles):
    builds = _organization_and_its_members(cast.holder1.pk)
    expected = [list(build([])) for build in builds]
    assert instances_read_together(builds, None, tails=[[cast.holder1.pk]] * 3, using="default") == expected
    assert instances_read_together(builds, ("no tail",), tails=[[-1]] * 3, using="default") == expected
    assert instances_read_together(builds, ("no tail",), tails=[[-1]] * 3, using="default") == expected


def vars_of(instance) -> dict:
    return {name: value for name, value in vars(instance).items() if name != "_state"}


def test_lists_read_together_fill_each_calls_instants_wherever_they_stand(cast, compiles, django_assert_num_queries):
    later, earlier = datetime(2099, 1, 1, tzinfo=UTC), datetime(2000, 1, 1, tzinfo=UTC)
    pk = cast.holder1.pk
    builds = [
        lambda instants: _members(instants, pk),
        lambda instants: Organization.objects.filter(created_at__lt=instants[0], pk=pk),
    ]
    counts = []
    for instant in (later, earlier, later):
        compiles.clear()
        with django_assert_num_queries(1):
            found = instances_read_together(
                builds, ("members, organization",), instants=[instant], tails=[[pk], [pk]], using="default"
            )
        counts.append(len(compiles))
        expected = [list(build([instant])) for build in builds]
        assert _seen(found[0]) == _seen(expected[0]) and {m.earlier for m in found[0]} == (
            {1} if instant == later else {0}
        )
        assert found[1] == expected[1] == ([cast.holder1] if instant == later else [])
    assert counts[1:] == [0, 0], "compiled from stand-ins the first time only"
