"""The objects an officer acts on from a page: visible to the user, and in the officer's office."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from confirmations.access import cases_visible_to, items_visible_to, may_act_as_officer


def officer_case(request, pk):
    """Return the case ``pk`` (with its office) for an officer who may act on it; 404 unseen, 403 not theirs."""
    case = get_object_or_404(cases_visible_to(request.user).select_related("office"), pk=pk)
    if not may_act_as_officer(request.user, case):
        raise PermissionDenied
    return case


def officer_item(request, pk, *related: str):
    """Return the item ``pk`` (with its case and ``related``) for an officer who may act on its case."""
    item = get_object_or_404(items_visible_to(request.user).select_related("case", *related), pk=pk)
    if not may_act_as_officer(request.user, item.case):
        raise PermissionDenied
    return item
