"""Every state change of the confirmation flow, one typed function each."""

from confirmations.services.bonds import general_bond_decide, general_bond_register
from confirmations.services.deadlines import deadline_reminders_send
from confirmations.services.decisions import BondQuote, bond_quote, item_decide, items_decide_bulk
from confirmations.services.detention import (
    application_bond_receive,
    application_withdraw,
    applications_lapse_due,
)
from confirmations.services.filing import ItemInput, case_file, item_photos_add, known_infringer_match
from confirmations.services.investigation import (
    investigation_reminders_send,
    item_court_notice_record,
    item_dispose,
    items_release_without_court_notice,
)
from confirmations.services.lapse import item_lapse, items_lapse_due
from confirmations.services.officer import (
    item_case_bond_receive,
    item_counter_guarantee_release,
    item_detain,
    item_investigation_record,
    item_release,
)
from confirmations.services.recompute import deadlines_recompute
from confirmations.services.webhooks import webhook_add, webhook_remove
from portal.errors import Conflict, FieldErrors

__all__ = [
    "application_bond_receive",
    "application_withdraw",
    "applications_lapse_due",
    "investigation_reminders_send",
    "item_court_notice_record",
    "item_dispose",
    "items_release_without_court_notice",
    "BondQuote",
    "Conflict",
    "FieldErrors",
    "ItemInput",
    "bond_quote",
    "case_file",
    "deadline_reminders_send",
    "deadlines_recompute",
    "general_bond_decide",
    "general_bond_register",
    "item_case_bond_receive",
    "item_counter_guarantee_release",
    "item_decide",
    "item_detain",
    "item_investigation_record",
    "item_lapse",
    "item_photos_add",
    "item_release",
    "items_decide_bulk",
    "items_lapse_due",
    "known_infringer_match",
    "webhook_add",
    "webhook_remove",
]
