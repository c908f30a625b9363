import io
from types import SimpleNamespace

import pytest

from confirmations import demo
from confirmations.models import DetentionRequest, Tip
from recordals.tests.factories import recordal_in_force

pytestmark = pytest.mark.django_db


def test_seed_has_a_pending_application_and_a_tip_once(cast):
    namespace = SimpleNamespace(
        officer1=cast.officer1,
        holder1=cast.holder1,
        holder1_user=cast.holder1_user,
        holder2_user=cast.holder2_user,
        admin=cast.admin,
        recordals={
            "lumiere": recordal_in_force(cast.holder1, title="LUMIÈRE"),
            "lumiere_paris": recordal_in_force(cast.holder1, title="LUMIÈRE PARIS"),
            "nordik": recordal_in_force(cast.holder2, title="NORDIK"),
        },
    )
    demo.seed(namespace, stdout=io.StringIO())
    demo.seed(namespace, stdout=io.StringIO())
    assert list(DetentionRequest.objects.values_list("status", "office")) == [("submitted", cast.office1.pk)]
    assert list(Tip.objects.values_list("status", "office")) == [("new", cast.office1.pk)]
