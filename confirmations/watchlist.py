"""Reading the watchlist: administrators' search, a trader's page, the proposals awaiting a decision."""

from django.db.models import Count, Q

from confirmations.watchlist_models import WatchedTrader, WatchlistProposal
from portal.traders import trader_identifier_key, trader_name_key


def watched_traders(*, query: str = "", state: str = "active"):
    """Return watched traders by name, alias (any part, comparable form) or registration number, by name."""
    traders = WatchedTrader.objects.annotate(alias_count=Count("aliases", distinct=True), hit_count=Count("hits"))
    if state in ("active", ""):
        traders = traders.filter(is_active=True)
    elif state == "inactive":
        traders = traders.filter(is_active=False)
    key, identifier = trader_name_key(query), trader_identifier_key(query)
    if key or identifier:
        found = Q(pk__in=[])
        if key:
            found |= Q(name_key__contains=key) | Q(pk__in=WatchedTrader.objects.filter(aliases__name_key__contains=key))
        if identifier:
            found |= Q(identifier_key=identifier)
        traders = traders.filter(found)
    return traders.order_by("name_key", "pk")


def pending_proposals():
    """Return the proposals awaiting an administrator, oldest first, with their case's office."""
    return (
        WatchlistProposal.objects.filter(status=WatchlistProposal.Status.PENDING)
        .select_related("case", "case__office")
        .order_by("created_at", "pk")
    )
