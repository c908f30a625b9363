"""Matching a case's consignor and consignee against the watchlist and every recordal's known infringers.

Names are compared in their comparable form (``portal.traders.trader_name_key``: case, punctuation and
legal forms such as "Co., Ltd." removed). On PostgreSQL a name matches when its ``pg_trgm`` similarity
reaches ``TRIGRAM_THRESHOLD`` (the ``%`` operator, read through GIN trigram indexes on the stored forms).
Other databases (SQLite in development) narrow the candidates with cheap substring tests on the
name's words and keep those whose ``difflib`` ratio reaches ``FALLBACK_THRESHOLD``. Business
registration numbers match exactly, in capitals and digits only. Only active watch entries and
recordals in force match.
"""

import difflib
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Q

from confirmations.watchlist_models import WatchedAlias, WatchedTrader, WatchlistHit
from portal.traders import trader_identifier_key, trader_name_key
from recordals.models import Party, Recordal

TRIGRAM_THRESHOLD = 0.5
FALLBACK_THRESHOLD = 0.8
FALLBACK_CANDIDATES = 500
FALLBACK_WORDS = 3
ROLES = ("consignor", "consignee")


@dataclass(frozen=True)
class FiledParty:
    """One party of a case as filed, with its comparable forms."""

    role: str
    name: str
    key: str
    identifier: str = ""
    identifier_key: str = ""


def case_parties(shipment: dict) -> list[FiledParty]:
    """Return the shipment's consignor and consignee that have a name or an identifier."""
    parties = []
    for role in ROLES:
        name = (shipment.get(role) or "").strip()
        identifier = (shipment.get(f"{role}_identifier") or "").strip()
        party = FiledParty(role, name, trader_name_key(name), identifier, trader_identifier_key(identifier))
        if party.key or party.identifier_key:
            parties.append(party)
    return parties


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _similar_rows(queryset, named: list[FiledParty], fields: tuple, extra: Q | None = None) -> list[dict]:
    """Return the rows whose ``name_key`` is close to a party's (or that match ``extra``), with each party's score."""
    if _is_postgresql():
        close = Q(pk__in=[])
        for party in named:
            close |= Q(name_key__trigram_similar=party.key)
        rows = queryset.filter(close | extra if extra else close).annotate(
            **{f"score_{i}": TrigramSimilarity("name_key", party.key) for i, party in enumerate(named)}
        )
        return list(rows.values(*fields, *(f"score_{i}" for i in range(len(named)))))
    narrow = extra or Q(pk__in=[])
    for party in named:
        words = sorted((w for w in party.key.split() if len(w) >= 3), key=len, reverse=True)[:FALLBACK_WORDS]
        narrow |= Q(name_key=party.key)
        for word in words or [party.key]:
            narrow |= Q(name_key__contains=word[:6])
    rows = list(queryset.filter(narrow).values(*fields)[:FALLBACK_CANDIDATES])
    for row in rows:
        for i, party in enumerate(named):
            row[f"score_{i}"] = difflib.SequenceMatcher(None, party.key, row["name_key"]).ratio()
    return rows


def _threshold() -> float:
    return TRIGRAM_THRESHOLD if _is_postgresql() else FALLBACK_THRESHOLD


def _name_hits(rows: list[dict], named: list[FiledParty], make) -> list[WatchlistHit]:
    hits = []
    for row in rows:
        for i, party in enumerate(named):
            score = row.get(f"score_{i}") or 0.0
            if party.key and (party.key == row["name_key"] or score >= _threshold()):
                hits.append(make(row, party, 1.0 if party.key == row["name_key"] else round(score, 3)))
    return hits


