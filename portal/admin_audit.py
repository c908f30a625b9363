"""Admin pages whose every add, change and delete writes one audit event saying what changed, old → new."""

from django.contrib import admin

from portal.audit import AuditRecord, audit_changes, audit_snapshot, audit_write


def admin_audit(
    model: type[AuditRecord],
    *,
    actor,
    before: dict,
    obj,
    subject: dict,
    deleted: bool = False,
    hidden=(),
    states: tuple[str, str] = ("", ""),
) -> AuditRecord | None:
    """Record an admin's add, change or delete of ``obj``; a save that changed nothing records nothing.

    ``states`` are the object's state before and after, for kinds that have one. The values compared are the
    stored ones (read back after the save), so an event says what the database now holds.
    """
    if deleted:
        return audit_write(
            model, actor=actor, action="deleted", from_status=states[0], data={"via": "admin", "was": before}, **subject
        )
    stored = type(obj)._default_manager.get(pk=obj.pk)
    changes = audit_changes(before, audit_snapshot(stored), hidden=hidden)
    if not changes:
        return None
    return audit_write(
        model,
        actor=actor,
        action="changed" if before else "added",
        from_status=states[0],
        to_status=states[1],
        data={"via": "admin", "changes": changes},
        **subject,
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence: listed and shown, never added, edited or deleted through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Writes one ``audit_model`` event per saved or deleted object; ``audit_subject`` names its subject fields.

    ``deletable = False``: rows are switched off or revoked instead, their history stays attached.
    """

    audit_model: type[AuditRecord]
    audit_hidden: tuple[str, ...] = ()
    deletable = True

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)

    def audit_subject(self, obj) -> dict:
        """Return the event's subject fields for ``obj`` (default: the object itself under the model's name)."""
        return {obj._meta.model_name: obj}

    def audit_state(self, obj) -> str:
        """Return the object's state in words for the event's from/to (default: none)."""
        return ""

    def save_model(self, request, obj, form, change):
        old = type(obj).objects.filter(pk=obj.pk).first() if change else None
        before, old_state = audit_snapshot(old), self.audit_state(old) if old is not None else ""
        super().save_model(request, obj, form, change)
        admin_audit(
            self.audit_model,
            actor=request.user,
            before=before,
            obj=obj,
            subject=self.audit_subject(obj),
            hidden=self.audit_hidden,
            states=(old_state, self.audit_state(obj)),
        )

    def delete_model(self, request, obj):
        self._audit_deleted(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit_deleted(request, obj)
        super().delete_queryset(request, queryset)

    def _audit_deleted(self, request, obj) -> None:
        admin_audit(
            self.audit_model,
            actor=request.user,
            before=audit_snapshot(obj),
            obj=obj,
            subject=self.audit_subject(obj),
            deleted=True,
            states=(self.audit_state(obj), ""),
        )


def audited_formset_save(formset, *, actor, audit_model: type[AuditRecord], subject_field: str) -> None:
    """Save an inline formset whose rows may not be deleted, recording one event per added or changed row."""
    model = formset.model
    before = {
        form.instance.pk: audit_snapshot(model.objects.filter(pk=form.instance.pk).first())
        for form in formset.forms
        if form.instance.pk is not None
    }
    for obj in formset.save():
        admin_audit(audit_model, actor=actor, before=before.get(obj.pk, {}), obj=obj, subject={subject_field: obj})


HISTORY_FIELDS = ["created_at", "actor", "action_label", "from_status", "to_status", "reason", "data"]


def history_inline(event_model: type[AuditRecord], fk_name: str | None = None) -> type[admin.TabularInline]:
    """Return a read-only inline listing an object's events (who, when, what changed); ``fk_name`` names the
    subject's key where the event has another key to the same model (a user's events: ``user``, not ``actor``)."""
    return type(
        f"{event_model.__name__}Inline",
        (admin.TabularInline,),
        {
            "model": event_model,
            "fk_name": fk_name,
            "fields": HISTORY_FIELDS,
            "readonly_fields": HISTORY_FIELDS,
            "extra": 0,
            "can_delete": False,
            "has_add_permission": lambda self, request, obj=None: False,
            "has_change_permission": lambda self, request, obj=None: False,
        },
    )
