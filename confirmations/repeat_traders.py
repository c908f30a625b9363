"""Repeat traders: the earlier cases, at any office, that involved a case's consignor or consignee.

A party is the same when its name's comparable form or its business registration number is the same,
in either role. Customs staff learn how many earlier cases, at how many offices, and their items'
outcomes; only the cases the viewer may open are listed (an officer's own office; administrators all).
Counts are the only thing another office's cases contribute: no number, goods, office or person.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from confirmations.access import cases_visible_to
from confirmations.models import Case, CaseParty, Item

LINKED_CASES = 20


@dataclass
class RepeatTrader:
    """What earlier cases say about one party of the case."""

    party: CaseParty
    cases: int = 0
    offices: int = 0
    here: int = 0
    outcomes: list = field(default_factory=list)
    linked: list = field(default_factory=list)

    @property
    def elsewhere(self) -> int:
        """Earlier cases at other offices."""
        return self.cases - self.here


def _same_party(party: CaseParty, prefix: str = "") -> Q:
    same = Q(**{f"{prefix}name_key": party.name_key}) if party.name_key else Q(pk__in=[])
    if party.identifier_key:
        same |= Q(**{f"{prefix}identifier_key": party.identifier_key})
    return same


def _earlier(case: Case, prefix: str = "") -> Q:
    return Q(**{f"{prefix}created_at__lt": case.created_at}) | Q(
        **{f"{prefix}created_at": case.created_at, f"{prefix}pk__lt": case.pk}
    )


def repeat_traders(*, user, case: Case) -> list[RepeatTrader]:
    """Return, for the case's consignor and consignee, their earlier cases counted and, where visible, listed."""
    parties = list(CaseParty.objects.filter(case=case).order_by("role"))
    if not parties:
        return []
    earlier = CaseParty.objects.filter(_earlier(case, "case__"))
    here = Q(case__office_id=case.office_id)
    matched = {p.role: earlier.filter(_same_party(p)).values("case_id") for p in parties}
    totals = earlier.aggregate(
        **{
            f"{p.role}_{name}": Count(path, distinct=True, filter=_same_party(p))
            for p in parties
            for name, path in (("cases", "case_id"), ("offices", "case__office_id"))
        },
        **{f"{p.role}_here": Count("case_id", distinct=True, filter=_same_party(p) & here) for p in parties},
    )
    outcomes = (
        Item.objects.filter(case_id__in=earlier.filter(_any(parties)).values("case_id"))
        .values("status")
        .annotate(**{p.role: Count("pk", filter=Q(case_id__in=matched[p.role])) for p in parties})
        .order_by("status")
    )
    labels = dict(Item.Status.choices)
    visible = (
        cases_visible_to(user)
        .filter(pk__in=earlier.filter(_any(parties)).values("case_id"))
        .annotate(**{f"is_{p.role}": Exists(matched[p.role].filter(case_id=OuterRef("pk"))) for p in parties})
        .order_by("-created_at", "-pk")
        .only("pk", "waybill_number", "created_at", "status")[: LINKED_CASES * len(parties)]
    )
    visible = list(visible)
    result = []
    for party in parties:
        role = party.role
        result.append(
            RepeatTrader(
                party=party,
                cases=totals[f"{role}_cases"],
                offices=totals[f"{role}_offices"],
                here=totals[f"{role}_here"],
                outcomes=[(labels.get(row["status"], row["status"]), row[role]) for row in outcomes if row[role]],
                linked=[c for c in visible if getattr(c, f"is_{role}")][:LINKED_CASES],
            )
        )
    return result


def _any(parties: list[CaseParty]) -> Q:
    same = Q(pk__in=[])
    for party in parties:
        same |= _same_party(party)
    return same