def _watchlist_hits(parties: list[FiledParty], named: list[FiledParty]) -> list[WatchlistHit]:
    identifiers = {p.identifier_key: p for p in parties if p.identifier_key}
    active = WatchedTrader.objects.filter(is_active=True)
    fields = ("pk", "name", "name_key", "identifier", "identifier_key")
    rows = _similar_rows(active, named, fields, Q(identifier_key__in=list(identifiers)) if identifiers else None)
    hits = [
        WatchlistHit(
            role=party.role,
            kind=WatchlistHit.Kind.WATCHLIST,
            trader_id=row["pk"],
            matched_on=WatchlistHit.On.IDENTIFIER,
            case_value=party.identifier,
            case_key=party.identifier_key,
            listed_value=row["identifier"],
            listed_key=row["identifier_key"],
            score=1.0,
        )
        for row in rows
        for party in parties
        if party.identifier_key and party.identifier_key == row["identifier_key"]
    ]

    def by_name(row, party, score, on=WatchlistHit.On.NAME, trader="pk"):
        return WatchlistHit(
            role=party.role,
            kind=WatchlistHit.Kind.WATCHLIST,
            trader_id=row[trader],
            matched_on=on,
            case_value=party.name,
            case_key=party.key,
            listed_value=row["name"],
            listed_key=row["name_key"],
            score=score,
        )

    hits += _name_hits(rows, named, by_name) if named else []
    if named:
        aliases = _similar_rows(
            WatchedAlias.objects.filter(trader__is_active=True), named, ("trader_id", "name", "name_key")
        )
        hits += _name_hits(aliases, named, lambda r, p, s: by_name(r, p, s, WatchlistHit.On.ALIAS, "trader_id"))
    return hits


def _infringer_hits(named: list[FiledParty], today: date) -> list[WatchlistHit]:
    infringers = Party.objects.filter(role=Party.Role.INFRINGER, recordal__in=Recordal.objects.in_force(today))
    rows = _similar_rows(infringers, named, ("pk", "recordal_id", "name", "name_key"))
    return _name_hits(
        rows,
        named,
        lambda row, party, score: WatchlistHit(
            role=party.role,
            kind=WatchlistHit.Kind.KNOWN_INFRINGER,
            recordal_id=row["recordal_id"],
            party_id=row["pk"],
            matched_on=WatchlistHit.On.NAME,
            case_value=party.name,
            case_key=party.key,
            listed_value=row["name"],
            listed_key=row["name_key"],
            score=score,
        ),
    )


def _best(hits: list[WatchlistHit]) -> list[WatchlistHit]:
    """Keep one hit per party and source (watched trader or recordal): the identifier first, then the best score."""
    best: dict = {}
    for hit in hits:
        key = (hit.role, hit.kind, hit.trader_id, hit.recordal_id)
        rank = (hit.matched_on == WatchlistHit.On.IDENTIFIER, hit.score)
        current = best.get(key)
        if current is None or rank > (current.matched_on == WatchlistHit.On.IDENTIFIER, current.score):
            best[key] = hit
    return sorted(best.values(), key=lambda h: (h.role, -h.score, h.kind, h.trader_id or 0, h.recordal_id or 0))


def matches_for(parties: list[FiledParty], *, today: date) -> list[WatchlistHit]:
    """Return the unsaved hits of the parties against the active watchlist and the recordals in force."""
    named = [p for p in parties if p.key]
    if not parties:
        return []
    with transaction.atomic(savepoint=False):
        if _is_postgresql():
            with connection.cursor() as cursor:
                # SET LOCAL: the threshold of the ``%`` operator, for this transaction only.
                cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(TRIGRAM_THRESHOLD)])
        hits = _watchlist_hits(parties, named)
        if named:
            hits += _infringer_hits(named, today)
    return _best(hits)


def known_infringer_reason(hits: list[WatchlistHit], recordal_id: int) -> str:
    """Return why the shipment's parties match the recordal's own known infringers, or ''."""
    for hit in hits:
        if hit.kind == WatchlistHit.Kind.KNOWN_INFRINGER and hit.recordal_id == recordal_id:
            return hit.item_reason()
    return ""
