"""A row's instants are written as DRF's ``DateTimeField`` writes them: ISO 8601 in the current time zone (``Z`` for
UTC), whatever zone they were read in, a naive one made aware, a missing one None; a field with a format or a time
zone of its own is left to DRF."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework import serializers

from portal.representation import RowPlan


class Stamped(serializers.Serializer):
    at = serializers.DateTimeField()
    day_format = serializers.DateTimeField(format="%Y-%m-%d %H:%M")
    in_utc = serializers.DateTimeField(default_timezone=UTC)


class Context:
    zone = None


INSTANTS = [
    datetime(2026, 12, 31, 16, 0, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=ZoneInfo("Asia/Shanghai")),
    datetime(2027, 1, 1, 0, 0, tzinfo=ZoneInfo("America/New_York")),
    datetime(2026, 3, 10, 10, 0),
    None,
]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "Europe/London"])
@pytest.mark.parametrize("at", INSTANTS, ids=str)
def test_an_instant_is_written_as_drf_writes_it_in_the_current_time_zone(zone, at):
    plan = RowPlan(Stamped)
    assert [step[1] for step in plan.steps] == ["instant", "value", "value"]
    row = [at] * len(plan.columns)
    with timezone.override(ZoneInfo(zone)):
        expected = {
            name: None if at is None else field.to_representation(at) for name, field in Stamped().fields.items()
        }
        assert plan.represent(row, Context()) == expected
        context = Context()
        context.zone = timezone.get_current_timezone()
        assert plan.represent(row, context) == expected
    if at is not None and zone == "UTC" and at.utcoffset() is not None:
        assert expected["at"].endswith("Z")
