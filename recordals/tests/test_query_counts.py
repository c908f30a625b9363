"""Every list, page and search of recordals runs an exact number of queries, the same however many rows there are
and on every database."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.tests.query_counts import assert_exact_queries
from recordals.services import modification_request
from recordals.tests.factories import approved_recordal, recordal_image, submitted_recordal

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast):
    """Grow the scene by ``size`` approved LUMIÈRE recordals of holder1 (with a photo and a pending modification)
    and as many filings awaiting review, each submitted on a day of its own; return the latest of each."""
    made = SimpleNamespace(number=0)
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()

    def grow(size: int) -> SimpleNamespace:
        for _ in range(size):
            made.number += 1
            made.recordal = approved_recordal(holder=cast.holder1, title=f"LUMIÈRE {made.number}")
            recordal_image(made.recordal)
            made.modification = modification_request(
                actor=cast.holder1_user,
                recordal=made.recordal,
                changes={"identification_guide": f"Serial {made.number} is laser-etched."},
            )
            made.filing = submitted_recordal(
                holder=cast.holder1, submitted_at=timezone.now() - timedelta(days=made.number)
            )
        return made

    return grow


# A search by mark differs by database on purpose: PostgreSQL finds, ranks and reads the marks in the page's own
# query (the trigram candidates from a function that sets its threshold for its call); other databases first read
# the exact matches, then the latest candidates to score in Python (2 statements more).
ROWS = [
    ("admin", lambda s: reverse("recordals:review-queue"), 5),
    ("admin", lambda s: reverse("recordals:review", args=[s.filing.pk]), 7),
    ("admin", lambda s: reverse("recordals:modification-review", args=[s.modification.pk]), 2),
    ("holder1_user", lambda s: reverse("recordals:list"), 5),
    ("agent_user", lambda s: reverse("recordals:list"), 5),
    ("admin", lambda s: reverse("recordals:list"), 3),
    ("holder1_user", lambda s: reverse("recordals:detail", args=[s.recordal.pk]), 12),
    ("officer1", lambda s: reverse("recordals:detail", args=[s.recordal.pk]), 7),
    ("officer1", lambda s: reverse("recordals:search") + "?q=LUMIERE", {"sqlite": 6, "postgresql": 4}),
    ("officer1", lambda s: reverse("recordals:search") + "?holder=Maison", 4),
    ("officer1", lambda s: reverse("recordals:search-json") + "?q=LUMIERE", {"sqlite": 5, "postgresql": 3}),
    (None, lambda s: reverse("recordals:public-lookup") + "?q=LUMIERE", {"sqlite": 3, "postgresql": 1}),
    ("admin", lambda s: "/api/recordals/review-queue/", 7),
    ("holder1_user", lambda s: "/api/recordals/", 7),
    ("admin", lambda s: "/api/recordals/", 7),
    ("holder1_user", lambda s: f"/api/recordals/{s.recordal.pk}/", 10),
    (None, lambda s: "/api/public/recordals/?q=LUMIERE", {"sqlite": 4, "postgresql": 2}),
    ("admin", lambda s: "/admin/recordals/recordal/", 6),
    ("admin", lambda s: "/admin/recordals/recordalevent/", 5),
    ("admin", lambda s: "/admin/recordals/modification/", 4),
]


def _name(row) -> str:
    who, url, _expected = row
    made = SimpleNamespace(recordal=SimpleNamespace(pk=1), filing=SimpleNamespace(pk=1))
    made.modification = made.recordal
    return f"{who or 'public'}-{url(made)}"


@pytest.mark.parametrize(("who", "url", "expected"), ROWS, ids=map(_name, ROWS))
def test_queries_are_exact_and_do_not_grow_with_rows(
    client, cast, scene, django_assert_num_queries, who, url, expected
):
    if who:
        client.force_login(getattr(cast, who))
    assert_exact_queries(client, url(scene(1)), expected, django_assert_num_queries)
    scene(4)
    assert_exact_queries(client, url(scene(0)), expected, django_assert_num_queries)
