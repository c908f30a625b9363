"""Finding recordals: fuzzy on the mark text, exact on numbers, by holder, Nice class and HS code.

On PostgreSQL the mark is matched with ``pg_trgm`` (strict word similarity on UPPER(title), served by
a GIN trigram index, with its threshold at 0.3 for the call that finds the candidates), so ``R0LEX``, ``ROLX`` and
``rolex sport`` find ``ROLEX`` and ``ROLEX SPORT`` among 100,000 marks, closest first. Other databases use a
simpler matcher: a substring test plus a ``difflib`` ratio over a bounded set of candidates.
"""

import difflib
import re
from datetime import date

from django.contrib.postgres.search import TrigramSimilarity, TrigramStrictWordSimilarity
from django.db import connection
from django.db.models import Case, ExpressionWrapper, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.utils import timezone

from portal.workdays.calendar import local_date
from recordals.models import Goods, Recordal

FALLBACK_CANDIDATES = 2000
FALLBACK_MIN_SCORE = 0.6
RESULT_LIMIT = 500
MIN_IN_ORDER = 4


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def with_nice_class(recordals, nice_class: int):
    """Narrow recordals to those recorded for a Nice class."""
    if _is_postgresql():
        return recordals.filter(nice_classes__contains=[nice_class])
    ids = [pk for pk, classes in recordals.values_list("pk", "nice_classes") if nice_class in (classes or ())]
    return recordals.filter(pk__in=ids)


def with_hs_code(recordals, hs_code: str):
    """Narrow recordals to those whose genuine goods fall under an HS code (prefix, dots optional)."""
    digits = re.sub(r"\D", "", hs_code)
    if not digits:
        return recordals.none()
    variants = {digits, f"{digits[:4]}.{digits[4:]}" if len(digits) > 4 else digits}
    match = Q()
    for variant in variants:
        match |= Q(hs_code__startswith=variant)
    return recordals.filter(pk__in=Goods.objects.filter(match).values("recordal_id"))


def _ranked_by_ids(recordals, ranked_ids: list[int]):
    order = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked_ids)], output_field=IntegerField())
    return recordals.filter(pk__in=ranked_ids).annotate(search_rank=order).order_by("search_rank")


def _letters_in_order(needle: str) -> str:
    """Return a regular expression of a word holding the needle's characters in order, one other letter allowed
    between each two ("ROLX" in "ROLEX")."""
    return r"\m" + r"\w?".join(re.escape(char) for char in needle)


def _fallback_score(query: str, title: str) -> float:
    title = title.upper()
    if query in title:
        return 1.0 + len(query) / max(len(title), 1)
    words = title.split() or [title]
    return max(difflib.SequenceMatcher(None, query, candidate).ratio() for candidate in [title, *words])


def _trigram_ranked(recordals, needle: str, exact: Q):
    """Return the marks close to the needle, best first, in one statement.

    The candidates come from ``recordal_mark_word_candidates`` (``needle <<% UPPER(title)``, strict word
    similarity, threshold 0.3) or, for a phrase of several words, ``recordal_mark_phrase_candidates`` (0.6): each
    reads the GIN trigram index with its threshold set for its own call. 0.3 finds a misspelt mark inside a longer
    title ("R0LEX" in "ROLEX SPORT", 0.33) but not a mere shared prefix ("ROLEX" in "ROLLING STONE", 0.27).
    Closeness ranks: the title holding the text as it was typed, then strict word similarity (the closest whole
    word: "ROLX" is nearer "ROLO" than "ROLEX" by trigrams), raised for a word holding the typed letters in order
    with one letter missed ("ROLX" in "ROLEX"), then similarity of the whole title (the exact title first).
    """
    upper = Upper("title")
    score = (
        TrigramStrictWordSimilarity(needle, upper)
        + TrigramSimilarity(upper, needle) * Value(0.5)
        + Case(When(Q(upper_title__contains=needle), then=Value(1.0)), default=Value(0.0))
    )
    if " " not in needle and len(needle) >= MIN_IN_ORDER:
        score += Case(When(Q(upper_title__regex=_letters_in_order(needle)), then=Value(0.3)), default=Value(0.0))
    matcher = "recordal_mark_phrase_candidates" if " " in needle else "recordal_mark_word_candidates"
    candidates = RawSQL(f"SELECT {matcher}(%s, %s)", [needle, connection.ops.prep_for_like_query(needle)])  # noqa: S611
    return (
        recordals.filter(pk__in=candidates)
        .alias(upper_title=upper)
        .annotate(
            search_score=ExpressionWrapper(score, output_field=FloatField()),
            search_exact=Case(When(exact, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .order_by("-search_exact", "-search_score", "title", "pk")
    )


def _text_search(recordals, query: str):
    needle = query.strip().upper()
    exact = Q(number__iexact=needle) | Q(registration_number__iexact=needle)
    if _is_postgresql():
        return _trigram_ranked(recordals, needle, exact)
    exact_ids = list(recordals.filter(exact).values_list("pk", flat=True))
    scored = []
    for pk, title in (
        recordals.exclude(pk__in=exact_ids).values_list("pk", "title").order_by("-pk")[:FALLBACK_CANDIDATES]
    ):
        score = _fallback_score(needle, title)
        if score >= FALLBACK_MIN_SCORE:
            scored.append((-score, title.upper(), pk))
    ranked = exact_ids + [pk for _score, _title, pk in sorted(scored)]
    return _ranked_by_ids(recordals, ranked[:RESULT_LIMIT])


def search_recordals(
    *,
    query: str = "",
    holder: str = "",
    nice_class: int | None = None,
    hs_code: str = "",
    number: str = "",
    include_inactive: bool = False,
    today: date | None = None,
    base=None,
):
    """Return recordals matching every given criterion, best match first.

    ``query`` matches the mark text fuzzily and recordal or registration numbers exactly; ``number``
    matches a recordal or registration number exactly. Only recordals in force today are returned
    unless ``include_inactive``. ``base`` narrows the search to a queryset (e.g. what a user may see).
    """
    recordals = base if base is not None else Recordal.objects.all()
    if not include_inactive:
        recordals = recordals.in_force(today or local_date(timezone.now()))
    if number.strip():
        needle = number.strip()
        recordals = recordals.filter(Q(number__iexact=needle) | Q(registration_number__iexact=needle))
    if holder.strip():
        recordals = recordals.filter(holder__name__icontains=holder.strip())
    if nice_class is not None:
        recordals = with_nice_class(recordals, int(nice_class))
    if hs_code.strip():
        recordals = with_hs_code(recordals, hs_code)
    if query.strip():
        return _text_search(recordals, query)
    return recordals
