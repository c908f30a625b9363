from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.models import (
    BondInstructions,
    BondInstructionsEvent,
    Case,
    CaseEvent,
    DetentionApplication,
    EvidenceHead,
    EvidenceSeal,
    ExchangeRate,
    ExchangeRateEvent,
    GeneralBond,
    GeneralBondEvent,
    Item,
)
from portal.admin_audit import AuditedAdmin, ReadOnlyAdmin


class ItemInline(admin.TabularInline):
    model = Item
    fields = ["recordal", "holder", "description", "value_cny", "status", "decision", "deadline"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["pk", "waybill_number", "office", "channel", "status", "created_at"]
    list_filter = ["status", "channel", "office"]
    list_select_related = ["office"]
    search_fields = ["waybill_number", "consignor", "consignee"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["pk", "case", "recordal", "holder", "status", "decision", "deadline"]
    list_select_related = ["case", "recordal", "holder"]
    list_filter = ["status", "decision"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["pk", "case", "seq", "item", "action", "from_status", "to_status", "actor", "created_at"]
    list_select_related = ["case", "item__recordal", "actor"]
    list_filter = ["action"]


@admin.register(EvidenceHead)
class EvidenceHeadAdmin(ReadOnlyAdmin):
    list_display = ["case", "seq", "event_count", "mac", "updated_at"]
    list_select_related = ["case"]


@admin.register(EvidenceSeal)
class EvidenceSealAdmin(ReadOnlyAdmin):
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
class GeneralBondAdmin(ReadOnlyAdmin):
    list_display = ["holder", "year", "bank", "reference", "amount_cny", "status", "valid_until"]
    list_select_related = ["holder"]
    list_filter = ["status", "year"]
    inlines = [GeneralBondEventInline]


@admin.register(GeneralBondEvent)
class GeneralBondEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "bond", "action", "from_status", "to_status", "actor"]
    list_select_related = ["bond__holder", "actor"]
    list_filter = ["action"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(AuditedAdmin):
    """Rates are stated ahead: a rate already in effect is kept as it was (items store the rate they used).

    Every rate stated, corrected or withdrawn is recorded (see the exchange rate events).
    """

    audit_model = ExchangeRateEvent
    list_display = ["currency", "rate_to_cny", "valid_from"]

    def audit_subject(self, obj) -> dict:
        return {"currency": obj.currency, "valid_from": obj.valid_from}

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.valid_from > timezone.localdate())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is not None and obj.valid_from > timezone.localdate()
        )


@admin.register(ExchangeRateEvent)
class ExchangeRateEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "currency", "valid_from", "what", "actor", "data"]
    list_select_related = ["actor"]
    list_filter = ["action", "currency"]

    @admin.display(description=_("action"), ordering="action")
    def what(self, obj):
        return obj.action_label()


@admin.register(DetentionApplication)
class DetentionApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "case", "holder", "value_cny", "bond_kind", "bond_amount_cny", "bond_due", "status"]
    list_select_related = ["case", "holder"]
    list_filter = ["status", "bond_kind"]


@admin.register(BondInstructions)
class BondInstructionsAdmin(AuditedAdmin):
    """Each customs office's instructions for lodging a bond, shown to holders with their application.

    Every change is recorded (see the bond instructions events): holders pay to the account these name.
    """

    audit_model = BondInstructionsEvent
    list_display = ["office", "payee", "bank", "account", "updated_at"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    fields = ["office", "payee", "bank", "account", "reference_format", "guarantees", "originals_address"]

    def audit_subject(self, obj) -> dict:
        return {"office": obj.office}


@admin.register(BondInstructionsEvent)
class BondInstructionsEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "office", "what", "actor", "data"]
    list_select_related = ["office", "actor"]
    list_filter = ["action"]

    @admin.display(description=_("action"), ordering="action")
    def what(self, obj):
        return obj.action_label()


# Registers the pages of the applications for detention and tips, and of the watchlist, penalties and consignee links.
from confirmations import request_admin, risk_admin  # noqa: E402, F401
