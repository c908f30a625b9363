"""Who may see and act on detention requests and tips.

The holder side is the holder's staff and the agents it let file for it (for all its recordals or the
chosen one); officers see what was addressed to their office; administrators see everything.
"""

from confirmations.models import DetentionRequest, Tip
from portal.access import Need, holder_scope, is_administrator, office_of
from recordals.models import Recordal


def _holder_side(user):
    return holder_scope(user, need=Need.FILE, holder_path="holder", recordal_path="recordal_id")


def _officer_of(user, office_id) -> bool:
    office = office_of(user)
    return office is not None and office.pk == office_id


def _office_or_holder_side(user, queryset):
    """Administrators see all, officers their office's, the holder side its own (addressed to an office)."""
    if is_administrator(user):
        return queryset
    office = office_of(user)
    if office is not None:
        return queryset.filter(office=office)
    return queryset.filter(_holder_side(user))


def requests_visible_to(user, queryset=None):
    """Scope detention requests: administrators all, officers their office's, the holder side its own."""
    return _office_or_holder_side(user, DetentionRequest.objects.all() if queryset is None else queryset)


def recordals_invocable_by(user):
    """Recordals the user may invoke in a request or tip: those it may file for (approved or not; the service
    refuses one that is not in force)."""
    return Recordal.objects.filter(holder_scope(user, need=Need.FILE, holder_path="holder", recordal_path="pk"))


def may_review(user, request: DetentionRequest) -> bool:
    """Return whether the user is an officer of the office the request is addressed to."""
    return _officer_of(user, request.office_id)


def may_act_for_request(user, request: DetentionRequest) -> bool:
    """Return whether the user may act (withdraw, add evidence) for the request's holder."""
    return DetentionRequest.objects.filter(_holder_side(user), pk=request.pk).exists()


def tips_visible_to(user, queryset=None):
    """Scope tips: administrators all, officers their office's, the holder side its own."""
    return _office_or_holder_side(user, Tip.objects.all() if queryset is None else queryset)


def may_handle_tip(user, tip: Tip) -> bool:
    """Return whether the user is an officer of the office the tip was sent to."""
    return _officer_of(user, tip.office_id)
