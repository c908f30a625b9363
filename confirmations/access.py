"""Who may see and act on cases, items and general bonds."""

from functools import partial

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.utils import timezone

from confirmations.models import Case, DetentionApplication, GeneralBond, Item
from portal.access import (
    Need,
    holders_acted_for,
    is_administrator,
    may_act_for_holder,
    office_of,
    organization_of,
)
from recordals.access import recordal_scope


def _scoped(user, queryset, model, office_path: str, holder_side):
    """Scope a queryset (None: all of ``model``) the one way: administrators all, officers their office's (by
    ``office_path``), the holder side the rows ``holder_side()`` selects."""
    queryset = model.objects.all() if queryset is None else queryset
    if is_administrator(user):
        return queryset
    office = office_of(user)
    if office is not None:
        return queryset.filter(**{office_path: office})
    return queryset.filter(holder_side())


def items_visible_to(user, queryset=None):
    """Scope items: administrators all, officers their office's (its case's, kept on the item), holders and agents
    their own."""
    holder_side = partial(recordal_scope, user, need=Need.VIEW, recordal_path="recordal_id")
    return _scoped(user, queryset, Item, "office", holder_side)


def items_scope_key(user):
    """Return what ``items_visible_to(user)`` depends on, so that its SQL may be kept under it: the user's
    organization (an administrator's, any). An agent's live delegations are subqueries of that SQL, read by each run
    of it; None for anyone who sees nothing."""
    if is_administrator(user):
        return ("administrator",)
    org = organization_of(user)
    return None if org is None else (org.kind, org.pk)


def cases_visible_to(user, queryset=None):
    """Scope cases: administrators all, officers their office's, holder side those with one of its items."""
    return _scoped(user, queryset, Case, "office", lambda: Q(pk__in=items_visible_to(user).values("case_id")))


def sees_whole_case(user, case: Case) -> bool:
    """Return whether the user sees every item of the case (customs staff), not only its own."""
    return is_administrator(user) or (office_of(user) is not None and office_of(user).pk == case.office_id)


def may_decide(user, item: Item) -> bool:
    """Return whether the user may decide the item for its holder."""
    scope = recordal_scope(user, need=Need.DECIDE, recordal_path="recordal_id")
    return Item.objects.filter(scope, pk=item.pk).exists()


def may_act_as_officer(user, case: Case) -> bool:
    """Return whether the user is an officer of the case's office."""
    office = office_of(user)
    return office is not None and office.pk == case.office_id


def may_file_cases(user) -> bool:
    """Return whether the user may file cases (an officer of a customs office)."""
    return office_of(user) is not None


def bonds_visible_to(user, queryset=None):
    """Scope general bonds: administrators all, holder side the bonds of holders it acts for."""
    queryset = GeneralBond.objects.all() if queryset is None else queryset
    if is_administrator(user):
        return queryset
    return queryset.filter(holder__in=holders_acted_for(user, Need.VIEW))


def may_register_bond(user, holder) -> bool:
    """Return whether the user may register a general bond for the holder."""
    return may_act_for_holder(user, holder, Need.DECIDE)


def applications_visible_to(user, queryset=None):
    """Scope detention applications: administrators all, officers their office's, the holder's deciders theirs."""
    return _scoped(
        user,
        queryset,
        DetentionApplication,
        "case__office",
        lambda: Q(pk__in=_decidable_items(user).values("application_id")),
    )


def _decidable_items(user):
    return Item.objects.filter(recordal_scope(user, need=Need.DECIDE, recordal_path="recordal_id"))


def awaiting_items(user, *, now=None):
    """Return the items awaiting the user's answer: pending, before their deadline (at ``now``, by default the
    present), of holders it decides for."""
    return _decidable_items(user).filter(status=Item.Status.PENDING, deadline__gt=now or timezone.now())


def awaiting_count_annotation(user, *, now=None) -> Subquery:
    """An annotation giving every row the number of ``awaiting_items(user, now=now)``, read with the rows' own
    query."""
    count = awaiting_items(user, now=now).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(count, output_field=IntegerField())


def may_decide_for_application(user, application: DetentionApplication) -> bool:
    """Return whether the user may decide (and so withdraw) for the application's holder."""
    return _decidable_items(user).filter(application_id=application.pk).exists()


def may_decide_annotation(user) -> Exists:
    """An annotation of items answering ``may_decide`` for a pending item and ``may_decide_for_application`` for an
    item in an application (a pending item is in none; one in an application is among its items), holder side."""
    decidable = _decidable_items(user)
    return Exists(decidable.filter(Q(pk=OuterRef("pk")) | Q(application_id=OuterRef("application_id"))))


def may_manage_watchlist(user) -> bool:
    """Return whether the user keeps the watchlist and decides its proposals (the customs IPR department)."""
    return is_administrator(user)


def may_see_risk(user, case: Case) -> bool:
    """Return whether the user sees the case's watchlist hits and repeat traders (customs staff of the case)."""
    return sees_whole_case(user, case)
