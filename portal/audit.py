"""The one shape of an audit record, and its one writer.

Every kind of object that keeps a history has a concrete event model built on ``AuditRecord``: a
foreign key to its subject plus these fields. ``audit_write`` is how every service records an event,
in the same transaction as the change it records. ``audit_write_many`` is the one exception: sweeps
that record many events at once build them with ``audit_build`` and insert them in one statement.
"""

import json
from collections.abc import Callable

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

EDIT_LABELS = {
    "added": pgettext_lazy("audit action", "Added"),
    "changed": pgettext_lazy("audit action", "Changed"),
    "deleted": pgettext_lazy("audit action", "Deleted"),
}


class AuditRecord(models.Model):
    """Who did what to one object, when, from which state to which, and why."""

    ACTION_LABELS: dict = {}

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        arrow = f" {self.from_status}→{self.to_status}" if self.from_status or self.to_status else ""
        return f"{self.action}{arrow}"

    def action_label(self) -> str:
        """The action in words, in the reader's language."""
        return self.ACTION_LABELS.get(self.action, self.action)


def audit_build(
    model: type[AuditRecord],
    *,
    actor,
    action: str,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    data: dict | None = None,
    at=None,
    **subject,
) -> AuditRecord:
    """Return an unsaved event of ``model`` about ``subject``; ``at`` defaults to now, an anonymous actor is none."""
    return model(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=str(reason or ""),
        data=data or {},
        created_at=at or timezone.now(),
        **subject,
    )


def audit_write(
    model: type[AuditRecord],
    *,
    actor,
    action: str,
    sign: Callable[[AuditRecord], None] | None = None,
    **fields,
) -> AuditRecord:
    """Record one event of ``model`` about its subject: ``fields`` are ``audit_build``'s (from/to status, reason,
    data, at) and the subject's foreign keys, e.g. ``recordal=...``.

    ``sign``, for chained histories, completes the built event (its place in the chain and MAC) before it is saved.
    """
    record = audit_build(model, actor=actor, action=action, **fields)
    if sign is not None:
        sign(record)
    record.save(force_insert=True)
    return record


def audit_write_many(
    model: type[AuditRecord], records: list[AuditRecord], *, returning: bool = True
) -> list[AuditRecord]:
    """Record many events built with ``audit_build`` (and signed, if chained) in one insert, for sweeps.

    ``returning=False`` is for thousands of events whose ids nobody reads: on PostgreSQL they travel as one JSON
    document that the insert unpacks, and the records keep no id.
    """
    if returning or connection.vendor != "postgresql" or not records:
        return model.objects.bulk_create(records)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    types = ", ".join(f"{quote(field.column)} {field.db_type(connection)}" for field in fields)
    rows = [{field.column: getattr(record, field.attname) for field in fields} for record in records]
    table = quote(model._meta.db_table)
    statement = f"INSERT INTO {table} ({columns}) SELECT {columns} FROM jsonb_to_recordset(%s::jsonb) AS given({types})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, [json.dumps(rows, default=_json_value)])
    return records


def _json_value(value) -> str:
    """Return a date, time or decimal as the text PostgreSQL reads back exactly (to the microsecond)."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def audit_snapshot(obj: models.Model | None) -> dict:
    """Return the object's own column values as JSON-safe text (``{}`` for no object), to compare before and after."""
    if obj is None:
        return {}
    return {
        field.name: None if (value := field.value_from_object(obj)) is None else str(value)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }


def audit_changes(before: dict, after: dict, *, hidden: tuple[str, ...] = ()) -> dict:
    """Return ``{field: [old, new]}`` for each field that differs; ``hidden`` ones (secrets) only say they changed."""
    return {
        name: ["…", "…"] if name in hidden else [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
