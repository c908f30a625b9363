import io
from types import SimpleNamespace

import pytest

from portal import demo as portal_demo
from recordals import demo
from recordals.models import Recordal, RecordalEvent, RecordalImage
from recordals.selectors import review_queue, review_queue_recordals

pytestmark = pytest.mark.django_db


def seeded():
    namespace = SimpleNamespace()
    portal_demo.seed(namespace, stdout=io.StringIO())
    demo.seed(namespace, stdout=io.StringIO())
    return namespace


def test_demo_shows_recordals_in_every_state():
    namespace = seeded()

    assert set(Recordal.objects.values_list("status", flat=True)) == set(Recordal.Status.values)
    assert {"lumiere", "lumiere_paris", "nordik"} <= set(namespace.recordals)
    lumiere = namespace.recordals["lumiere"]
    assert lumiere.number.startswith("T") and lumiere.is_in_force(lumiere.valid_from)
    assert {"Shenzhen Fake Leather Co.", "Quick Parcel Export Ltd"} <= set(
        lumiere.parties.filter(role="infringer").values_list("name", flat=True)
    )
    assert set(lumiere.images.values_list("kind", flat=True)) == {"mark", "genuine", "guide"}
    assert any(entry.overdue for entry in review_queue(review_queue_recordals()))


def test_demo_seeding_twice_creates_nothing_new():
    seeded()
    counts = (Recordal.objects.count(), RecordalEvent.objects.count(), RecordalImage.objects.count())

    namespace = seeded()

    assert (Recordal.objects.count(), RecordalEvent.objects.count(), RecordalImage.objects.count()) == counts
    assert namespace.recordals["nordik"].title == "NORDIK"
