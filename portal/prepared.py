"""Statements PostgreSQL plans once per connection: the compiled SQL of a shape (``portal.compiled_rows``) prepared.

A one-row read or a list page spends more of the database's time planning than running (the item page's own
statement: 1.1 ms to plan, 0.1 ms to run). A shape's statement is prepared on a connection the first time it runs
there (``PREPARE`` and the first ``EXECUTE`` in one round trip) and executed by name after that. The values that
fix the shape (an organization's id) are written into the prepared text, so a plan PostgreSQL keeps for it is
made for that organization; only the values that change from call to call (a page's cursor, an item's id, the
present instant) are the statement's parameters.

Off (``PREPARED_STATEMENTS = False``, environment ``DATABASE_PREPARED_STATEMENTS=off``) behind a connection pooler
in transaction mode, which hands a session's prepared statements to other clients; off by itself where psycopg
binds parameters on the server (``DATABASE_PREPARE_THRESHOLD``: it prepares statements itself) and on other
databases.
"""

import hashlib
import re
import weakref
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings

# The statements prepared on each open connection (psycopg's), by name.
_ON_CONNECTION: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# A connection on which a PREPARE failed: whether it was kept is unknown, so nothing more is prepared there.
_UNSURE = frozenset()
_PLACEHOLDER = re.compile(r"%%|%s")
# The declared type of a parameter by its value's: anything else is not prepared.
_TYPES = {int: "bigint", str: "text", bool: "boolean", Decimal: "numeric", date: "date", datetime: "timestamptz"}
try:  # the integers the ORM types for PostgreSQL (a Value of an IntegerField, a primary key compared as a row)
    from psycopg.types.numeric import Int2, Int4, Int8

    _TYPES.update({Int2: "smallint", Int4: "integer", Int8: "bigint"})
except ImportError:  # no PostgreSQL driver: nothing is prepared
    pass


class Prepared:
    """One compiled statement, prepared as ``name`` with the parameters at ``variable`` left as parameters."""

    def __init__(self, name: str, text: str, variable: list[int], types: list[str]):
        self.name, self.variable = name, variable
        arguments = f"({', '.join(['%s'] * len(variable))})" if variable else ""
        declared = f"({', '.join(types)})" if types else ""
        self.execute = f"EXECUTE {name}{arguments}"
        # Sent through psycopg's client-side binding with the arguments: a % of the text is written %%.
        self.prepare_and_execute = f"PREPARE {name}{declared} AS {text.replace('%', '%%')}; {self.execute}"

    def rows(self, connection, sql: str, params: list) -> list:
        """Run the statement with ``params`` (all of the compiled ``sql``'s, the variable ones read from them)."""
        connection.ensure_connection()
        prepared = _ON_CONNECTION.setdefault(connection.connection, set())
        with connection.cursor() as cursor:
            if prepared is _UNSURE:
                cursor.execute(sql, params)
                return cursor.fetchall()
            arguments = [params[at] for at in self.variable]
            if self.name in prepared:
                cursor.execute(self.execute, arguments)
                return cursor.fetchall()
            try:
                cursor.execute(self.prepare_and_execute, arguments)
            except Exception:
                # The PREPARE may have been kept (statements outlive a failed transaction) or not: this
                # connection runs its statements unprepared from now on.
                _ON_CONNECTION[connection.connection] = _UNSURE
                raise
            cursor.nextset()
            rows = cursor.fetchall()
        prepared.add(self.name)
        return rows


def prepared_statement(connection, sql: str, params: list, variable: list[int]) -> Prepared | None:
    """Return ``sql`` to prepare with its ``params`` written in but for those at ``variable`` (in order), or None
    where statements are not prepared (see the module) or the SQL holds a % beside its placeholders."""
    if not _prepares(connection):
        return None
    pieces = _PLACEHOLDER.split(sql)
    tokens = _PLACEHOLDER.findall(sql)
    if any("%" in piece for piece in pieces) or tokens.count("%s") != len(params):
        return None
    variable = sorted(variable)
    types = [_TYPES.get(type(params[at])) for at in variable]
    if None in types or any(type(params[at]) is datetime and params[at].utcoffset() is None for at in variable):
        return None
    connection.ensure_connection()
    numbered = {at: f"${number}" for number, at in enumerate(variable, start=1)}
    text, at = [pieces[0]], 0
    for token, piece in zip(tokens, pieces[1:], strict=True):
        if token == "%%":
            text.append("%")
        else:
            text.append(numbered.get(at) or _literal(params[at], connection))
            at += 1
        text.append(piece)
    text = "".join(text)
    name = "portal_" + hashlib.sha256(text.encode()).hexdigest()[:24]
    return Prepared(name, text, variable, types)


def _literal(value, connection) -> str:
    from psycopg import sql

    return sql.Literal(value).as_string(connection.connection)


def _prepares(connection) -> bool:
    options = connection.settings_dict.get("OPTIONS", {})
    return (
        connection.vendor == "postgresql"
        and getattr(settings, "PREPARED_STATEMENTS", True)
        and options.get("server_side_binding") is not True
    )


def forget_prepared(connection) -> None:
    """Drop the statements prepared on the connection (``DEALLOCATE ALL``), so the next run of each prepares it."""
    if connection.vendor == "postgresql" and connection.connection is not None:
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
        _ON_CONNECTION.pop(connection.connection, None)
