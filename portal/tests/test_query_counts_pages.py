"""The security page and the admin lists of districts, memberships and the calendar run an exact number of
queries, the same for 3 rows as for 30 and on every database."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from portal.accounts.models import DeviceSession, Passkey, UserEvent
from portal.audit import audit_write
from portal.tests.factories import DistrictFactory, HolderFactory, member_of
from portal.tests.query_counts import assert_exact_queries, make_superuser
from portal.workdays.models import CalendarDay, CalendarEvent, CalendarYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    """Grow the scene by ``size`` districts, members, calendar days, years and events, and holder1's user's
    passkeys, kept sessions and sign-in events."""
    made = SimpleNamespace(number=0)
    make_superuser(cast.admin)
    user = cast.holder1_user

    def grow(size: int) -> SimpleNamespace:
        for _ in range(size):
            made.number += 1
            n = made.number
            DistrictFactory(code=f"9{n:03d}", name=f"District {n}")
            member_of(HolderFactory(name=f"Holder {n}"))
            day = date(2040, 1, 1) + timedelta(days=n)
            CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.HOLIDAY, name=f"Holiday {n}")
            CalendarYear.objects.create(year=2100 + n, published_at=timezone.now(), published_by=cast.admin)
            audit_write(CalendarEvent, actor=cast.admin, action="day_added", year=day.year, day=day)
            Passkey.objects.create(user=user, name=f"Key {n}", credential_id=f"cred-{n}", public_key=b"k")
            DeviceSession.objects.create(
                user=user, session_key=f"kept-{n:034d}", device=f"Phone {n}", expires_at=timezone.now()
            )
            audit_write(UserEvent, actor=user, action="passkey_added", user=user)
        return made

    return grow


ROWS = [
    ("holder1_user", "/accounts/security/", 5),
    ("admin", "/admin/accounts/customsdistrict/", 4),
    ("admin", "/admin/accounts/membership/", 4),
    ("admin", "/admin/workdays/calendarday/", 6),
    ("admin", "/admin/workdays/calendaryear/", 4),
    ("admin", "/admin/workdays/calendarevent/", 8),
]


@pytest.mark.parametrize(("who", "url", "expected"), ROWS)
def test_queries_are_exact_and_the_same_for_three_rows_as_for_thirty(
    client, cast, scene, django_assert_num_queries, who, url, expected
):
    client.force_login(getattr(cast, who))
    scene(3)
    assert_exact_queries(client, url, expected, django_assert_num_queries)
    scene(27)
    assert_exact_queries(client, url, expected, django_assert_num_queries)
