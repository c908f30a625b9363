"""Who may see penalty decisions, and the public list's search."""

from django.db.models import Q

from confirmations.penalty_models import PenaltyDecision
from portal.access import is_administrator

SEARCHED = (
    "number",
    "trader_en",
    "trader_zh",
    "goods_en",
    "goods_zh",
    "recordal_number",
    "mark",
)


def may_manage_penalties(user) -> bool:
    """Return whether the user drafts, reviews, publishes and withdraws penalty decisions: administrators."""
    return is_administrator(user)


def penalties_visible_to(user, queryset=None):
    """Scope penalty decisions: administrators every one, anyone else (signed in or not) the published ones."""
    queryset = PenaltyDecision.objects.all() if queryset is None else queryset
    return queryset if may_manage_penalties(user) else queryset.published()


def published_penalties(query: str = ""):
    """Return the published decisions, newest first, matching a word of the number, trader, goods or right."""
    decisions = PenaltyDecision.objects.published()
    for word in query.split()[:8]:
        match = Q()
        # Each case of the word too: SQLite folds the case of ASCII letters only ("lumière" finds "LUMIÈRE").
        for variant in {word, word.lower(), word.upper(), word.title()}:
            for name in SEARCHED:
                match |= Q(**{f"{name}__icontains": variant})
        decisions = decisions.filter(match)
    return decisions.order_by("-decided_on", "-pk")
