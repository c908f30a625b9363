from django.contrib import admin
from django.utils import timezone

from confirmations.models import (
    BondInstructions,
    Case,
    CaseEvent,
    DetentionApplication,
    EvidenceHead,
    EvidenceSeal,
    ExchangeRate,
    GeneralBond,
    GeneralBondEvent,
    Item,
)


class ReadOnly(admin.ModelAdmin):
    """Cases and evidence change only through the services; the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(admin.TabularInline):
    model = Item
    fields = ["recordal", "holder", "description", "value_cny", "status", "decision", "deadline"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ["pk", "waybill_number", "office", "channel", "status", "created_at"]
    list_filter = ["status", "channel", "office"]
    list_select_related = ["office"]
    search_fields = ["waybill_number", "consignor", "consignee"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(ReadOnly):
    list_display = ["pk", "case", "recordal", "holder", "status", "decision", "deadline"]
    list_select_related = ["case", "recordal", "holder"]
    list_filter = ["status", "decision"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnly):
    list_display = ["pk", "case", "seq", "item", "action", "from_status", "to_status", "actor", "created_at"]
    list_select_related = ["case", "item__recordal", "actor"]
    list_filter = ["action"]


@admin.register(EvidenceHead)
class EvidenceHeadAdmin(ReadOnly):
    list_display = ["case", "seq", "event_count", "mac", "updated_at"]
    list_select_related = ["case"]


@admin.register(EvidenceSeal)
class EvidenceSealAdmin(ReadOnly):
    list_display = ["day", "count", "mac", "created_at"]
    exclude = ["heads"]


class GeneralBondEventInline(admin.TabularInline):
    model = GeneralBondEvent
    fields = readonly_fields = ["created_at", "actor", "action", "from_status", "to_status", "data"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GeneralBond)
class GeneralBondAdmin(ReadOnly):
    list_display = ["holder", "year", "bank", "reference", "amount_cny", "status", "valid_until"]
    list_select_related = ["holder"]
    list_filter = ["status", "year"]
    inlines = [GeneralBondEventInline]


@admin.register(GeneralBondEvent)
class GeneralBondEventAdmin(ReadOnly):
    list_display = ["created_at", "bond", "action", "from_status", "to_status", "actor"]
    list_select_related = ["bond__holder", "actor"]
    list_filter = ["action"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Rates are stated ahead: a rate already in effect is kept as it was (items store the rate they used)."""

    list_display = ["currency", "rate_to_cny", "valid_from"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.valid_from > timezone.localdate())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is not None and obj.valid_from > timezone.localdate()
        )


@admin.register(DetentionApplication)
class DetentionApplicationAdmin(ReadOnly):
    list_display = ["pk", "case", "holder", "value_cny", "bond_kind", "bond_amount_cny", "bond_due", "status"]
    list_select_related = ["case", "holder"]
    list_filter = ["status", "bond_kind"]


@admin.register(BondInstructions)
class BondInstructionsAdmin(admin.ModelAdmin):
    """Each customs office's instructions for lodging a bond, shown to holders with their application."""

    list_display = ["office", "payee", "bank", "account", "updated_at"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    fields = ["office", "payee", "bank", "account", "reference_format", "guarantees", "originals_address"]
