"""Rows of a list whose SQL is compiled once per shape: later pages of the same shape run it with new values.

Compiling a query (joins, columns, conditions) costs a list page more than running it. A list names a key
for everything its SQL and parameters depend on, except the values that end its parameters (a keyset
page's cursor); the first page of that key is compiled by the ORM and kept, the next ones only send it.
A query whose instants appear anywhere in its parameters (a period repeated in every branch of a
``UNION ALL``) is compiled once from stand-in instants, whose places the next calls fill with theirs.
"""

import re
import threading
from collections import Counter, OrderedDict
from datetime import UTC, datetime, timedelta
from itertools import chain
from operator import itemgetter

from django.db import connections
from django.db.models.query import get_related_populators
from django.db.models.utils import create_namedtuple_class

from portal.prepared import prepared_statement

# How many shapes a process keeps (the oldest go first): a shape is, say, the list of one organization.
KEPT = 512
# Stand-in instants are this one plus a microsecond each: no query of the portal names such an instant.
STAND_IN = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)
# Kept for a shape whose parameters did not hold every stand-in: the ORM reads it each time.
ORM_ONLY = "read by the ORM"
_COMPILED: OrderedDict = OrderedDict()
_LOCK = threading.Lock()


def _keep(key, entry) -> None:
    with _LOCK:
        _COMPILED[key] = entry
        while len(_COMPILED) > KEPT:
            _COMPILED.popitem(last=False)


def _compiled(queryset, tail: list):
    """Return (SQL, parameters, converters, row class, prepared statement or None) of a ``values_list`` queryset;
    None when its parameters do not end with ``tail``."""
    sql, params, converters = _sql_of(queryset)
    if tail and params[-len(tail) :] != tail:
        return None
    statement = prepared_statement(connections[queryset.db], sql, params, _ending(params, tail))
    return sql, params, converters, create_namedtuple_class(*queryset._fields), statement


def _ending(params: list, tail: list) -> list[int]:
    """Return the places of ``tail`` at the end of ``params``."""
    return list(range(len(params) - len(tail), len(params)))


def _sql_of(queryset) -> tuple[str, list, dict]:
    """Return the SQL, parameters and converters of a queryset as the ORM would run it."""
    return _compiled_by(queryset.query.get_compiler(using=queryset.db))


def _compiled_by(compiler) -> tuple[str, list, dict]:
    sql, params = compiler.as_sql()
    converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
    return sql, list(params), converters


def compiled_rows(queryset, key, *, tail: list) -> list:
    """Return the rows of ``queryset`` (a named ``values_list``) as the ORM would, its SQL compiled once per ``key``.

    ``key`` must determine the SQL and every parameter but the last ``len(tail)``, which are ``tail`` (the
    values as sent to the database). Without a key the ORM reads the rows."""
    if key is None:
        return list(queryset)
    return rows_compiled_once(lambda: queryset, key, tail=tail, using=queryset.db)


def rows_compiled_once(build, key, *, tail: list, using: str) -> list:
    """Return the rows of the ``values_list`` queryset ``build()`` makes (on database ``using``), made and compiled
    only the first time of ``key`` (see ``compiled_rows``; without a key the ORM reads them each time)."""
    if key is None:
        return list(build())
    key = (using, key, len(tail))
    entry = _COMPILED.get(key)
    if entry is None:
        queryset = build()
        entry = _compiled(queryset, tail)
        if entry is None:
            return list(queryset)
        _keep(key, entry)
    sql, params, converters, row_class, statement = entry
    if tail:
        params = [*params[: -len(tail)], *tail]
    new = tuple.__new__
    return [new(row_class, row) for row in _fetched(connections[using], sql, params, converters, statement)]


def dicts_compiled_once(build, key, instants: list[datetime], *, using: str) -> list[dict]:
    """Return the rows, as dicts, of the ``values()`` queryset ``build(instants)`` makes (on database ``using``), its
    SQL compiled once per ``key`` from stand-ins for ``instants`` wherever its parameters hold them.

    ``key`` must determine the SQL and every parameter but the instants (aware datetimes, as many each time).
    A query whose parameters do not hold every stand-in is read by the ORM (each time after the first)."""
    key = (using, "instants", key, len(instants))
    entry = _COMPILED.get(key)
    if entry is None:
        compiler, sql, params, converters, places = _with_stand_ins(build, instants, [], using)
        entry = ORM_ONLY if places is None else (sql, params, converters, _names(compiler.query), places)
        _keep(key, entry)
    if entry is ORM_ONLY:
        return list(build(instants))
    sql, params, converters, names, places = entry
    rows = _fetched(connections[using], sql, _filled(params, places, instants, [], using), converters)
    return [dict(zip(names, row, strict=True)) for row in rows]


