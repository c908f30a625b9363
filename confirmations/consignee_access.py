"""Who may see a case's consignee links (its office's officers) and what a consignee sent (also the item's holder)."""

from confirmations.access import items_visible_to, may_act_as_officer
from confirmations.models import ConsigneeDocument, ConsigneeLink


def consignee_documents_visible_to(user, queryset=None):
    """Scope explanation documents to the items the user sees (administrators, the office, the item's holder)."""
    queryset = ConsigneeDocument.objects.all() if queryset is None else queryset
    return queryset.filter(submission__item__in=items_visible_to(user).values("pk"))


def consignee_links_for(user, case):
    """Return the case's consignee links for an officer of its office; nobody else sees them."""
    if not may_act_as_officer(user, case):
        return ConsigneeLink.objects.none()
    return ConsigneeLink.objects.filter(case=case).select_related("case", "holder").order_by("-created_at", "-pk")
