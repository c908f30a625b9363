import io
from types import SimpleNamespace

import pytest

from confirmations import demo
from confirmations.models import DetentionRequest, Tip
from confirmations.tests.factories import approved_recordal

pytestmark = pytest.mark.django_db


def test_seed_has_a_pending_application_and_a_tip_once(cast):
    namespace = SimpleNamespace(
        officer1=cast.officer1,
        holder1=cast.holder1,
        holder1_user=cast.holder1_user,
        holder2_user=cast.holder2_user,
        admin=cast.admin,
        recordals={
            "lumiere": approved_recordal(cast.holder1, title="LUMIÈRE"),
            "lumiere_paris": approved_recordal(cast.holder1, title="LUMIÈRE PARIS"),
            "nordik": approved_recordal(cast.holder2, title="NORDIK"),
        },
    )
    demo.seed(namespace, stdout=io.StringIO())
    demo.seed(namespace, stdout=io.StringIO())
    assert list(DetentionRequest.objects.values_list("status", "office")) == [("submitted", cast.office1.pk)]
    assert list(Tip.objects.values_list("status", "office")) == [("new", cast.office1.pk)]
