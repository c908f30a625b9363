from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from portal.accounts.models import (
    CustomsDistrict,
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


class MembershipInline(admin.TabularInline):
    """A membership is changed (organization, role), never deleted: its history stays with it."""

    model = Membership
    extra = 0
    can_delete = False
    autocomplete_fields = ["organization"]


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

    def save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            audited_formset_save(formset, actor=request.user, audit_model=MembershipEvent, subject_field="membership")
        else:
            super().save_formset(request, form, formset, change)


@admin.register(CustomsDistrict)
class CustomsDistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


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
