"""The notices and the admin lists of notices and accounts run an exact number of queries, the same however many
rows there are and on every database."""

from types import SimpleNamespace

import pytest

from portal.notices.models import WebhookEndpoint
from portal.notices.services import notice_send
from portal.tests.factories import DelegationFactory, HolderFactory, member_of
from portal.tests.query_counts import assert_exact_queries

pytestmark = pytest.mark.django_db

TEMPLATE = "notices/tests/counted"


@pytest.fixture(autouse=True)
def _notice_templates(settings, tmp_path):
    """A notice whose title names a row, so that showing it reads that row."""
    folder = tmp_path / "templates" / "notices" / "tests"
    folder.mkdir(parents=True)
    (folder / "counted_subject.txt").write_text("News of {{ holder.name }}")
    (folder / "counted_body.txt").write_text("{{ holder.name }}")
    (folder / "counted_body.html").write_text("<p>{{ holder.name }}</p>")
    engine, *others = settings.TEMPLATES
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path / "templates"]}, *others]


@pytest.fixture
def scene(cast):
    """Grow the scene by ``size`` holders, each with a webhook, a delegation and a notice to holder1's user."""
    made = SimpleNamespace(number=0)
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()

    def grow(size: int) -> SimpleNamespace:
        for _ in range(size):
            made.number += 1
            holder = HolderFactory(name=f"Holder {made.number}")
            member_of(holder)
            WebhookEndpoint.objects.create(organization=holder, url=f"https://hooks.example.com/{made.number}")
            DelegationFactory(holder=holder, agent=cast.agent_firm)
            notice_send(recipients=[cast.holder1_user], kind="counted", template=TEMPLATE, context={"holder": holder})
        return made

    return grow


ROWS = [
    ("holder1_user", "/notices/", 6),
    ("holder1_user", "/api/notices/", 3),
    ("admin", "/admin/notices/notice/", 5),
    ("admin", "/admin/notices/delivery/", 5),
    ("admin", "/admin/notices/webhookendpoint/", 4),
    ("admin", "/admin/accounts/organization/", 5),
    ("admin", "/admin/accounts/delegation/", 4),
    ("admin", "/admin/accounts/user/", 5),
]


@pytest.mark.parametrize(("who", "url", "expected"), ROWS)
def test_queries_are_exact_and_do_not_grow_with_rows(
    client, cast, scene, django_assert_num_queries, who, url, expected
):
    client.force_login(getattr(cast, who))
    scene(1)
    assert_exact_queries(client, url, expected, django_assert_num_queries)
    scene(4)
    assert_exact_queries(client, url, expected, django_assert_num_queries)
