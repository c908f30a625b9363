"""Matching a case's consignor and consignee against the watchlist and every recordal's known infringers.

Names are compared in their comparable form (``portal.traders.trader_name_key``: case, punctuation and
legal forms such as "Co., Ltd." removed), by their distinctive words (``trader_core_key``: places and
trades such as "Guangzhou" or "Trading" left out). ``name_similarity`` decides, the same on every
database: each distinctive word of the shorter name must be like one of the other's (``difflib`` ratio
at least ``WORD_THRESHOLD``, so "Exprts" is "Exports" but "Acne" is not "Acme"), and the score, the
words' length-weighted likeness less a little for each extra word, must reach ``MATCH_THRESHOLD``.
The candidates come cheaply: on PostgreSQL the ``pg_trgm`` ``%`` operator on the stored cores, read
through GIN trigram indexes (threshold ``TRIGRAM_THRESHOLD``); elsewhere (SQLite in development) a
substring test on each word's first letters, at most ``FALLBACK_CANDIDATES`` rows. Business
registration numbers match exactly, in capitals and digits only. Only active watch entries and
recordals in force match.
"""

import difflib
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Q

from confirmations.watchlist_models import WatchedAlias, WatchedTrader, WatchlistHit
from portal.traders import trader_core_key, trader_identifier_key, trader_name_key
from recordals.models import Party, Recordal

TRIGRAM_THRESHOLD = 0.3
WORD_THRESHOLD = 0.85
MATCH_THRESHOLD = 0.8
FALLBACK_CANDIDATES = 500
ROLES = ("consignor", "consignee")


@dataclass(frozen=True)
class FiledParty:
    """One party of a case as filed, with its comparable forms."""

    role: str
    name: str
    key: str
    identifier: str = ""
    identifier_key: str = ""

    @property
    def core(self) -> str:
        return trader_core_key(self.key)


def name_similarity(core: str, other: str) -> float:
    """Return how alike two names' distinctive cores are (0 unless every word of the shorter has a like word)."""
    if core == other:
        return 1.0
    words, others = core.split(), other.split()
    if not words or not others:
        return 0.0
    short, long = sorted((words, others), key=len)
    likeness = []
    for word in short:
        best = _best_likeness(word, long)
        if best < WORD_THRESHOLD:
            return 0.0
        likeness.append((len(word), best))
    weighted = sum(size * ratio for size, ratio in likeness) / sum(size for size, _ratio in likeness)
    return weighted * (len(short) / len(long)) ** 0.25


def _best_likeness(word: str, candidates: list[str]) -> float:
    """Return the best ``difflib`` ratio of the word to a candidate, or less than ``WORD_THRESHOLD`` if none reaches it.

    The ratio's cheap upper bounds (lengths, then shared letters) skip the candidates that cannot reach the
    threshold or beat the best so far, so the answer is the same as computing every ratio.
    """
    best = 0.0
    for candidate in candidates:
        if candidate == word:
            return 1.0
        floor = max(best, WORD_THRESHOLD)
        if 2.0 * min(len(word), len(candidate)) / (len(word) + len(candidate)) < floor:
            continue
        matcher = difflib.SequenceMatcher(None, word, candidate)
        if matcher.quick_ratio() >= floor:
            best = max(best, matcher.ratio())
    return best


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
    """Return the candidate rows for the parties' names (and those matching ``extra``), with each party's score."""
    close = extra or Q(pk__in=[])
    for party in named:
        if _is_postgresql():
            close |= Q(core_key__trigram_similar=party.core)
        else:
            close |= Q(core_key=party.core)
            for word in party.core.split():
                close |= Q(core_key__contains=word[:4])
    rows = queryset.filter(close).order_by().values(*fields, "core_key")
    rows = list(rows if _is_postgresql() else rows[:FALLBACK_CANDIDATES])
    cores = [party.core for party in named]
    scores: dict[tuple[int, str], float] = {}
    for row in rows:
        for i, core in enumerate(cores):
            key = (i, row["core_key"])
            if key not in scores:
                scores[key] = name_similarity(core, row["core_key"])
            row[f"score_{i}"] = scores[key]
    return rows


def _close_rows(rows: list[dict], named: list[FiledParty]) -> list[dict]:
    """Keep the candidate rows whose name is like one of the parties' names."""
    return [row for row in rows if any(row[f"score_{i}"] >= MATCH_THRESHOLD for i in range(len(named)))]


