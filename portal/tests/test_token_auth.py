"""The API token log-in: one query for the token, its user and the user's organization, the same answer as DRF's."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from portal.accounts.models import Membership, Organization
from portal.tests.factories import UserFactory
from portal.token_auth import MemberTokenAuthentication

pytestmark = pytest.mark.django_db


def _log_in(user):
    return MemberTokenAuthentication().authenticate_credentials(Token.objects.get_or_create(user=user)[0].key)


@pytest.mark.parametrize("who", ["officer1", "holder1_user", "admin"])
def test_the_token_brings_its_user_and_organization_in_one_query(cast, who, django_assert_num_queries):
    expected = getattr(cast, who)
    key = Token.objects.get_or_create(user=expected)[0].key
    membership = Membership.objects.select_related("organization__district").get(user=expected)
    for _twice in range(2):
        with django_assert_num_queries(1):
            user, token = MemberTokenAuthentication().authenticate_credentials(key)
            assert token.user is user and user.pk == expected.pk and user.username == expected.username
            organization = user.organization
            assert organization == membership.organization and organization.name == membership.organization.name
            assert organization.district == membership.organization.district


def test_a_user_without_organization_logs_in_with_none(cast, django_assert_num_queries):
    key = Token.objects.get_or_create(user=UserFactory())[0].key
    with django_assert_num_queries(1):
        user, _token = MemberTokenAuthentication().authenticate_credentials(key)
        assert user.organization is None


def test_a_member_of_an_inactive_organization_has_no_organization(cast):
    Organization.objects.filter(pk=cast.holder1.pk).update(is_active=False)
    user, _token = _log_in(cast.holder1_user)
    assert user.organization is None


def test_an_unknown_key_and_an_inactive_user_are_refused(cast):
    with pytest.raises(AuthenticationFailed, match="Invalid token"):
        MemberTokenAuthentication().authenticate_credentials("0" * 40)
    key = Token.objects.get_or_create(user=cast.holder1_user)[0].key
    type(cast.holder1_user).objects.filter(pk=cast.holder1_user.pk).update(is_active=False)
    with pytest.raises(AuthenticationFailed, match="inactive"):
        MemberTokenAuthentication().authenticate_credentials(key)
