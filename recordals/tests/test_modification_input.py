"""Bad modification requests get a 400 with a message, never a 500, and write nothing."""

import pytest

from recordals.models import Modification, RecordalEvent
from recordals.tests.factories import approved_recordal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes",
    [
        {"right_valid_until": "2030-02-30"},
        {"right_valid_until": "2030-13-01"},
        {"right_valid_until": "soon"},
        {"right_valid_until": 20300101},
        {"nice_classes": "14"},
        {"nice_classes": 14},
        {"nice_classes": [1.5]},
        {"nice_classes": [True]},
        {"nice_classes": [0]},
        {"nice_classes": [46]},
        {"nice_classes": []},
        {"nice_classes": [{"class": 14}]},
        {"identification_guide": {"text": "x"}},
        {"right_details": ["x"]},
        {"status": "approved"},
        {"valid_until": "2099-12-31"},
    ],
)
def test_malformed_change_is_a_400_and_writes_nothing(api_client, cast, changes):
    recordal = approved_recordal(holder=cast.holder1)
    events = RecordalEvent.objects.count()
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post(f"/api/recordals/{recordal.pk}/modify/", {"changes": changes}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert not Modification.objects.exists() and RecordalEvent.objects.count() == events


def test_nice_classes_given_as_digit_strings_are_read_as_numbers(api_client, cast):
    recordal = approved_recordal(holder=cast.holder1)
    api_client.force_authenticate(cast.holder1_user)
    response = api_client.post(
        f"/api/recordals/{recordal.pk}/modify/", {"changes": {"nice_classes": ["25", 18, "18"]}}, format="json"
    )
    assert response.status_code == 201 and response.json()["changes"] == {"nice_classes": [18, 25]}
