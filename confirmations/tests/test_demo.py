import io
from decimal import Decimal
from types import SimpleNamespace

import pytest

from confirmations import demo
from confirmations.models import Case, CourtNotice, DetentionApplication, Disposal, Item
from recordals.tests.factories import recordal_in_force

pytestmark = pytest.mark.django_db


def test_seed_creates_cases_in_every_state_and_is_idempotent(cast):
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
    statuses = set(Item.objects.values_list("status", flat=True))
    assert statuses == {"pending", "detained", "released", "confirmed", "infringing", "court_assistance"}
    assert Item.objects.filter(decision="lapsed").exists()
    assert set(DetentionApplication.objects.values_list("status", flat=True)) == {
        "awaiting_bond",
        "secured",
        "withdrawn",
    }
    assert DetentionApplication.objects.get(status="awaiting_bond").bond_amount_cny == Decimal("100000.00")
    assert Disposal.objects.count() == CourtNotice.objects.count() == 1
    assert Item.objects.filter(release_reason__contains="50 working days").count() == 1
    assert not Item.objects.filter(hs_code="").exists()
    assert Item.objects.get(description="Handbags, LUMIÈRE PARIS / LUMIÈRE PARIS 手提包").hs_code == "420221"
    count = Case.objects.count()
    demo.seed(namespace, stdout=io.StringIO())
    assert Case.objects.count() == count == 10


def test_seed_skips_without_recordals():
    out = io.StringIO()
    demo.seed(SimpleNamespace(), stdout=out)
    assert "skipped" in out.getvalue()
