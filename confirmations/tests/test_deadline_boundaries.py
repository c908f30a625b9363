"""The answer window closes exactly at 24:00 of the third working day; the lapse and a late answer never both win."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from confirmations import services
from confirmations.models import CaseEvent, Item
from portal.errors import Refused

pytestmark = pytest.mark.django_db


def test_holder_may_decide_one_second_before_the_deadline(filed, cast):
    _case, lumiere, _ = filed
    with time_machine.travel(lumiere.deadline - timedelta(seconds=1), tick=False):
        services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
        assert services.items_lapse_due() == 0
    assert Item.objects.get(pk=lumiere.pk).status == Item.Status.NOT_INFRINGING


def test_holder_cannot_decide_at_the_deadline_itself(filed, cast):
    _case, lumiere, _ = filed
    with time_machine.travel(lumiere.deadline, tick=False):
        with pytest.raises(Refused, match="has passed"):
            services.item_decide(user=cast.holder1_user, item_id=lumiere.pk, decision="not_infringing")
    assert Item.objects.get(pk=lumiere.pk).status == Item.Status.PENDING


def test_an_answer_after_the_lapse_is_refused_and_the_evidence_shows_one_outcome(filed, cast, api_client):
    _case, lumiere, _ = filed
    with time_machine.travel(lumiere.deadline + timedelta(minutes=1), tick=False):
        assert services.item_lapse(item_id=lumiere.pk)
        assert not services.item_lapse(item_id=lumiere.pk)
        api_client.force_authenticate(cast.holder1_user)
        response = api_client.post(f"/api/items/{lumiere.pk}/decision/", {"decision": "not_infringing"}, format="json")
    assert response.status_code == 409
    assert list(CaseEvent.objects.filter(item=lumiere).values_list("action", flat=True)) == [
        "item_filed",
        "lapsed",
        "released",
    ]


def test_the_deadline_is_stored_on_the_item_as_midnight_shanghai(filed):
    _case, lumiere, _ = filed
    local = lumiere.deadline.astimezone(ZoneInfo("Asia/Shanghai"))
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
