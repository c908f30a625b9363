"""The in-app notices: page, unread badge, API; nobody sees another user's notices."""

import pytest

from portal.notices.models import Notice
from portal.tests.factories import HolderFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_users():
    holder = HolderFactory()
    alice, bob = member_of(holder), member_of(holder)
    Notice.objects.create(recipient=alice, kind="k", title="For Alice", link="/notices/")
    Notice.objects.create(recipient=bob, kind="k", title="For Bob")
    return alice, bob


def test_notice_page_lists_only_the_users_own_notices(client, two_users):
    alice, _ = two_users
    client.force_login(alice)
    page = client.get("/notices/").content.decode()
    assert "For Alice" in page and "For Bob" not in page


def test_unread_count_counts_own_unread_notices(client, two_users):
    alice, _ = two_users
    client.force_login(alice)
    assert client.get("/notices/unread-count/").json() == {"unread": 1}
    client.post("/notices/read/")
    assert client.get("/notices/unread-count/").json() == {"unread": 0}


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, two_users):
    alice, _ = two_users
    client.force_login(alice)
    notice = Notice.objects.get(recipient=alice)
    response = client.get(f"/notices/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/notices/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_user_cannot_open_another_users_notice(client, two_users):
    alice, bob = two_users
    client.force_login(alice)
    assert client.get(f"/notices/{Notice.objects.get(recipient=bob).pk}/open/").status_code == 404


def test_notices_page_needs_login(client):
    assert client.get("/notices/").status_code == 302


def test_api_lists_own_notices_and_filters_unread(api_client, two_users, django_assert_num_queries):
    alice, bob = two_users
    api_client.force_authenticate(alice)
    with django_assert_num_queries(2):
        body = api_client.get("/api/notices/").json()
    assert [n["title"] for n in body["results"]] == ["For Alice"]
    notice_id = body["results"][0]["id"]
    assert api_client.post(f"/api/notices/{notice_id}/read/").json()["read_at"] is not None
    assert api_client.get("/api/notices/?unread=true").json()["count"] == 0


def test_api_answers_404_for_another_users_notice(api_client, two_users):
    alice, bob = two_users
    api_client.force_authenticate(alice)
    other = Notice.objects.get(recipient=bob)
    response = api_client.get(f"/api/notices/{other.pk}/")
    assert response.status_code == 404
    assert "For Bob" not in response.content.decode()
