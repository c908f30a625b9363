from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from portal.accounts.models import CustomsDistrict, Delegation, Membership, Organization, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]
    fieldsets = [*UserAdmin.fieldsets, ("Portal", {"fields": ["language"]})]
    inlines = [MembershipInline]


@admin.register(CustomsDistrict)
class CustomsDistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "district", "is_active"]
    list_filter = ["kind", "is_active", "district"]
    list_select_related = ["district"]
    search_fields = ["name", "contact_email", "code"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["holder", "agent", "scope", "may_file", "may_decide", "created_at", "revoked_at"]
    list_filter = ["scope", "may_file", "may_decide"]
    list_select_related = ["holder", "agent"]
    raw_id_fields = ["holder", "agent"]
