import pytest

from portal.tests.factories import UserFactory
from recordals.models import RecordalEvent
from recordals.tests.factories import approved_recordal, recordal_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="t-super", is_superuser=True, is_staff=True))
    return client


def test_admin_lists_recordals_and_events_read_only(superuser_client, cast):
    recordal = approved_recordal(holder=cast.holder1)
    recordal_image(recordal)

    assert recordal.number in superuser_client.get("/admin/recordals/recordal/").content.decode()
    detail = superuser_client.get(f"/admin/recordals/recordal/{recordal.pk}/change/")
    assert detail.status_code == 200 and "approved" in detail.content.decode()
    assert superuser_client.get("/admin/recordals/recordalevent/").status_code == 200
    assert superuser_client.get("/admin/recordals/recordal/add/").status_code == 403
    event = RecordalEvent.objects.first()
    response = superuser_client.post(f"/admin/recordals/recordalevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403 and RecordalEvent.objects.filter(pk=event.pk).exists()
