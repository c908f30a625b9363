"""The watchlist: administrators list, edit, deactivate and reactivate watched traders, and accept or
dismiss the consignors and consignees proposed when an infringement is confirmed."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.models import Case, CaseParty, Item
from confirmations.watchlist_models import (
    PartyRole,
    WatchedAlias,
    WatchedTrader,
    WatchedTraderEvent,
    WatchlistProposal,
    WatchlistProposalEvent,
)
from portal.access import is_administrator
from portal.accounts.models import Organization
from portal.audit import audit_write
from portal.errors import Conflict, FieldErrors
from portal.traders import trader_core_key, trader_identifier_key, trader_name_key
from portal.validators import validate_country_code

MAX_ALIASES = 20
EDITABLE = ("name", "country", "address", "identifier", "source", "judgment_reference", "notes")


@dataclass
class TraderInput:
    """What an administrator records about a watched trader."""

    name: str
    source: str
    country: str = ""
    address: str = ""
    identifier: str = ""
    aliases: list[str] = field(default_factory=list)
    source_case_id: int | None = None
    judgment_reference: str = ""
    reporting_holder_id: int | None = None
    notes: str = ""


def _require_administrator(actor) -> None:
    if not is_administrator(actor):
        raise PermissionDenied(_("Only the customs IPR department keeps the watchlist."))


def _source_errors(data: TraderInput, errors: dict) -> None:
    if data.source not in WatchedTrader.Source.values:
        errors["source"] = [_("Choose where the suspicion comes from.")]
    elif data.source == WatchedTrader.Source.CASE:
        if not data.source_case_id or not Case.objects.filter(pk=data.source_case_id).exists():
            errors["source_case"] = [_("Give the number of the case that confirmed the infringement.")]
    elif data.source == WatchedTrader.Source.JUDGMENT and not data.judgment_reference.strip():
        errors["judgment_reference"] = [_("Give the judgment's court and reference.")]
    elif data.source == WatchedTrader.Source.HOLDER_REPORT and not (
        data.reporting_holder_id
        and Organization.objects.filter(pk=data.reporting_holder_id, kind=Organization.Kind.HOLDER).exists()
    ):
        errors["reporting_holder"] = [_("Choose the rights holder that reported the trader.")]


def _cleaned(data: TraderInput) -> dict:
    """Return the trader's fields from the input, or raise FieldErrors."""
    errors: dict = {}
    if not trader_name_key(data.name):
        errors["name"] = [_("Give the trader's name.")]
    country = data.country.strip().upper()
    try:
        if country:
            validate_country_code(country)
    except ValidationError as exc:
        errors["country"] = exc.messages
    aliases = list(dict.fromkeys(a.strip() for a in data.aliases if trader_name_key(a)))
    if len(aliases) > MAX_ALIASES:
        errors["aliases"] = [_("Give at most %(max)s aliases.") % {"max": MAX_ALIASES}]
    if any(len(alias) > 300 for alias in aliases):
        errors["aliases"] = [_("An alias has at most 300 characters.")]
    _source_errors(data, errors)
    if errors:
        raise FieldErrors(errors)
    source = data.source
    return {
        "name": data.name.strip(),
        "name_key": trader_name_key(data.name),
        "core_key": trader_core_key(trader_name_key(data.name)),
        "country": country,
        "address": data.address.strip(),
        "identifier": data.identifier.strip(),
        "identifier_key": trader_identifier_key(data.identifier),
        "source": source,
        "source_case_id": data.source_case_id if source == WatchedTrader.Source.CASE else None,
        "judgment_reference": data.judgment_reference.strip() if source == WatchedTrader.Source.JUDGMENT else "",
        "reporting_holder_id": data.reporting_holder_id if source == WatchedTrader.Source.HOLDER_REPORT else None,
        "notes": data.notes.strip(),
        "aliases": aliases,
    }


def _snapshot(trader: WatchedTrader, aliases: list[str]) -> dict:
    return {
        **{name: getattr(trader, name) for name in EDITABLE},
        "source_case": trader.source_case_id,
        "reporting_holder": trader.reporting_holder_id,
        "aliases": aliases,
    }


def _aliases_replace(trader: WatchedTrader, aliases: list[str]) -> None:
    trader.aliases.all().delete()
    WatchedAlias.objects.bulk_create(
        WatchedAlias(
            trader=trader, name=alias, name_key=trader_name_key(alias), core_key=trader_core_key(trader_name_key(alias))
        )
        for alias in aliases
    )


@transaction.atomic
def watched_trader_add(*, actor, data: TraderInput) -> WatchedTrader:
    """List a trader on the watchlist, with its aliases and the source of the suspicion."""
    _require_administrator(actor)
    fields = _cleaned(data)
    aliases = fields.pop("aliases")
    trader = WatchedTrader.objects.create(**fields, created_by=actor, created_at=timezone.now())
    _aliases_replace(trader, aliases)
    audit_write(
        WatchedTraderEvent,
        actor=actor,
        action="listed",
        to_status="active",
        data=_snapshot(trader, aliases),
        trader=trader,
    )
    return trader


@transaction.atomic
def watched_trader_update(*, actor, trader_id: int, data: TraderInput) -> WatchedTrader:
    """Change a watched trader's details; the event keeps what changed, before and after."""
    _require_administrator(actor)
    trader = WatchedTrader.objects.select_for_update().get(pk=trader_id)
    before = _snapshot(trader, list(trader.aliases.values_list("name", flat=True)))
    fields = _cleaned(data)
    aliases = fields.pop("aliases")
    for name, value in fields.items():
        setattr(trader, name, value)
    after = _snapshot(trader, aliases)
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if not changed:
        return trader
    trader.save()
    if "aliases" in changed:
        _aliases_replace(trader, aliases)
    audit_write(WatchedTraderEvent, actor=actor, action="edited", data={"changed": changed}, trader=trader)
    return trader


