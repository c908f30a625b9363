"""What needs the user's action, for the header of every page."""

from django.utils import timezone

from confirmations.models import Item
from portal.access import Need, role_of
from recordals.access import recordal_scope


def awaiting(request):
    """Count the items awaiting the user's answer (holders and agents with the right to decide)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or role_of(user) not in ("holder", "agent"):
        return {}
    if not hasattr(request, "_awaiting_count"):
        # Rows rendered with the request (the live case page) run this again: count once per request.
        scope = recordal_scope(user, need=Need.DECIDE, recordal_path="recordal_id")
        pending = Item.objects.filter(scope, status=Item.Status.PENDING, deadline__gt=timezone.now())
        request._awaiting_count = pending.count()
    return {"awaiting_count": request._awaiting_count}
