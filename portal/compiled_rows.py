"""Rows of a list whose SQL is compiled once per shape: later pages of the same shape run it with new values.

Compiling a query (joins, columns, conditions) costs a list page more than running it. A list names a key
for everything its SQL and parameters depend on, except the values that end its parameters (a keyset
page's cursor); the first page of that key is compiled by the ORM and kept, the next ones only send it.
"""

import threading
from collections import OrderedDict

from django.db import connections
from django.db.models.utils import create_namedtuple_class

# How many shapes a process keeps (the oldest go first): a shape is, say, the list of one organization.
KEPT = 512
_COMPILED: OrderedDict = OrderedDict()
_LOCK = threading.Lock()


def _keep(key, entry) -> None:
    with _LOCK:
        _COMPILED[key] = entry
        while len(_COMPILED) > KEPT:
            _COMPILED.popitem(last=False)


def _compiled(queryset, tail: list):
    """Return (SQL, parameters, converters, row class) of a ``values_list`` queryset; None when its parameters
    do not end with ``tail``."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    params = list(params)
    if tail and params[-len(tail) :] != tail:
        return None
    converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
    return sql, params, converters, create_namedtuple_class(*queryset._fields)


def compiled_rows(queryset, key, *, tail: list) -> list:
    """Return the rows of ``queryset`` (a named ``values_list``) as the ORM would, its SQL compiled once per ``key``.

    ``key`` must determine the SQL and every parameter but the last ``len(tail)``, which are ``tail`` (the
    values as sent to the database). Without a key the ORM reads the rows."""
    if key is None:
        return list(queryset)
    return rows_compiled_once(lambda: queryset, key, tail=tail, using=queryset.db)


def rows_compiled_once(build, key, *, tail: list, using: str) -> list:
    """Return the rows of the ``values_list`` queryset ``build()`` makes (on database ``using``), made and compiled
    only the first time of ``key`` (see ``compiled_rows``)."""
    key = (using, key, len(tail))
    entry = _COMPILED.get(key)
    if entry is None:
        queryset = build()
        entry = _compiled(queryset, tail)
        if entry is None:
            return list(queryset)
        _keep(key, entry)
    sql, params, converters, row_class = entry
    if tail:
        params = [*params[: -len(tail)], *tail]
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if converters:
        rows = [_converted(list(row), converters, connection) for row in rows]
    new = tuple.__new__
    return [new(row_class, row) for row in rows]


def kept_queryset(key, build):
    """Return a copy of the queryset ``build()`` makes, made once per ``key`` (None: made each time): for a list
    whose columns cost more to set up than to run."""
    if key is None:
        return build()
    key = ("queryset", key)
    queryset = _COMPILED.get(key)
    if queryset is None:
        queryset = build()
        _keep(key, queryset)
    return queryset.all()


def _converted(row: list, converters: dict, connection) -> list:
    """Apply the ORM's conversions of database values (``SQLCompiler.apply_converters``) to one row."""
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row
