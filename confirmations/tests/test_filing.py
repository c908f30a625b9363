from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from confirmations import services
from confirmations.models import CaseEvent, Item, ItemPhoto
from confirmations.tests.factories import file_case, item_input
from portal.notices.models import Notice
from portal.uploads import verify_image
from recordals.models import Recordal
from recordals.tests.factories import image_upload

pytestmark = pytest.mark.django_db


def test_filing_creates_items_scoped_to_each_recordals_holder(filed, cast):
    case, lumiere, nordik = filed
    assert case.office == cast.office1
    assert lumiere.holder == cast.holder1 and nordik.holder == cast.holder2
    assert lumiere.status == Item.Status.PENDING
    assert lumiere.deadline > lumiere.notified_at


def test_filing_converts_value_at_the_stated_rate(cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.lumiere, value="100.00", currency="USD")])
    item = case.items.get()
    assert item.exchange_rate == Decimal("7.100000")
    assert item.value_cny == Decimal("710.00")


def test_filing_refuses_a_currency_with_no_rate(cast, recordals):
    with pytest.raises(services.FieldErrors) as exc:
        file_case(cast.officer1, [item_input(recordals.lumiere)], currency="XYZ")
    assert "currency" in exc.value.errors


def test_filing_refuses_a_recordal_not_in_force(cast, recordals):
    Recordal.objects.filter(pk=recordals.nordik.pk).update(status=Recordal.Status.EXPIRED)
    with pytest.raises(services.FieldErrors) as exc:
        file_case(cast.officer1, [item_input(recordals.lumiere), item_input(recordals.nordik)])
    assert exc.value.errors["items"][0] == {}
    assert "recordal" in exc.value.errors["items"][1]
    assert not Item.objects.exists()


def test_holder_cannot_file_a_case(cast, recordals):
    with pytest.raises(PermissionDenied):
        file_case(cast.holder1_user, [item_input(recordals.lumiere)])


def test_known_infringer_is_flagged(cast, recordals):
    case = file_case(cast.officer1, [item_input(recordals.lumiere)], consignor="SHADY EXPORTS LTD.")
    item = case.items.get()
    assert item.flagged_infringer
    assert "Shady Exports Ltd" in item.flag_reason


def test_unknown_parties_are_not_flagged(cast, recordals):
    item = file_case(cast.officer1, [item_input(recordals.lumiere)]).items.get()
    assert not item.flagged_infringer and item.flag_reason == ""


def test_photos_are_verified_stripped_and_hashed(cast, recordals):
    verified = verify_image(image_upload("photo.jpg"))
    item = file_case(cast.officer1, [item_input(recordals.lumiere, photos=[verified])]).items.get()
    photo = ItemPhoto.objects.get(item=item)
    assert photo.sha256 == verified.sha256
    assert photo.thumbnail.name
    event = CaseEvent.objects.get(item=item, action="item_filed")
    assert event.data["photos"] == [verified.sha256]


def test_filing_notifies_holder_members_and_deciding_agents_only(filed, cast):
    case, lumiere, nordik = filed
    lumiere_notices = Notice.objects.filter(kind="item_notice", link=f"{lumiere.get_absolute_url()}#decide")
    assert set(lumiere_notices.values_list("recipient__username", flat=True)) == {"t-holder1", "t-holder1b", "t-agent1"}
    nordik_notices = Notice.objects.filter(kind="item_notice", link=f"{nordik.get_absolute_url()}#decide")
    assert set(nordik_notices.values_list("recipient__username", flat=True)) == {"t-holder2"}


def test_agent_without_decision_power_is_not_notified(cast, recordals, django_capture_on_commit_callbacks):
    cast.delegation.may_decide = False
    cast.delegation.save()
    with django_capture_on_commit_callbacks(execute=True):
        file_case(cast.officer1, [item_input(recordals.lumiere)])
    assert not Notice.objects.filter(recipient=cast.agent_user).exists()