def instances_compiled_once(build, key, *, instants: list[datetime], tail: list, using: str) -> list:
    """Return the model instances of the queryset ``build(instants)`` makes (on database ``using``), as the ORM makes
    them (what it selects related and its annotations set on each), its SQL compiled once per ``key`` from
    stand-ins for ``instants`` wherever its parameters hold them; its parameters end with ``tail`` (see
    ``compiled_rows``). Without a key, or when its parameters do not hold every stand-in, the ORM reads them."""
    if key is None:
        return list(build(instants))
    key = (using, "instances", key, len(instants), len(tail))
    entry = _COMPILED.get(key)
    if entry is None:
        compiler, sql, params, converters, places = _with_stand_ins(build, instants, tail, using)
        if places is None:
            entry = ORM_ONLY
        else:
            variable = sorted({*_ending(params, tail), *(at for at_each in places for at in at_each)})
            statement = prepared_statement(connections[using], sql, params, variable)
            entry = (sql, params, converters, places, _maker(compiler, using), statement)
        _keep(key, entry)
    if entry is ORM_ONLY:
        return list(build(instants))
    sql, params, converters, places, make, statement = entry
    params = _filled(params, places, instants, tail, using)
    return [make(row) for row in _fetched(connections[using], sql, params, converters, statement)]


def instances_read_together(
    builds: list, key, *, tails: list[list], using: str, instants: list[datetime] = ()
) -> list[list]:
    """Return the model instances of several querysets (``build(instants)`` each, its parameters ending with its
    tail), as ``instances_compiled_once`` returns each, read by one statement compiled once per ``key`` from stand-ins
    for ``instants`` wherever the querysets' parameters hold them: the querysets' rows in one ``UNION ALL``, in each
    queryset's order (``_together`` says how their columns share the statement's).

    A page that reads a row and several short lists about it (an item, its photos, its recordal's images, its
    events) pays one round trip instead of one per list. Without a key the ORM reads each queryset."""
    instants = list(instants)
    if key is None:
        return [list(build(instants)) for build in builds]
    key = (using, "together", key, len(instants), tuple(len(tail) for tail in tails))
    entry = _COMPILED.get(key)
    if entry is None:
        entry = _together(builds, len(instants), tails, using)
        _keep(key, entry)
    if entry is ORM_ONLY:
        return [list(build(instants)) for build in builds]
    sql, params, variable, places, parts, statement = entry
    params = _filled(params, places, instants, [], using)
    for at_each, tail in zip(variable, tails, strict=True):
        for at, value in zip(at_each, tail, strict=True):
            params[at] = value
    found = [[] for _ in parts]
    connection = connections[using]
    for row in _fetched(connection, sql, params, {}, statement):
        columns, converters, make = parts[row[0]]
        values = columns(row)
        found[row[0]].append(make(_converted(values, converters, connection) if converters else values))
    return found


def _slot_type(column, connection) -> str:
    """Return the SQL type of a selected column, as a column of a ``UNION ALL`` shared by the querysets' columns of
    that type: a ``varchar`` or ``numeric`` of any size shares one."""
    kind = column[0].output_field.cast_db_type(connection)
    return None if kind is None else re.sub(r"^(varchar|numeric)\(.*\)$", r"\1", kind)