def _switch(*, actor, trader_id: int, active: bool, reason: str) -> WatchedTrader:
    _require_administrator(actor)
    old, new = ("active", "inactive") if not active else ("inactive", "active")
    if not active and not reason.strip():
        raise FieldErrors({"reason": [_("Say why the trader is no longer watched.")]})
    if not WatchedTrader.objects.filter(pk=trader_id, is_active=not active).update(is_active=active):
        if not WatchedTrader.objects.filter(pk=trader_id).exists():
            raise WatchedTrader.DoesNotExist
        raise Conflict(_("The trader is already %(state)s.") % {"state": _("watched") if active else _("not watched")})
    trader = WatchedTrader.objects.get(pk=trader_id)
    action = "reactivated" if active else "deactivated"
    audit_write(
        WatchedTraderEvent, actor=actor, action=action, from_status=old, to_status=new, reason=reason, trader=trader
    )
    return trader


@transaction.atomic
def watched_trader_deactivate(*, actor, trader_id: int, reason: str) -> WatchedTrader:
    """Stop matching a watched trader (kept, with its history and hits; never deleted)."""
    return _switch(actor=actor, trader_id=trader_id, active=False, reason=reason)


@transaction.atomic
def watched_trader_reactivate(*, actor, trader_id: int, reason: str = "") -> WatchedTrader:
    """Match a deactivated trader again."""
    return _switch(actor=actor, trader_id=trader_id, active=True, reason=reason)


def watchlist_propose(*, actor, item: Item) -> list[WatchlistProposal]:
    """Offer the case's consignor and consignee to the administrators once the item's infringement is
    confirmed; a party already proposed for the case, or already watched under its name or its business
    registration number, is not offered again."""
    parties = list(CaseParty.objects.filter(case_id=item.case_id).exclude(name_key=""))
    identifiers = [p.identifier_key for p in parties if p.identifier_key]
    rows = list(
        WatchedTrader.objects.filter(
            Q(name_key__in=[p.name_key for p in parties]) | Q(identifier_key__in=identifiers), is_active=True
        ).values_list("name_key", "identifier_key")
    )
    names, numbers = {name for name, _number in rows}, {number for _name, number in rows if number}
    countries = {PartyRole.CONSIGNOR: item.case.consignor_country, PartyRole.CONSIGNEE: item.case.consignee_country}
    created = []
    for party in parties:
        if party.name_key in names or party.identifier_key in numbers:
            continue
        proposal, new = WatchlistProposal.objects.get_or_create(
            case_id=item.case_id,
            role=party.role,
            defaults={
                "name": party.name,
                "country": countries[party.role],
                "identifier": party.identifier,
                "created_at": timezone.now(),
            },
        )
        if new:
            audit_write(
                WatchlistProposalEvent,
                actor=actor,
                action="proposed",
                to_status=WatchlistProposal.Status.PENDING,
                data={"item": item.pk},
                proposal=proposal,
            )
            created.append(proposal)
    return created


def _decide(
    *, actor, proposal_id: int, status: str, action: str, reason: str = "", data: dict | None = None, **fields
) -> WatchlistProposal:
    """Move a pending proposal to ``status`` (with ``fields``) and write the event ``action`` that says so."""
    _require_administrator(actor)
    now = timezone.now()
    pending = WatchlistProposal.Status.PENDING
    if not WatchlistProposal.objects.filter(pk=proposal_id, status=pending).update(
        status=status, decided_by=actor, decided_at=now, **fields
    ):
        current = WatchlistProposal.objects.get(pk=proposal_id)
        raise Conflict(_("This proposal is already “%(status)s”.") % {"status": current.get_status_display()})
    proposal = WatchlistProposal.objects.get(pk=proposal_id)
    audit_write(
        WatchlistProposalEvent,
        actor=actor,
        action=action,
        from_status=pending,
        to_status=status,
        reason=reason,
        data=data,
        proposal=proposal,
    )
    return proposal


@transaction.atomic
def watchlist_proposal_accept(*, actor, proposal_id: int) -> WatchedTrader:
    """List the proposed party on the watchlist, with the case as the source, in one step."""
    _require_administrator(actor)
    proposal = WatchlistProposal.objects.select_for_update().get(pk=proposal_id)
    if proposal.status != WatchlistProposal.Status.PENDING:
        raise Conflict(_("This proposal is already “%(status)s”.") % {"status": proposal.get_status_display()})
    trader = watched_trader_add(
        actor=actor,
        data=TraderInput(
            name=proposal.name,
            source=WatchedTrader.Source.CASE,
            country=proposal.country,
            identifier=proposal.identifier,
            source_case_id=proposal.case_id,
        ),
    )
    _decide(
        actor=actor,
        proposal_id=proposal.pk,
        status=WatchlistProposal.Status.ACCEPTED,
        action="accepted",
        data={"trader": trader.pk},
        trader=trader,
    )
    return trader


@transaction.atomic
def watchlist_proposal_dismiss(*, actor, proposal_id: int, reason: str = "") -> WatchlistProposal:
    """Dismiss a proposal: the party is not listed."""
    return _decide(
        actor=actor,
        proposal_id=proposal_id,
        status=WatchlistProposal.Status.DISMISSED,
        action="dismissed",
        reason=reason,
    )
