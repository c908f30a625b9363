"""Django admin: every recordal row readable, none editable; changes go through the portal's services."""

from django.contrib import admin

from recordals.models import (
    Goods,
    Modification,
    Party,
    Recordal,
    RecordalDocument,
    RecordalEvent,
    RecordalImage,
    RecordalNumberCounter,
    RecordalReminder,
)


class ReadOnlyMixin:
    """Evidence is read, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GoodsInline(ReadOnlyMixin, admin.TabularInline):
    model = Goods
    extra = 0


class PartyInline(ReadOnlyMixin, admin.TabularInline):
    model = Party
    extra = 0


class ImageInline(ReadOnlyMixin, admin.TabularInline):
    model = RecordalImage
    fields = readonly_fields = ["kind", "caption", "original_name", "width", "height", "sha256", "uploaded_at"]
    extra = 0


class DocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = RecordalDocument
    fields = readonly_fields = ["title", "original_name", "sha256", "uploaded_at"]
    extra = 0


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = RecordalEvent
    fields = readonly_fields = ["created_at", "actor", "action", "from_status", "to_status", "reason", "data"]
    extra = 0


@admin.register(Recordal)
class RecordalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "title", "right_type", "holder", "status", "valid_until", "submitted_at"]
    list_filter = ["status", "right_type"]
    list_select_related = ["holder"]
    search_fields = ["number", "title", "registration_number", "holder__name"]
    date_hierarchy = "created_at"
    inlines = [GoodsInline, PartyInline, ImageInline, DocumentInline, EventInline]


@admin.register(RecordalEvent)
class RecordalEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "recordal", "action", "from_status", "to_status", "actor"]
    list_filter = ["action"]
    list_select_related = ["recordal", "actor"]
    search_fields = ["recordal__number", "recordal__title", "reason"]


@admin.register(Modification)
class ModificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["requested_at", "recordal", "status", "requested_by", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["recordal", "requested_by", "reviewed_by"]


@admin.register(RecordalReminder)
class RecordalReminderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["sent_at", "recordal", "kind", "valid_until"]
    list_filter = ["kind"]
    list_select_related = ["recordal"]


@admin.register(RecordalNumberCounter)
class RecordalNumberCounterAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["prefix", "year", "last"]
