"""The notices of detention requests and tips: the holder side on each decision, the office on each new one."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from confirmations.models import DetentionRequest, Tip
from confirmations.services.common import members_of
from portal.notices.params import Deadline
from portal.notices.services import Message, notice_send, notices_send_many
from recordals.access import agents_covering, holder_contacts

NEW_REQUEST = _("a new application awaits your review")
NEW_TIP = _("a new tip was sent to your office")


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


def _request_send(request: DetentionRequest, *, recipients, message, reason: str, **webhook) -> None:
    notice_send(
        recipients=recipients,
        kind="detention_request",
        template="confirmations/emails/request_update",
        context=_request_context(request, message, reason),
        link=request.get_absolute_url(),
        **webhook,
    )


def notify_request_holder(request: DetentionRequest, *, message, reason: str = "") -> None:
    """Tell the holder side that the request changed (accepted, refused, detained, released...)."""
    _request_send(
        request,
        recipients=holder_contacts(request.holder_id, recordal_id=request.recordal_id),
        message=message,
        reason=reason,
        webhook_organizations=[request.holder],
        payload={"request": request.pk, "status": request.status, "change": request.status},
    )


def notify_request_office(request: DetentionRequest, *, message=NEW_REQUEST, reason: str = "") -> None:
    """Tell the officers of the office the request is addressed to."""
    _request_send(request, recipients=members_of([request.office_id]), message=message, reason=reason)


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
    covering = agents_covering({(request.holder_id, request.recordal_id) for request in requests}, power="may_file")
    organizations = set().union({request.holder_id for request in requests}, *covering.values())
    if to_office:
        organizations |= {request.office_id for request in requests}
    members = defaultdict(list)
    for user in members_of(organizations, annotate=True):
        members[user.member_of].append(user)
    messages = []
    for request in requests:
        context = _request_context(request, message_for(request), reason)
        holder_side = [request.holder_id, *sorted(covering[request.holder_id, request.recordal_id])]
        messages.append(
            Message(
                [user for organization in holder_side for user in members[organization]],
                "detention_request",
                "confirmations/emails/request_update",
                context,
                request.get_absolute_url(),
                (request.holder,),
                {"request": request.pk, "status": request.status, "change": request.status},
            )
        )
        if to_office:
            messages.append(
                Message(
                    members[request.office_id],
                    "detention_request",
                    "confirmations/emails/request_update",
                    context,
                    request.get_absolute_url(),
                )
            )
    notices_send_many(messages=messages)
