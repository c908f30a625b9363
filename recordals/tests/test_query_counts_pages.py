"""The filing forms, the reminders and the number counters run an exact number of queries, the same for 3 rows as
for 30 and on every database."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from portal.tests.query_counts import assert_exact_queries, make_superuser
from recordals.models import RecordalNumberCounter, RecordalReminder
from recordals.tests.factories import RecordalFactory, approved_recordal, recordal_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    """Grow the scene by ``size`` approved recordals of holder1, each reminded once and counted in its own year,
    and by ``size`` photos of one draft and of the latest approved recordal."""
    made = SimpleNamespace(number=0)
    make_superuser(cast.admin)
    made.draft = RecordalFactory(holder=cast.holder1, created_by=cast.holder1_user)

    def grow(size: int) -> SimpleNamespace:
        for _ in range(size):
            made.number += 1
            made.recordal = approved_recordal(holder=cast.holder1, title=f"LUMIÈRE {made.number}")
            RecordalReminder.objects.create(recordal=made.recordal, kind="6m", valid_until=made.recordal.valid_until)
            RecordalNumberCounter.objects.create(prefix="T", year=1900 + made.number, last=1)
            recordal_image(made.draft)
            recordal_image(made.recordal)
        return made

    return grow


ROWS = [
    ("holder1_user", lambda s: reverse("recordals:edit", args=[s.draft.pk]), 9),
    ("holder1_user", lambda s: reverse("recordals:modify", args=[s.recordal.pk]), 4),
    ("admin", lambda s: "/admin/recordals/recordalreminder/", 4),
    ("admin", lambda s: "/admin/recordals/recordalnumbercounter/", 4),
]


def _name(row) -> str:
    who, url, _expected = row
    made = SimpleNamespace(recordal=SimpleNamespace(pk=1), draft=SimpleNamespace(pk=1))
    return f"{who}-{url(made)}"


@pytest.mark.parametrize(("who", "url", "expected"), ROWS, ids=map(_name, ROWS))
def test_queries_are_exact_and_the_same_for_three_rows_as_for_thirty(
    client, cast, scene, django_assert_num_queries, who, url, expected
):
    client.force_login(getattr(cast, who))
    assert_exact_queries(client, url(scene(3)), expected, django_assert_num_queries)
    assert_exact_queries(client, url(scene(27)), expected, django_assert_num_queries)
