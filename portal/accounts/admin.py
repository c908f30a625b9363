from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from portal.accounts.models import (
    CustomsDistrict,
    CustomsDistrictEvent,
    Delegation,
    DelegationEvent,
    Membership,
    MembershipEvent,
    Organization,
    OrganizationEvent,
    User,
    UserEvent,
)
from portal.admin_audit import AuditedAdmin, audited_formset_save, history_inline
from portal.audit import audit_changes, audit_snapshot, audit_write


class MembershipInline(admin.TabularInline):
    """A membership is changed (organization, role), never deleted: its history stays with it."""

    model = Membership
    extra = 0
    can_delete = False
    autocomplete_fields = ["organization"]


def _grants(user) -> dict:
    """Return the user's groups and own permissions as text, to record their change beside the fields'."""
    return {
        "groups": ", ".join(sorted(user.groups.values_list("name", flat=True))),
        "user_permissions": ", ".join(sorted(user.user_permissions.values_list("codename", flat=True))),
    }


def _record(request, user, *, action: str, changes: dict) -> None:
    audit_write(UserEvent, actor=request.user, action=action, data={"via": "admin", "changes": changes}, user=user)


@admin.register(User)
class PortalUserAdmin(AuditedAdmin, UserAdmin):
    """Every add and change of an account is recorded (old → new, the password hash never); an account is switched
    off (active unticked), not deleted: its notices, deliveries and events stay attached."""

    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]
    fieldsets = [*UserAdmin.fieldsets, ("Portal", {"fields": ["language"]})]
    inlines = [MembershipInline, history_inline(UserEvent, fk_name="user")]
    audit_model = UserEvent
    audit_hidden = ("password", "last_login")
    deletable = False

    def save_model(self, request, obj, form, change):
        """Save the account; its event is written in ``save_related``, once its groups and permissions are saved."""
        old = User.objects.filter(pk=obj.pk).first() if change else None
        form.audit_before = {**audit_snapshot(old), **_grants(old)} if old is not None else {}
        admin.ModelAdmin.save_model(self, request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Save the inlines, groups and permissions, then write the one event of every field changed."""
        super().save_related(request, form, formsets, change)
        user = User.objects.get(pk=form.instance.pk)
        before = form.audit_before
        changes = audit_changes(before, {**audit_snapshot(user), **_grants(user)}, hidden=self.audit_hidden)
        if changes:
            action = "changed" if before else "added"
            audit_write(
                UserEvent, actor=request.user, action=action, data={"via": "admin", "changes": changes}, user=user
            )

    def user_change_password(self, request, id, form_url=""):
        """Set a password (or switch it off); the event says the password changed, never what it is."""
        with transaction.atomic():
            before = User.objects.filter(pk=unquote(id)).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            user = User.objects.filter(pk=unquote(id)).first()
            if user is not None and before is not None and user.password != before:
                changes = {"password": ["…", "…"]}
                audit_write(
                    UserEvent,
                    actor=request.user,
                    action="changed",
                    data={"via": "admin", "changes": changes},
                    user=user,
                )
        return response

    def save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            audited_formset_save(formset, actor=request.user, audit_model=MembershipEvent, subject_field="membership")
        else:
            super().save_formset(request, form, formset, change)


@admin.register(CustomsDistrict)
class CustomsDistrictAdmin(AuditedAdmin):
    """Districts group the customs offices; they are kept, never deleted, and every change is recorded."""

    audit_model = CustomsDistrictEvent
    deletable = False
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [history_inline(CustomsDistrictEvent)]

    def audit_subject(self, obj) -> dict:
        return {"district": obj}


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    """Organizations are switched off (``active``), never deleted; every change is recorded."""

    audit_model = OrganizationEvent
    deletable = False
    list_display = ["name", "kind", "country", "district", "is_active"]
    list_filter = ["kind", "is_active", "district"]
    list_select_related = ["district"]
    search_fields = ["name", "contact_email", "code"]
    inlines = [history_inline(OrganizationEvent)]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    audit_model = MembershipEvent
    deletable = False
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization"]
    inlines = [history_inline(MembershipEvent)]


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    """Delegations are revoked (``revoked``), never deleted; every grant and change is recorded."""

    audit_model = DelegationEvent
    deletable = False
    list_display = ["holder", "agent", "scope", "may_file", "may_decide", "created_at", "revoked_at"]
    list_filter = ["scope", "may_file", "may_decide"]
    list_select_related = ["holder", "agent"]
    raw_id_fields = ["holder", "agent"]
    inlines = [history_inline(DelegationEvent)]
