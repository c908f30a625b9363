"""The OpenAPI document tells the truth about blank values and error answers."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}
PUBLIC = {
    ("post", "/api/auth/token/"),
    ("get", "/api/public/recordals/"),
    ("get", "/api/penalties/"),
    ("get", "/api/penalties/{id}/"),
    ("get", "/api/consignee/{public_id}/{token}/"),
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/?format=json").json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def test_no_decision_and_no_bond_are_documented_as_null(schema):
    item = schema["components"]["schemas"]["Item"]["properties"]
    assert item["decision"]["nullable"] and item["bond_kind"]["nullable"] and item["notice_url"]["nullable"]


def test_an_event_without_actor_is_documented_as_null(schema):
    assert schema["components"]["schemas"]["Event"]["properties"]["actor"]["nullable"]


def test_every_operation_documents_the_errors_it_can_answer(schema):
    missing = {}
    for method, path, operation in operations(schema):
        expected = {"503"}
        if (method, path) not in PUBLIC:
            expected |= {"401", "403"}
        if method != "get":
            expected |= {"400", "409"}
        if "{" in path:
            expected.add("404")
        if (method, path) in PUBLIC:
            expected.add("429")
        absent = expected - set(operation["responses"])
        if absent:
            missing[f"{method.upper()} {path}"] = sorted(absent)
    assert missing == {}


def test_error_answers_share_one_schema_with_a_detail(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"] and error["properties"]["detail"]["type"] == "string"
    answer = schema["paths"]["/api/items/{id}/decision/"]["post"]["responses"]["409"]
    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_the_page_parameter_is_a_whole_number_from_one(schema):
    [page] = [p for p in schema["paths"]["/api/items/"]["get"]["parameters"] if p["name"] == "page"]
    assert page["schema"] == {"type": "integer", "minimum": 1}
