"""Read serializers that answer lists quickly: the same output as DRF's, from a plan made once per class.

DRF's ``Serializer.to_representation`` looks every field's value up through the generic
``Field.get_attribute`` (a loop over the source path, a ``Mapping`` check, exception handling) and then
converts it, for every field of every row; and a ``ModelSerializer`` builds its fields anew for every
instance. ``PlannedRepresentation`` makes, once per serializer class, a plan of (name, read, convert) per
readable field, never building fields per request: a plain attribute path
is read with ``operator.attrgetter`` (anything unusual falls back to the field's own ``get_attribute``), a
method field calls its bound method, and text, whole numbers and booleans that are already of their type
are kept as they are (what DRF's conversion returns for them). Everything else is converted by the field
itself, so the answer is DRF's, key for key.
"""

import copy
from operator import attrgetter

from django.conf import settings
from django.utils import timezone
from rest_framework import ISO_8601
from rest_framework import fields as drf_fields
from rest_framework.fields import SerializerMethodField, SkipField
from rest_framework.relations import PKOnlyObject, PrimaryKeyRelatedField, RelatedField
from rest_framework.serializers import BaseSerializer, ListSerializer
from rest_framework.settings import api_settings


def _read(field):
    """Return a reader of the field's value: ``attrgetter`` on its source path, DRF's lookup when in doubt."""
    path = field.source_attrs
    if not path or isinstance(field, (BaseSerializer, RelatedField)):
        return field.get_attribute
    fast = attrgetter(".".join(path))
    slow = field.get_attribute

    def read(instance):
        try:
            value = fast(instance)
        except Exception:
            return slow(instance)
        return slow(instance) if callable(value) else value

    return read


def _drf_convert(convert):
    """Return DRF's conversion with its "a missing related object is None" rule."""

    def converted(value):
        if (value.pk if isinstance(value, PKOnlyObject) else value) is None:
            return None
        return convert(value)

    return converted


def _kept_when(kind, convert):
    def converted(value):
        return value if type(value) is kind else convert(value)

    return converted


KEPT_AS_IS = {drf_fields.CharField: str, drf_fields.IntegerField: int, drf_fields.BooleanField: bool}
METHOD, NESTED, VALUE, INSTANT = "method", "nested", "value", "instant"


def _iso_instant(field) -> bool:
    """Return whether DRF writes the field's values as ISO 8601 in the current time zone: a plain ``DateTimeField``
    with neither a format nor a time zone of its own (``RowPlan`` then converts an aware instant itself, as
    ``DateTimeField.to_representation`` does, without looking the time zone up for every value)."""
    return (
        type(field) is drf_fields.DateTimeField
        and not hasattr(field, "format")
        and not hasattr(field, "timezone")
        and str(api_settings.DATETIME_FORMAT).lower() == ISO_8601
        and settings.USE_TZ
    )


def _step(field) -> tuple:
    """Return one field's step of the plan: (name, kind, read, convert or the method's name)."""
    name = field.field_name
    if isinstance(field, SerializerMethodField):
        return name, METHOD, None, field.method_name
    if isinstance(field, BaseSerializer):
        return name, NESTED, field.get_attribute, field
    if isinstance(field, RelatedField):
        return name, VALUE, field.get_attribute, _drf_convert(field.to_representation)
    kind = KEPT_AS_IS.get(type(field))
    return name, VALUE, _read(field), _kept_when(kind, field.to_representation) if kind else field.to_representation


PLANS: dict[type, list] = {}


def _kept(value):
    return value


def _related_not_by_key(field) -> bool:
    """Return whether a related field shows more than its key (a row holds only the key)."""
    if not isinstance(field, RelatedField):
        return False
    return not isinstance(field, PrimaryKeyRelatedField) or field.pk_field is not None


