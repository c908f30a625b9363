"""The session's user is read with its membership, organization and district in one query, as Django's own log-in
back end reads the user: inactive users, unknown and malformed ids give no user."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.accounts.backends import MembershipBackend
from portal.accounts.models import Membership, Organization
from portal.prepared import forget_prepared
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["officer1", "holder1_user", "agent_user", "admin"])
def test_the_session_user_brings_its_organization_in_one_query(cast, who, django_assert_num_queries):
    expected = getattr(cast, who)
    membership = Membership.objects.select_related("organization__district").get(user=expected)
    for user_id in (expected.pk, str(expected.pk)):  # the session keeps the id as text
        with django_assert_num_queries(1):
            user = MembershipBackend().get_user(user_id)
            assert user.pk == expected.pk and user.username == expected.username and user.is_authenticated
            assert user.organization == membership.organization
            assert user.organization.name == membership.organization.name and user.organization.kind
            assert user.organization.district == membership.organization.district
            assert user.membership.role == membership.role


def test_a_user_without_organization_or_of_an_inactive_one_has_none(cast, django_assert_num_queries):
    loner = UserFactory()
    with django_assert_num_queries(1):
        assert MembershipBackend().get_user(loner.pk).organization is None
    Organization.objects.filter(pk=cast.holder1.pk).update(is_active=False)
    with django_assert_num_queries(1):
        assert MembershipBackend().get_user(cast.holder1_user.pk).organization is None


@pytest.mark.parametrize("user_id", ["abc", "", "1.5", str(2**63), str(-(2**63) - 1), None])
def test_an_id_that_is_none_or_out_of_range_gives_no_user(cast, user_id):
    assert MembershipBackend().get_user(user_id) is None


def test_an_unknown_or_inactive_user_gives_no_user(cast):
    backend = MembershipBackend()
    assert backend.get_user(cast.holder1_user.pk) is not None  # its statement compiled
    assert backend.get_user(10**12) is None
    get_user_model().objects.filter(pk=cast.holder1_user.pk).update(is_active=False)
    assert backend.get_user(cast.holder1_user.pk) is None


def test_a_signed_in_page_reads_its_session_user_and_membership_in_one_statement(client, cast):
    for who, path in ((cast.officer1, "/cases/"), (cast.holder1_user, "/inbox/")):
        client.force_login(who)
        forget_prepared(connection)  # its statements prepared again: their text is sent, not only their names
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200 and response.wsgi_request.user.organization == who.organization
        reads = [q["sql"] for q in captured.captured_queries if '"accounts_membership"' in q["sql"]]
        # The session's own statement: the user is read with its session (portal.session_store).
        assert len(reads) == 1 and 'FROM "portal_session"' in reads[0] and '"accounts_user"' in reads[0], reads
