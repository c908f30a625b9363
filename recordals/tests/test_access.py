import pytest
from django.utils import timezone

from portal.accounts.models import Delegation
from portal.tests.factories import AgentFirmFactory, DelegationFactory, member_of
from recordals import access
from recordals.models import Recordal
from recordals.tests.factories import RecordalFactory, approved_recordal, recordal_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def recordals(cast):
    """One recordal of each holder in each status that matters."""
    made = {}
    for holder_key in ("holder1", "holder2"):
        holder = getattr(cast, holder_key)
        for status in Recordal.Status.values:
            recordal = approved_recordal(holder=holder, title=f"{holder_key} {status}")
            Recordal.objects.filter(pk=recordal.pk).update(
                status=status, number=None if status in ("draft", "submitted", "rejected") else recordal.number
            )
            recordal.refresh_from_db()
            made[holder_key, status] = recordal
    return made


def visible(user, recordals):
    ids = set(access.recordals_visible_to(user).values_list("pk", flat=True))
    return {key for key, recordal in recordals.items() if recordal.pk in ids}


def keys(holder_keys, statuses=tuple(Recordal.Status.values)):
    return {(h, s) for h in holder_keys for s in statuses}


def test_administrator_sees_everything(cast, recordals):
    assert visible(cast.admin, recordals) == set(recordals)


def test_officers_see_only_recordals_that_were_approved(cast, recordals):
    numbered = ("approved", "renewal_requested", "expired", "cancelled")

    assert visible(cast.officer1, recordals) == keys(["holder1", "holder2"], numbered)
    assert visible(cast.officer2, recordals) == keys(["holder1", "holder2"], numbered)


def test_holder_staff_see_their_own_holder_only(cast, recordals):
    assert visible(cast.holder1_user, recordals) == keys(["holder1"])
    assert visible(cast.holder1b_user, recordals) == keys(["holder1"])
    assert visible(cast.holder2_user, recordals) == keys(["holder2"])
    assert visible(cast.outsider, recordals) == set()


def test_agent_sees_what_was_delegated(cast, recordals):
    assert visible(cast.agent_user, recordals) == keys(["holder1"])


def test_agent_with_chosen_recordals_sees_only_those(cast, recordals):
    firm = AgentFirmFactory(name="Chosen Firm")
    delegation = DelegationFactory(holder=cast.holder2, agent=firm, scope=Delegation.Scope.CHOSEN)
    delegation.recordals.add(recordals["holder2", "approved"])
    clerk = member_of(firm, username="t-chosen")

    assert visible(clerk, recordals) == {("holder2", "approved")}
    assert not access.may_create_for(clerk, cast.holder2)


def test_revoked_delegation_shows_nothing(cast, recordals):
    Delegation.objects.filter(pk=cast.delegation.pk).update(revoked_at=timezone.now())

    assert visible(cast.agent_user, recordals) == set()


def test_agent_without_filing_right_may_view_but_not_file(cast, recordals):
    Delegation.objects.filter(pk=cast.delegation.pk).update(may_file=False)
    draft = recordals["holder1", "draft"]

    assert access.may_see(cast.agent_user, draft)
    assert not access.may_file(cast.agent_user, draft)
    assert not access.may_create_for(cast.agent_user, cast.holder1)


def test_edit_right_is_for_the_holder_side_on_drafts_and_rejected_filings(cast, recordals):
    assert access.may_edit(cast.holder1_user, recordals["holder1", "draft"])
    assert access.may_edit(cast.agent_user, recordals["holder1", "rejected"])
    assert not access.may_edit(cast.holder1_user, recordals["holder1", "approved"])
    assert not access.may_edit(cast.holder2_user, recordals["holder1", "draft"])
    assert not access.may_edit(cast.admin, recordals["holder1", "draft"])


def test_only_administrators_review(cast):
    assert access.may_review(cast.admin)
    assert not any(access.may_review(u) for u in (cast.officer1, cast.holder1_user, cast.agent_user))


def test_officers_see_images_of_approved_recordals_but_no_documents(cast):
    recordal = approved_recordal(holder=cast.holder1)
    image = recordal_image(recordal)
    draft_image = recordal_image(RecordalFactory(holder=cast.holder1))

    assert list(access.images_visible_to(cast.officer1)) == [image]
    assert not access.documents_visible_to(cast.officer1).exists()
    assert set(access.images_visible_to(cast.holder1_user)) == {image, draft_image}
    assert access.image_urls(image) == {
        "full": f"/recordals/images/{image.pk}/",
        "thumb": f"/recordals/images/{image.pk}/thumb/",
    }


def test_contacts_are_holder_staff_and_covering_agents(cast):
    recordal = approved_recordal(holder=cast.holder2)
    firm = AgentFirmFactory(name="Other Firm")
    DelegationFactory(holder=cast.holder2, agent=firm, scope=Delegation.Scope.CHOSEN)
    member_of(firm, username="t-other-agent")

    assert [u.username for u in access.recordal_contacts(recordal)] == ["t-holder2"]
