"""Query parameters are checked: a wrong type answers 400 instead of being ignored."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(cast) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=cast.holder1_user)[0].key}")
    return client


@pytest.mark.parametrize(
    "query",
    [
        "/api/items/?page=abc",
        "/api/items/?page=0",
        "/api/items/?page=last",
        "/api/items/?status=nonsense",
        "/api/items/?recordal=x",
        "/api/items/?case=1.5",
        "/api/items/?flagged_infringer=maybe",
        "/api/items/?case=",
        "/api/notices/?unread=null",
        "/api/recordals/?include_inactive=perhaps",
        "/api/recordals/?valid_until_before=",
        "/api/recordals/?valid_until_before=yesterday",
    ],
)
def test_a_wrongly_typed_query_parameter_answers_400(holder, query):
    response = holder.get(query)
    assert response.status_code == 400, response.content
    assert response.json()


def test_a_page_past_the_end_answers_404(holder):
    assert holder.get("/api/items/?page=99").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["/api/items/?page=1", "/api/items/?flagged_infringer=true", "/api/items/?recordal=1", "/api/notices/?unread=0"],
)
def test_well_typed_query_parameters_are_accepted(holder, query):
    assert holder.get(query).status_code == 200