class PlannedRepresentation:
    """Mixin for a read serializer whose fields depend on nothing but its class: DRF's ``to_representation``,
    from a plan made once per class (no fields built per instance)."""

    def _representation_plan(self) -> list:
        plan = PLANS.get(type(self))
        if plan is None:
            plan = PLANS[type(self)] = [_step(field) for field in type(self)()._readable_fields]
        return plan

    def _nested(self, name: str, prototype):
        """Return this serializer's own copy of a nested serializer (bound to it: it reads its context)."""
        nested = self.__dict__.setdefault("_nested_serializers", {})
        if name not in nested:
            nested[name] = copy.deepcopy(prototype)
            nested[name].bind(field_name=name, parent=self)
        return nested[name]

    def to_representation(self, instance):
        answer = {}
        for name, kind, read, convert in self._representation_plan():
            if kind is METHOD:
                answer[name] = getattr(self, convert)(instance)
                continue
            try:
                value = read(instance)
            except SkipField:
                continue
            if value is None:
                answer[name] = None
            elif kind is NESTED:
                answer[name] = self._nested(name, convert).to_representation(value)
            else:
                answer[name] = convert(value)
        return answer


class RowPlan:
    """A serializer's representation of rows read as tuples (``values_list(*plan.columns)``) instead of instances.

    Every readable field reads one column, its source path joined by ``__`` (after ``prefix``), and converts it
    with the same conversion as ``PlannedRepresentation`` (a missing value is None, as DRF has it); a nested
    serializer reads its own columns under its source. Method fields and lists are given as ``special``: a
    name maps to (columns, function), the function called with the request's ``context`` and those columns'
    values (columns named in full, as ``values_list`` takes them); ``"shipment.office"`` names the field ``office``
    of the nested serializer ``shipment``. The answer is the serializer's, key for key and in its order.
    """

    def __init__(self, serializer_class, *, special: dict | None = None, prefix: str = "", columns: list | None = None):
        self.columns = [] if columns is None else columns
        special = special or {}
        self.steps = []
        used = set()
        for field in serializer_class()._readable_fields:
            name, kind, _read, convert = _step(field)
            if name in special:
                used.add(name)
                wanted, function = special[name]
                self.steps.append((name, METHOD, [self._column(column) for column in wanted], function))
            elif kind is METHOD or isinstance(field, ListSerializer) or _related_not_by_key(field):
                raise ValueError(f"{serializer_class.__name__}.{name} needs a special reader")
            elif kind is NESTED:
                source = f"{prefix}{'__'.join(field.source_attrs)}__"
                inside = {key.split(".", 1)[1]: value for key, value in special.items() if key.startswith(f"{name}.")}
                nested = RowPlan(type(field), prefix=source, columns=self.columns, special=inside)
                used |= {f"{name}.{key}" for key in inside}
                self.steps.append((name, NESTED, self._column(source + "id"), nested))
            else:
                convert = _kept if isinstance(field, RelatedField) else convert
                kind = INSTANT if _iso_instant(field) else VALUE
                self.steps.append((name, kind, self._column(prefix + "__".join(field.source_attrs)), convert))
        if set(special) - used:
            raise ValueError(f"{serializer_class.__name__} has no field {sorted(set(special) - used)}")

    def _column(self, column: str) -> int:
        if column not in self.columns:
            self.columns.append(column)
        return self.columns.index(column)

    def represent(self, row, context) -> dict:
        """Return the row's representation; ``context`` may hold the request's time zone as ``zone`` (read once a
        page instead of once an instant)."""
        answer = {}
        for name, kind, where, convert in self.steps:
            if kind is VALUE:
                value = row[where]
                answer[name] = None if value is None else convert(value)
            elif kind is INSTANT:
                value = row[where]
                if value is None or value.utcoffset() is None:
                    answer[name] = None if value is None else convert(value)
                else:
                    zone = getattr(context, "zone", None) or timezone.get_current_timezone()
                    text = value.astimezone(zone).isoformat()
                    answer[name] = text[:-6] + "Z" if text.endswith("+00:00") else text
            elif kind is METHOD:
                answer[name] = convert(context, *(row[i] for i in where))
            else:
                answer[name] = None if row[where] is None else convert.represent(row, context)
        return answer
