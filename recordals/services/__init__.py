"""Every change to a recordal: one keyword-only function per action, atomic, writing its event.

Permission checks are repeated here (``PermissionDenied``) so that no caller can skip them; a move
the recordal's state forbids raises ``portal.errors.Refused`` with a message for the user.
"""

from recordals.services.filing import (
    recordal_create,
    recordal_documents_add,
    recordal_image_remove,
    recordal_images_add,
    recordal_update,
)
from recordals.services.lifecycle import (
    recordal_approve,
    recordal_cancel,
    recordal_reject,
    recordal_renew,
    recordal_submit,
)
from recordals.services.modifications import modification_approve, modification_reject, modification_request
from recordals.services.numbers import number_allocate
from recordals.services.periodic import recordals_expire_due, recordals_remind_expiry

__all__ = [
    "modification_approve",
    "modification_reject",
    "modification_request",
    "number_allocate",
    "recordal_approve",
    "recordal_cancel",
    "recordal_create",
    "recordal_documents_add",
    "recordal_image_remove",
    "recordal_images_add",
    "recordal_reject",
    "recordal_renew",
    "recordal_submit",
    "recordal_update",
    "recordals_expire_due",
    "recordals_remind_expiry",
]
