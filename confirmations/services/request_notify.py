"""The notices of detention requests and tips: the holder side on each decision, the office on each new one."""

from django.utils.translation import gettext_lazy as _

from confirmations.models import DetentionRequest, Tip
from confirmations.services.common import members_of
from portal.notices.params import Deadline
from portal.notices.services import Message, notice_send, notices_send_many
from recordals.access import Contacts, holder_contacts

NEW_REQUEST = _("a new application awaits your review")
NEW_TIP = _("a new tip was sent to your office")
REQUEST_UPDATE = "confirmations/emails/request_update"


def _request_context(request: DetentionRequest, message, reason: str) -> dict:
    return {
        "reference": request.reference,
        "goods": request.goods,
        "recordal_number": request.recordal.number,
        "holder_name": request.holder.name,
        "office_name": request.office.name,
        "status": DetentionRequest.Status(request.status).label,
        "message": message,
        "reason": reason,
        "deadline": Deadline(request.court_notice_due) if request.status == request.Status.DETAINED else None,
    }


def _request_message(request: DetentionRequest, recipients, context: dict, *, to_holder: bool) -> Message:
    """Return the notice of the request (to its holder side, with a webhook to the holder, or to its office)."""
    webhook = ((request.holder,), {"request": request.pk, "status": request.status, "change": request.status})
    return Message(
        recipients,
        "detention_request",
        REQUEST_UPDATE,
        context,
        request.get_absolute_url(),
        *(webhook if to_holder else ()),
    )


def notify_request_holder(request: DetentionRequest, *, message, reason: str = "") -> None:
    """Tell the holder side that the request changed (accepted, refused, detained, released...)."""
    recipients = holder_contacts(request.holder_id, recordal_id=request.recordal_id)
    context = _request_context(request, message, reason)
    notices_send_many(messages=[_request_message(request, recipients, context, to_holder=True)])


def notify_request_office(request: DetentionRequest, *, message=NEW_REQUEST, reason: str = "") -> None:
    """Tell the officers of the office the request is addressed to."""
    context = _request_context(request, message, reason)
    notices_send_many(messages=[_request_message(request, members_of([request.office_id]), context, to_holder=False)])


def _tip_send(tip: Tip, *, recipients, message, note: str) -> None:
    notice_send(
        recipients=recipients,
        kind="tip",
        template="confirmations/emails/tip_update",
        context={
            "tip_id": tip.pk,
            "subject": tip.subject,
            "holder_name": tip.holder.name,
            "office_name": tip.office.name,
            "message": message,
            "note": note,
        },
        link=tip.get_absolute_url(),
    )


def notify_tip_office(tip: Tip) -> None:
    """Tell the officers of the office that a tip arrived."""
    _tip_send(tip, recipients=members_of([tip.office_id]), message=NEW_TIP, note="")


def notify_tip_holder(tip: Tip) -> None:
    """Tell the holder side what became of its tip."""
    _tip_send(
        tip,
        recipients=holder_contacts(tip.holder_id, recordal_id=tip.recordal_id),
        message=Tip.Status(tip.status).label,
        note=tip.outcome_note,
    )


def notify_requests_changed(requests: list[DetentionRequest], *, message_for, reason: str, to_office: bool) -> None:
    """Tell the holder side of each request (and, if asked, its office) that it changed, with ``message_for(request)``,
    for a sweep's batch at once: the people of every request found in two queries, the notices written in bulk."""
    if not requests:
        return
    offices = {request.office_id for request in requests} if to_office else ()
    contacts = Contacts(
        {(request.holder_id, request.recordal_id) for request in requests}, power="may_file", also=offices
    )
    messages = []
    for request in requests:
        context = _request_context(request, message_for(request), reason)
        holder_side = contacts.of(request.holder_id, request.recordal_id)
        messages.append(_request_message(request, holder_side, context, to_holder=True))
        if to_office:
            messages.append(_request_message(request, contacts.members[request.office_id], context, to_holder=False))
    notices_send_many(messages=messages)
