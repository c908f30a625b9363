"""A notice's parameters as JSON, so its sentence is rendered in the reader's language when read.

Values that depend on the language are kept as what they mean, not as words: a translatable label as its
message id, an amount as a decimal, a moment as ISO 8601, a legal deadline as a ``Deadline``, a row as its
model and key. ``decode`` gives back objects that the templates format in the active language.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from portal.workdays.calendar import format_deadline


class Deadline:
    """A legal deadline stored as 00:00 of the next day, shown as 24:00 of its day with the time zone."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __str__(self):
        return gettext("%(deadline)s (Asia/Shanghai)") % {"deadline": format_deadline(self.moment)}

    def __eq__(self, other):
        return isinstance(other, Deadline) and other.moment == self.moment

    __hash__ = None


class Phrase:
    """A translatable sentence with its values (labels, deadlines...), put together in the reader's language."""

    def __init__(self, text: Promise | str, **values):
        self.msgid = (_msgid(text) or str(text)) if isinstance(text, Promise) else text
        self.values = values

    def __str__(self):
        return gettext(self.msgid) % {name: str(value) for name, value in self.values.items()}

    def __eq__(self, other):
        return isinstance(other, Phrase) and (other.msgid, other.values) == (self.msgid, self.values)

    __hash__ = None


def _msgid(value: Promise) -> str | None:
    """Return the message id of a ``gettext_lazy`` text, or None for any other lazy object."""
    func, args = value.__reduce__()[1][:2]
    return args[0] if func is gettext and len(args) == 1 else None


def encode(value):
    """Return ``value`` as JSON data that ``decode`` turns back into what the templates need."""
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, Promise):
        msgid = _msgid(value)
        return {"__msgid__": msgid} if msgid is not None else str(value)
    if isinstance(value, Deadline):
        return {"__deadline__": value.moment.isoformat()}
    if isinstance(value, Phrase):
        return {"__phrase__": value.msgid, "values": encode(value.values)}
    if isinstance(value, models.Model):
        return {"__model__": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, Decimal):
        return {"__decimal__": str(value)}
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _row_keys(data) -> Iterable[tuple[str, object]]:
    """Yield the (model label, key) of every row the stored data names."""
    if isinstance(data, list):
        for item in data:
            yield from _row_keys(item)
    elif isinstance(data, dict):
        if "__model__" in data:
            yield data["__model__"], data["pk"]
        else:
            for item in data.values():
                yield from _row_keys(item)


def rows_named(datas: Iterable) -> dict[tuple[str, object], models.Model]:
    """Fetch every row that the stored data name, one query per model: ``{(label, key): row}``."""
    keys = defaultdict(set)
    for label, pk in (key for data in datas for key in _row_keys(data)):
        keys[label].add(pk)
    rows = {}
    for label, pks in keys.items():
        for row in apps.get_model(label)._default_manager.filter(pk__in=pks):
            rows[label, row.pk] = row
    return rows


def decode(data, rows: dict | None = None):
    """Return the values ``encode`` stored: labels lazily translated, rows fetched again (None if gone).

    ``rows`` (from ``rows_named``) holds rows already fetched; without it each row is fetched on its own.
    """
    if isinstance(data, list):
        return [decode(item, rows) for item in data]
    if not isinstance(data, dict):
        return data
    if "__msgid__" in data:
        return gettext_lazy(data["__msgid__"])
    if "__deadline__" in data:
        return Deadline(datetime.fromisoformat(data["__deadline__"]))
    if "__phrase__" in data:
        return Phrase(data["__phrase__"], **decode(data["values"], rows))
    if "__model__" in data:
        if rows is not None:
            return rows.get((data["__model__"], data["pk"]))
        model = apps.get_model(data["__model__"])
        return model._default_manager.filter(pk=data["pk"]).first()
    if "__decimal__" in data:
        return Decimal(data["__decimal__"])
    if "__datetime__" in data:
        return datetime.fromisoformat(data["__datetime__"])
    if "__date__" in data:
        return date.fromisoformat(data["__date__"])
    return {key: decode(item, rows) for key, item in data.items()}
