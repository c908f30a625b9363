"""What needs the user's action, for the header of every page."""

from confirmations.access import awaiting_items
from portal.access import role_of


def awaiting(request):
    """Count the items awaiting the user's answer (holders and agents with the right to decide)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or role_of(user) not in ("holder", "agent"):
        return {}
    if not hasattr(request, "_awaiting_count"):
        # Rows rendered with the request (the live case page) run this again: count once per request.
        awaiting_count_known(request, awaiting_items(user).count())
    return {"awaiting_count": request._awaiting_count}


def awaiting_count_known(request, count: int) -> None:
    """Keep the count of ``awaiting_items`` a view already read (``awaiting_count_annotation``) for the header."""
    request._awaiting_count = count
