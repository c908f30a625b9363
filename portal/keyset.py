"""Keyset pages: read the rows after (or before) the last one shown, from an index in the order shown.

A ``Keyset`` names a list's sort keys, all ascending or all descending, the last one unique (the primary
key), so that every row has one place. A page is read as "the first rows whose keys come after these
values": one row comparison the database answers from an index on the same keys, however deep the page,
with no OFFSET and no COUNT. The cursor handed to the client is those values, opaque (base64 JSON).
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, models
from django.db.models.expressions import Expression
from django.utils import timezone

from portal.compiled_rows import rows_compiled_once


def _too_big(value) -> bool:
    return isinstance(value, int) and abs(value) >= 2**63 or isinstance(value, str) and len(value) > 64


class RowComparison(Expression):
    """``(a, b, c) > (x, y, z)`` (or ``<``): the keys of a row compared, in order, with a cursor's values."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, keys: list, values: list, *, after: bool):
        super().__init__()
        self.keys = keys
        self.values = values
        self.after = after

    def get_source_expressions(self):
        return [*self.keys, *self.values]

    def set_source_expressions(self, exprs):
        self.keys, self.values = exprs[: len(self.keys)], exprs[len(self.keys) :]

    def as_sql(self, compiler, connection):
        left, right, params = [], [], []
        for side, expressions in ((left, self.keys), (right, self.values)):
            for expression in expressions:
                sql, expression_params = compiler.compile(expression)
                side.append(sql)
                params.extend(expression_params)
        return f"({', '.join(left)}) {'>' if self.after else '<'} ({', '.join(right)})", params


@dataclass(frozen=True)
class Keyset:
    """A list's order as sort keys: ``keys`` maps a name to (expression, output field); ``descending`` for all."""

    keys: tuple[tuple[str, object, models.Field], ...]
    descending: bool = False

    def names(self) -> list[str]:
        return [f"keyset_{name}" for name, _expression, _field in self.keys]

    def ordering(self, *, reverse: bool = False) -> list:
        down = self.descending != reverse
        return [models.F(name).desc() if down else models.F(name).asc() for name in self.names()]

    def annotated(self, queryset):
        """Return the queryset with its keys selected (``keyset_<name>``) and in their order."""
        keys = {name: expression for name, (_key, expression, _field) in zip(self.names(), self.keys, strict=True)}
        return queryset.annotate(**keys).order_by(*self.ordering())

    def position(self, row) -> list:
        """Return a row's key values (the row read from ``annotated``: an instance, or a tuple of values that the
        keys end), as JSON values."""
        names = self.names()
        values = row[-len(names) :] if isinstance(row, tuple) else [getattr(row, name) for name in names]
        return [value.isoformat() if hasattr(value, "isoformat") else value for value in values]

    def values_of(self, position: list) -> list:
        """Return a cursor's JSON values as typed expressions; ``ValueError`` when they are not this list's."""
        if not isinstance(position, list) or len(position) != len(self.keys):
            raise ValueError("wrong number of keys")
        values = []
        for value, (_name, _expression, field) in zip(position, self.keys, strict=True):
            if value is None or isinstance(value, bool) or not isinstance(value, (int, str)) or _too_big(value):
                raise ValueError("not a key value")
            try:
                typed = field.to_python(value)
            except Exception as exc:
                raise ValueError("not a key value") from exc
            if isinstance(typed, datetime) and timezone.is_naive(typed):
                raise ValueError("a moment without its time zone")
            values.append(models.Value(typed, output_field=field))
        return values


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after (``after``) or before (not ``after``) the row with the given key values."""

    position: list
    after: bool = True

    def encode(self) -> str:
        text = json.dumps({"a" if self.after else "b": self.position}, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        """Read a cursor handed out by ``encode``; ``ValueError`` for anything else."""
        if not text or len(text) > 400:
            raise ValueError("no cursor")
        try:
            raw = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError("not a cursor") from exc
        if not isinstance(raw, dict) or len(raw) != 1 or next(iter(raw)) not in ("a", "b"):
            raise ValueError("not a cursor")
        ((side, position),) = raw.items()
        return cls(position=position, after=side == "a")


class KeysetPage:
    """One page read by keys: its rows, and the cursors of the pages before and after it (None at the ends)."""

    paginator = None

    def __init__(self, rows: list, *, next_cursor: Cursor | None, previous_cursor: Cursor | None):
        self.object_list = rows
        self.next_cursor = next_cursor
        self.previous_cursor = previous_cursor

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.next_cursor is not None

    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()


def keyset_rows(queryset, keyset: Keyset, cursor: Cursor | None):
    """Return ``queryset`` from ``cursor`` on (None: from the start), in ``keyset``'s order (reversed for a cursor
    of the rows before); ``ValueError`` when the cursor is not one of this list's."""
    queryset = keyset.annotated(queryset)
    if cursor is None:
        return queryset
    keys = [models.F(name) for name in keyset.names()]
    comparison = RowComparison(keys, keyset.values_of(cursor.position), after=cursor.after != keyset.descending)
    if not cursor.after:
        queryset = queryset.order_by(*keyset.ordering(reverse=True))
    return queryset.filter(comparison)


def _read(queryset, keyset: Keyset, cursor: Cursor | None, per_page: int, sql_key) -> list:
    """Return the page's rows and one more; a ``values_list`` of a list with an ``sql_key`` through its SQL
    compiled once (the query then made only the first time)."""

    def rows():
        return keyset_rows(queryset, keyset, cursor)[: per_page + 1]

    if sql_key is None:
        return list(rows())
    connection = connections[queryset.db]
    values = keyset.values_of(cursor.position) if cursor is not None else []
    tail = [value.output_field.get_db_prep_value(value.value, connection=connection) for value in values]
    side = None if cursor is None else cursor.after
    return rows_compiled_once(rows, (sql_key, per_page, side), tail=tail, using=queryset.db)


def keyset_page(queryset, keyset: Keyset, *, cursor: Cursor | None, per_page: int, sql_key=None) -> KeysetPage:
    """Read the page at ``cursor`` (None: the first page) of ``queryset`` in ``keyset``'s order, one row more to
    tell whether another page follows; ``ValueError`` when the cursor is not one of this list's.

    ``sql_key`` (a named ``values_list``): what the list's SQL depends on besides the cursor and the page's size
    (``portal.compiled_rows``); its SQL is then compiled once."""
    rows = _read(queryset, keyset, cursor, per_page, sql_key)
    more = len(rows) > per_page
    rows = rows[:per_page]
    if cursor is None or cursor.after:
        last = Cursor(keyset.position(rows[-1])) if more else None
        if cursor is None:
            return KeysetPage(rows, next_cursor=last, previous_cursor=None)
        first = Cursor(keyset.position(rows[0]), after=False) if rows else Cursor(cursor.position, after=False)
        return KeysetPage(rows, next_cursor=last, previous_cursor=first)
    rows.reverse()
    first = Cursor(keyset.position(rows[0]), after=False) if more else None
    last = Cursor(keyset.position(rows[-1])) if rows else Cursor(cursor.position)
    return KeysetPage(rows, next_cursor=last, previous_cursor=first)
