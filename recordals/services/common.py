"""Pieces shared by the recordal services: locking, moving with its event, notices."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.audit import audit_write
from portal.notices.services import Message, notices_send_many
from portal.workdays.calendar import local_date
from recordals.access import Contacts, recordal_contacts
from recordals.models import Recordal, RecordalEvent


def today_local():
    """Return today's date in the portal's calendar (Asia/Shanghai)."""
    return local_date(timezone.now())


def require(allowed: bool, message) -> None:
    """Raise PermissionDenied with the message unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(str(message))


def locked(recordal: Recordal) -> Recordal:
    """Return a fresh copy of the recordal, row-locked until the transaction ends."""
    return Recordal.objects.select_for_update().select_related("holder").get(pk=recordal.pk)


def recordal_move(
    row: Recordal, *, actor, to: str, action: str, reason: str = "", data: dict | None = None, **fields
) -> Recordal:
    """Store the recordal's new state and ``fields`` (on the locked ``row``), and write the event that says so."""
    was, row.status = row.status, to
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=["status", *fields, "updated_at"])
    audit_write(
        RecordalEvent, recordal=row, actor=actor, action=action, from_status=was, to_status=to, reason=reason, data=data
    )
    return row


def _message(recordal: Recordal, recipients, *, kind: str, template: str, context: dict | None) -> Message:
    """Return the notice of the recordal to its contacts, with a webhook to its holder."""
    return Message(
        recipients,
        kind,
        template,
        {"recordal": recordal, **(context or {})},
        recordal.get_absolute_url(),
        (recordal.holder,),
        _payload(recordal),
    )


def contacts_notify(*, recordal: Recordal, kind: str, template: str, context: dict | None = None) -> None:
    """Tell the holder's staff and delegated agents about the recordal (in-app, e-mail, webhook)."""
    notices_send_many(
        messages=[_message(recordal, recordal_contacts(recordal), kind=kind, template=template, context=context)]
    )


def _payload(recordal: Recordal) -> dict:
    return {
        "recordal": recordal.pk,
        "number": recordal.number,
        "status": recordal.status,
        "valid_until": recordal.valid_until.isoformat() if recordal.valid_until else None,
    }


def contacts_notify_many(*, recordals: list[Recordal], kind: str, template: str, contexts: dict[int, dict]) -> None:
    """Tell each recordal's holder staff and delegated agents about it, a sweep's batch at once: the people found
    in two queries, the notices and deliveries written in bulk (``contexts``: each recordal's extra context)."""
    if not recordals:
        return
    people = Contacts({(recordal.holder_id, recordal.pk) for recordal in recordals}, power="may_file")
    notices_send_many(
        messages=[
            _message(
                recordal,
                people.of(recordal.holder_id, recordal.pk),
                kind=kind,
                template=template,
                context=contexts.get(recordal.pk),
            )
            for recordal in recordals
        ]
    )