def _name_hits(rows: list[dict], named: list[FiledParty], *, kind, on=WatchlistHit.On.NAME, **source: str):
    """Return a hit for each row whose name is like a party's; ``source`` maps the hit's source fields (watched
    trader, recordal, party) to the row's columns."""
    hits = []
    for row in rows:
        for i, party in enumerate(named):
            score = row.get(f"score_{i}") or 0.0
            if score >= MATCH_THRESHOLD:
                hits.append(
                    WatchlistHit(
                        role=party.role,
                        kind=kind,
                        matched_on=on,
                        case_value=party.name,
                        case_key=party.key,
                        listed_value=row["name"],
                        listed_key=row["name_key"],
                        score=round(score, 3),
                        **{field: row[column] for field, column in source.items()},
                    )
                )
    return hits


def _watchlist_hits(parties: list[FiledParty], named: list[FiledParty]) -> list[WatchlistHit]:
    """Match aliases first (no join: each query reads one trigram index), then the active traders whose name or
    identifier is close, or who own a close alias."""
    aliases = _similar_rows(WatchedAlias.objects.all(), named, ("trader_id", "name", "name_key")) if named else []
    alias_hits = _close_rows(aliases, named)
    identifiers = [p.identifier_key for p in parties if p.identifier_key]
    extra = Q(pk__in={row["trader_id"] for row in alias_hits}) | Q(identifier_key__in=identifiers)
    fields = ("pk", "name", "name_key", "identifier", "identifier_key")
    rows = _similar_rows(WatchedTrader.objects.filter(is_active=True), named, fields, extra)
    active = {row["pk"] for row in rows}
    watchlist = WatchlistHit.Kind.WATCHLIST
    hits = [
        WatchlistHit(
            role=party.role,
            kind=watchlist,
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
    hits += _name_hits(rows, named, kind=watchlist, trader_id="pk")
    active_aliases = [row for row in alias_hits if row["trader_id"] in active]
    hits += _name_hits(active_aliases, named, kind=watchlist, on=WatchlistHit.On.ALIAS, trader_id="trader_id")
    return hits


def _infringer_hits(named: list[FiledParty], today: date) -> list[WatchlistHit]:
    """Match known infringers' names (one trigram index, no join), then keep those of recordals in force."""
    rows = _similar_rows(
        Party.objects.filter(role=Party.Role.INFRINGER), named, ("pk", "recordal_id", "name", "name_key")
    )
    rows = _close_rows(rows, named)
    in_force = (
        set(
            Recordal.objects.in_force(today)
            .filter(pk__in={row["recordal_id"] for row in rows})
            .values_list("pk", flat=True)
        )
        if rows
        else set()
    )
    return _name_hits(
        [row for row in rows if row["recordal_id"] in in_force],
        named,
        kind=WatchlistHit.Kind.KNOWN_INFRINGER,
        recordal_id="recordal_id",
        party_id="pk",
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
        seqscan = _trigram_settings_push()
        hits = _watchlist_hits(parties, named)
        if named:
            hits += _infringer_hits(named, today)
        _trigram_settings_pop(seqscan)
    return _best(hits)


def _trigram_settings_push() -> str:
    """On PostgreSQL, for this transaction only (``SET LOCAL``): set the ``%`` operator's threshold and read the
    candidates through the GIN trigram indexes (the planner's estimate for ``%`` would scan whole tables, whose
    cost grows with them); return the previous ``enable_seqscan``."""
    if not _is_postgresql():
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), set_config('pg_trgm.similarity_threshold', %s, true),"
            " set_config('enable_seqscan', 'off', true)",
            [str(TRIGRAM_THRESHOLD)],
        )
        return cursor.fetchone()[0]


def _trigram_settings_pop(seqscan: str) -> None:
    if seqscan:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [seqscan])


def known_infringer_reason(hits: list[WatchlistHit], recordal_id: int) -> str:
    """Return why the shipment's parties match the recordal's own known infringers, or ''."""
    for hit in hits:
        if hit.kind == WatchlistHit.Kind.KNOWN_INFRINGER and hit.recordal_id == recordal_id:
            return hit.item_reason()
    return ""
