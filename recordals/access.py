"""Who may see and do what with recordals, their images and documents.

Administrators see everything; officers see recordals that were ever approved (never drafts,
submissions or rejected filings); a holder's staff see the holder's own; an agent sees what a live
delegation grants. Querysets are scoped here so that foreign objects simply do not exist for a user.
"""

from collections import defaultdict

from django.db.models import F, Q

from portal.access import (
    Need,
    holder_scope,
    holders_acted_for,
    is_administrator,
    is_holder_side,
    is_officer,
)
from portal.accounts.models import Delegation, Organization, User
from recordals.models import Modification, Recordal, RecordalDocument, RecordalImage

OFFICER_STATUSES = Recordal.NUMBERED_STATUSES
PUBLIC_STATUSES = Recordal.NUMBERED_STATUSES


def chosen_recordal_ids(delegations):
    """Return the ids of the recordals that the given delegations of chosen recordals name."""
    return delegations.filter(recordals__isnull=False).values("recordals")


def recordal_scope(user, *, need: Need = Need.VIEW, holder_path: str = "holder", recordal_path: str = "pk"):
    """Return a filter for rows the user may reach as a holder's member or delegated agent (see
    ``portal.access.holder_scope``), an agent's chosen delegations reaching the recordals they name."""
    return holder_scope(
        user, need=need, holder_path=holder_path, recordal_path=recordal_path, chosen_recordals=chosen_recordal_ids
    )


def recordals_visible_to(user, need: Need = Need.VIEW):
    """Return the recordals the user may see (or, for holder-side users, act on with ``need``)."""
    recordals = Recordal.objects.all()
    if is_administrator(user):
        return recordals
    if is_officer(user):
        return recordals.filter(status__in=OFFICER_STATUSES)
    return recordals.filter(recordal_scope(user, need=need))


def may_see(user, recordal: Recordal) -> bool:
    """Return whether the user may see the recordal."""
    return recordals_visible_to(user).filter(pk=recordal.pk).exists()


def may_file(user, recordal: Recordal) -> bool:
    """Return whether the user may file for the recordal's holder (edit, submit, renew, modify, cancel)."""
    return is_holder_side(user) and recordals_visible_to(user, Need.FILE).filter(pk=recordal.pk).exists()


def may_edit(user, recordal: Recordal) -> bool:
    """Return whether the user may change the filing in place (drafts and rejected filings only)."""
    return recordal.is_editable() and may_file(user, recordal)


def may_review(user) -> bool:
    """Return whether the user decides on filings, renewals and modifications."""
    return is_administrator(user)


def may_cancel(user, recordal: Recordal) -> bool:
    """Return whether the user may cancel the recordal: its holder side or an administrator."""
    return may_review(user) or may_file(user, recordal)


def may_create_for(user, holder) -> bool:
    """Return whether the user may file a new recordal for the holder organization."""
    return is_holder_side(user) and holders_acted_for(user, Need.FILE).filter(pk=holder.pk).exists()


def filing_holders(user):
    """Return the holders the user may file new recordals for."""
    return holders_acted_for(user, Need.FILE) if is_holder_side(user) else Organization.objects.none()


def images_visible_to(user):
    """Return the recordal images the user may see."""
    return RecordalImage.objects.filter(recordal__in=recordals_visible_to(user))


def documents_visible_to(user):
    """Return the supporting documents the user may open: administrators and the holder side."""
    if is_officer(user):
        return RecordalDocument.objects.none()
    return RecordalDocument.objects.filter(recordal__in=recordals_visible_to(user))


def modifications_visible_to(user):
    """Return the modification requests the user may see."""
    if is_officer(user):
        return Modification.objects.none()
    return Modification.objects.filter(recordal__in=recordals_visible_to(user))


def image_urls(image: RecordalImage) -> dict:
    """Return the access-checked URLs of an image and its thumbnail."""
    return {"full": image.get_absolute_url(), "thumb": image.get_thumbnail_url()}


def recordal_contacts(recordal: Recordal, *, power: str = "may_file"):
    """Return the users told about a recordal: its holder's staff, and the staff of agent firms whose live
    delegation covers it and grants ``power`` (``"may_file"`` for the recordal's own news, ``"may_decide"``
    for suspect goods under it). Inactive users and organizations are never told."""
    return holder_contacts(recordal.holder_id, recordal_id=recordal.pk, power=power)


def holder_contacts(holder_id: int, *, recordal_id: int | None = None, power: str = "may_file"):
    """Return the users told about a holder's matter: ``recordal_contacts`` of ``recordal_id``, or, for a matter
    under no recordal, the holder's staff and the staff of agent firms delegated for all its recordals."""
    covers = Q(scope=Delegation.Scope.ALL)
    if recordal_id is not None:
        covers |= Q(scope=Delegation.Scope.CHOSEN, recordals=recordal_id)
    agents = delegations_granting(holder_ids=[holder_id], power=power).filter(covers).values("agent_id")
    return User.objects.filter(
        Q(membership_row__organization=holder_id) | Q(membership_row__organization__in=agents),
        is_active=True,
        membership_row__organization__is_active=True,
    ).order_by("pk")


def delegations_granting(*, holder_ids, power: str):
    """Return the unrevoked delegations of these holders to active agent firms that grant ``power``."""
    return Delegation.objects.filter(
        holder_id__in=list(holder_ids), revoked_at__isnull=True, agent__is_active=True, **{power: True}
    )


def agents_covering(pairs, *, power: str) -> dict[tuple[int, int], set[int]]:
    """Return, per (holder id, recordal id) pair, the agent firms ``holder_contacts`` would tell (one query; a
    recordal id of None: those delegated for all the holder's recordals)."""
    pairs = list(pairs)
    grants = {}
    for holder_id, agent_id, scope, chosen in delegations_granting(
        holder_ids={holder for holder, _recordal in pairs}, power=power
    ).values_list("holder_id", "agent_id", "scope", "recordals"):
        grants.setdefault(holder_id, []).append((agent_id, scope, chosen))
    return {
        (holder, recordal): {
            agent
            for agent, scope, chosen in grants.get(holder, ())
            if scope == Delegation.Scope.ALL or (recordal is not None and chosen == recordal)
        }
        for holder, recordal in pairs
    }


def members_by_organization(organization_ids) -> dict[int, list[User]]:
    """Return the active users of each of these organizations that is active, by organization id, in one query."""
    members = defaultdict(list)
    for user in (
        User.objects.filter(
            is_active=True,
            membership_row__organization_id__in=list(organization_ids),
            membership_row__organization__is_active=True,
        )
        .annotate(member_of=F("membership_row__organization_id"))
        .order_by("pk")
    ):
        members[user.member_of].append(user)
    return members


class Contacts:
    """The users told of many holders' matters at once: per (holder id, recordal id) pair, those
    ``holder_contacts`` would tell, and the members of the ``also`` organizations (offices), in two queries."""

    def __init__(self, pairs, *, power: str, also=()):
        self.covering = agents_covering(pairs, power=power)
        holders = {holder for holder, _recordal in self.covering}
        self.members = members_by_organization(holders.union(*self.covering.values(), also))

    def of(self, holder_id: int, recordal_id: int) -> list[User]:
        """Return the pair's contacts in id order, as ``holder_contacts`` lists them."""
        organizations = (holder_id, *self.covering[holder_id, recordal_id])
        return sorted((user for org in organizations for user in self.members[org]), key=lambda user: user.pk)
