"""Who may see and do what: the roles and the holder scope every app builds on.

Access is denied by default: a user with no active organization may do nothing, and a
scope that does not apply returns a filter that matches no row. Apps build their own
per-object helpers (``recordals.access``, ``confirmations.access``) on these.
"""

from enum import StrEnum

from django.db.models import Q

from portal.accounts.models import Delegation, Organization

NOTHING = Q(pk__in=[])


class Need(StrEnum):
    """What a holder-side user wants to do with a holder's objects."""

    VIEW = "view"
    FILE = "file"
    DECIDE = "decide"


def organization_of(user):
    """Return the user's active organization, or None for anonymous or unattached users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.organization


def is_administrator(user) -> bool:
    """Return whether the user is staff of the customs IPR department (or a superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    org = organization_of(user)
    return org is not None and org.kind == Organization.Kind.ADMIN


def office_of(user):
    """Return the customs office the user works in, or None."""
    org = organization_of(user)
    return org if org is not None and org.kind == Organization.Kind.OFFICE else None


def is_officer(user) -> bool:
    """Return whether the user is staff of a customs office."""
    return office_of(user) is not None


def is_customs_staff(user) -> bool:
    """Return whether the user works for customs: an office's officer or the department's administrator."""
    return is_officer(user) or is_administrator(user)


def holder_of(user):
    """Return the rights holder the user is staff of, or None (agents, customs, unattached users)."""
    org = organization_of(user)
    return org if org is not None and org.kind == Organization.Kind.HOLDER else None


def is_holder_side(user) -> bool:
    """Return whether the user is staff of a rights holder or of an agent firm."""
    org = organization_of(user)
    return org is not None and org.kind in (Organization.Kind.HOLDER, Organization.Kind.AGENT)


def role_of(user) -> str:
    """Return one word naming the user's role: administrator, officer, holder, agent or none."""
    if is_administrator(user):
        return "administrator"
    org = organization_of(user)
    if org is None:
        return "none"
    return {
        Organization.Kind.OFFICE: "officer",
        Organization.Kind.HOLDER: "holder",
        Organization.Kind.AGENT: "agent",
    }.get(org.kind, "none")


def live_delegations(agent, need: Need = Need.VIEW):
    """Return the agent firm's unrevoked delegations that grant ``need``."""
    delegations = Delegation.objects.filter(agent=agent, revoked_at__isnull=True, holder__is_active=True)
    if need == Need.FILE:
        delegations = delegations.filter(may_file=True)
    elif need == Need.DECIDE:
        delegations = delegations.filter(may_decide=True)
    return delegations


def holder_scope(
    user,
    *,
    need: Need = Need.VIEW,
    holder_path: str = "holder",
    recordal_path: str = "pk",
    chosen_recordals=None,
) -> Q:
    """Return a filter for rows the user may reach as a holder's member or delegated agent.

    ``holder_path`` leads from the filtered model to the holder organization and
    ``recordal_path`` to the recordal's id (``"pk"`` when filtering recordals themselves).
    ``chosen_recordals`` turns an agent's live delegations of chosen recordals into those recordals'
    ids; the app that links delegations to recordals passes it. Without it such a delegation reaches
    nothing.
    """
    org = organization_of(user)
    if org is None:
        return NOTHING
    if org.kind == Organization.Kind.HOLDER:
        return Q(**{holder_path: org.pk})
    if org.kind == Organization.Kind.AGENT:
        delegations = live_delegations(org, need)
        whole_holders = Q(**{f"{holder_path}__in": delegations.filter(scope=Delegation.Scope.ALL).values("holder_id")})
        if chosen_recordals is None:
            return whole_holders
        chosen = chosen_recordals(delegations.filter(scope=Delegation.Scope.CHOSEN))
        return whole_holders | Q(**{f"{recordal_path}__in": chosen})
    return NOTHING


def holders_acted_for(user, need: Need = Need.VIEW):
    """Return the holder organizations for which the user may act on every recordal."""
    org = organization_of(user)
    if org is None:
        return Organization.objects.none()
    if org.kind == Organization.Kind.HOLDER:
        return Organization.objects.filter(pk=org.pk)
    if org.kind == Organization.Kind.AGENT:
        holder_ids = live_delegations(org, need).filter(scope=Delegation.Scope.ALL).values("holder_id")
        return Organization.objects.filter(pk__in=holder_ids, kind=Organization.Kind.HOLDER)
    return Organization.objects.none()


def may_act_for_holder(user, holder, need: Need = Need.VIEW) -> bool:
    """Return whether the user may act for the holder organization as a whole."""
    return holder is not None and holders_acted_for(user, need).filter(pk=holder.pk).exists()