def _together(builds: list, instants: int, tails: list[list], using: str):
    """Compile the querysets into one ``UNION ALL`` (see ``instances_read_together``): its SQL, parameters, the places
    of each tail and of each stand-in instant in them, each part's (columns of a row, converters, maker) and its
    prepared statement; ORM_ONLY when a queryset's parameters do not end with its tail, a stand-in is in no
    queryset's parameters or a queryset selects columns it does not make or of no SQL type.

    Each queryset is a named subquery (``WITH part_0(c0, c1, …) AS (…)``) and each row says its queryset and its
    place in that queryset's order. The querysets share the statement's columns by type: its n-th column of a type
    is each queryset's n-th column of that type, NULL where a queryset has fewer; a statement as wide as the widest
    queryset of each type, not as all of them side by side (each column costs the database in every branch)."""
    connection = connections[using]
    adapt = connection.ops.adapt_datetimefield_value
    stand_ins = [STAND_IN + timedelta(microseconds=n + 1) for n in range(instants)]
    compiled = []
    for build, tail in zip(builds, tails, strict=True):
        compiler = build(stand_ins).query.get_compiler(using=using)
        sql, params, converters = _compiled_by(compiler)
        if (tail and params[-len(tail) :] != list(tail)) or compiler.col_count != len(compiler.select):
            return ORM_ONLY
        compiled.append((compiler, sql, params, converters))
    # Each type's columns: as many as the queryset with most columns of that type has.
    slots, ranks = {}, []
    for compiler, *_ in compiled:
        counted, own = Counter(), []
        for column in compiler.select:
            kind = _slot_type(column, connection)
            if kind is None:  # a column of no SQL type (its NULL could not be cast)
                return ORM_ONLY
            own.append((kind, counted[kind]))
            counted[kind] += 1
        ranks.append(own)
        for kind, n in counted.items():
            slots[kind] = max(slots.get(kind, 0), n)
    shared = [(kind, n) for kind, most in slots.items() for n in range(most)]
    # A row's columns: its queryset's index, its place in that queryset's order, then the shared columns.
    position_of = {slot: position for position, slot in enumerate(shared, start=2)}
    named, branches, params, variable, parts = [], [], [], [], []
    for index, (compiler, sql, own, converters) in enumerate(compiled):
        names = [f"c{n}" for n in range(compiler.col_count)]
        named.append(f"part_{index}({', '.join(names)}) AS ({sql})")
        holds = dict(zip(ranks[index], names, strict=True))
        # PostgreSQL does not infer the type of a NULL in a UNION's column: each is cast.
        columns = ", ".join(holds.get(slot, f"CAST(NULL AS {slot[0]})") for slot in shared)
        branches.append(f"SELECT {index} AS part, ROW_NUMBER() OVER () AS ordinal, {columns} FROM part_{index}")  # noqa: S608
        variable.append(list(range(len(params) + len(own) - len(tails[index]), len(params) + len(own))))
        params.extend(own)
        positions = [position_of[slot] for slot in ranks[index]]
        parts.append((_picker(positions), converters, _maker(compiler, using)))
    places = [[at for at, param in enumerate(params) if param == adapt(stand_in)] for stand_in in stand_ins]
    if not all(places):
        return ORM_ONLY
    sql = f"WITH {', '.join(named)} {' UNION ALL '.join(branches)} ORDER BY 1, 2"
    changing = sorted({*chain.from_iterable(variable), *chain.from_iterable(places)})
    statement = prepared_statement(connection, sql, params, changing)
    return sql, params, variable, places, parts, statement


def _picker(positions: list[int]):
    """Return a function giving a row's values at ``positions``, as a list."""
    if len(positions) == 1:
        (position,) = positions
        return lambda row: [row[position]]
    pick = itemgetter(*positions)
    return lambda row: list(pick(row))


def _with_stand_ins(build, instants: list, tail: list, using: str):
    """Build and compile the query from stand-ins for ``instants``: return its compiler, SQL, parameters and
    converters and the places of each stand-in in the parameters (None: a stand-in is missing, or they do not end in
    ``tail``)."""
    adapt = connections[using].ops.adapt_datetimefield_value
    stand_ins = [STAND_IN + timedelta(microseconds=n + 1) for n in range(len(instants))]
    queryset = build(stand_ins)
    compiler = queryset.query.get_compiler(using=using)
    sql, params, converters = _compiled_by(compiler)
    places = [[at for at, param in enumerate(params) if param == adapt(stand_in)] for stand_in in stand_ins]
    if not all(places) or (tail and params[-len(tail) :] != list(tail)):
        places = None
    return compiler, sql, params, converters, places


def _filled(params: list, places: list, instants: list, tail: list, using: str) -> list:
    """Return the kept parameters with each call's instants in their stand-ins' places and its ``tail`` at the end."""
    adapt = connections[using].ops.adapt_datetimefield_value
    params = list(params)
    for instant, at in zip(instants, places, strict=True):
        value = adapt(instant)
        for position in at:
            params[position] = value
    if tail:
        params[-len(tail) :] = tail
    return params


def _maker(compiler, using: str):
    """Return a function making one model instance of a row of the compiled query, as ``ModelIterable`` does."""
    select, klass_info, annotations = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, using)

    def make(row):
        instance = model.from_db(using, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, at in (annotations or {}).items():
            setattr(instance, name, row[at])
        return instance

    return make


def _names(query) -> list[str]:
    """Return the names of a ``values()`` query's columns, in order (as ``ValuesIterable`` does)."""
    if query.selected:
        return list(query.selected)
    return [*query.extra_select, *query.values_select, *query.annotation_select]


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


def _fetched(connection, sql: str, params: list, converters: dict, statement=None) -> list:
    """Run compiled SQL (as its prepared ``statement`` where there is one: ``portal.prepared``) and return its rows
    with the ORM's conversions applied."""
    if statement is not None:
        rows = statement.rows(connection, sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    if converters:
        rows = [_converted(list(row), converters, connection) for row in rows]
    return rows


def _converted(row: list, converters: dict, connection) -> list:
    """Apply the ORM's conversions of database values (``SQLCompiler.apply_converters``) to one row."""
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row
