"""The consignee's (or consignor's) link: recorded by an officer, issued with the written detention notice when
goods are detained, bound to the first device that opens it, ended by the case's closing, its age or an officer."""

import logging
import secrets
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from confirmations.access import may_act_as_officer
from confirmations.consignee_facts import consignee_facts, detained_items
from confirmations.consignee_models import digest
from confirmations.evidence import event_record
from confirmations.models import Case, ConsigneeLink
from confirmations.services.common import lock_case
from portal.errors import FieldErrors, Refused
from portal.notices.sending import backoff
from portal.notices.services import render_message

LINK_LIFETIME = timedelta(days=90)
MAX_NOTICE_ATTEMPTS = 8
STALE_CLAIM = timedelta(minutes=10)
TOKEN_SALT = "confirmations.consignee-link"
Notice = ConsigneeLink.Notice
logger = logging.getLogger(__name__)


class LinkRefused(Exception):
    """The link cannot be used: ``unknown`` (no such link or a wrong token), ``revoked``, ``expired``, or
    ``other_device`` (it was opened on another device first)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Opening:
    """A link opened through its URL: the link, and the device secret to set when this opening bound it."""

    link: ConsigneeLink
    new_device_secret: str | None = None


def link_token(link: ConsigneeLink) -> str:
    """Return the link's token: derived from the server's secret, so the database alone cannot rebuild it."""
    mac = salted_hmac(TOKEN_SALT, f"{link.public_id}:{link.salt}", algorithm="sha256")
    return urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def link_party(link: ConsigneeLink) -> dict:
    """Return who acts through the link, for its case events: the party's role and name (never its address)."""
    return {"link": link.pk, "role": link.role, "party": link.name}


def link_url(link: ConsigneeLink) -> str:
    """Return the full URL e-mailed to the consignee."""
    return settings.SITE_URL + reverse("confirmations:consignee-facts", args=[link.public_id, link_token(link)])


def _validated(role: str, name: str, email: str, language: str) -> tuple[str, str]:
    errors = {}
    name, email = (name or "").strip(), (email or "").strip()
    if role not in ConsigneeLink.Role.values:
        errors["role"] = [_("Choose whether this is the consignee or the consignor.")]
    if not name:
        errors["name"] = [_("Enter the name of the consignee or consignor.")]
    elif len(name) > 300:
        errors["name"] = [_("The name can have at most 300 characters.")]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter an e-mail address in the right format, like name@example.com.")]
    if language not in ConsigneeLink.Language.values:
        errors["language"] = [_("Choose the language of the notice.")]
    if errors:
        raise FieldErrors(errors)
    return name, email


def _officer_case(officer, case_id: int) -> Case:
    case = Case.objects.filter(pk=case_id).first()
    if case is None or not may_act_as_officer(officer, case):
        raise PermissionDenied(_("Only officers of the case's office record its consignee or consignor."))
    return lock_case(case_id)


def _new_link(*, case: Case, role: str, name: str, email: str, language: str, officer, holder_id=None):
    link = ConsigneeLink(
        case=case,
        holder_id=holder_id,
        role=role,
        name=name,
        email=email,
        language=language,
        salt=secrets.token_hex(16),
        created_by=officer,
        created_at=timezone.now(),
    )
    link.token_hash = digest(link_token(link))
    link.save()
    return link


@transaction.atomic
def consignee_link_record(*, officer, case_id: int, role: str, name: str, email: str, language: str) -> ConsigneeLink:
    """Record the consignee's (or consignor's) e-mail once for the case; each holder with detained goods gets its
    own notice and link, now if goods are detained, else when they are. Live links of the same role on the case
    are revoked: one party, one link per holder. Return the link of the first holder with detained goods."""
    name, email = _validated(role, name, email, language)
    case = _officer_case(officer, case_id)
    if case.status == Case.Status.CLOSED:
        raise Refused(_("The case is closed: no detention notice can be sent any more."))
    for old in ConsigneeLink.objects.filter(case=case, role=role, revoked_at__isnull=True):
        _revoke(old, officer=officer, reason=str(_("replaced by a new link")))
    link = _new_link(case=case, role=role, name=name, email=email, language=language, officer=officer)
    event_record(
        case=case,
        action="consignee_recorded",
        actor=officer,
        data={"link": link.pk, "role": role, "name": name, "email": email, "language": language},
    )
    _links_per_holder(case, role=role, actor=officer)
    link.refresh_from_db()
    return link


def _links_per_holder(case: Case, *, role: str, actor) -> int:
    """Give each holder with detained goods a live link of the role (the unassigned one first, then copies of the
    party's latest link), and issue those not issued yet; return how many were issued."""
    live = list(ConsigneeLink.objects.filter(case=case, role=role, revoked_at__isnull=True).order_by("pk"))
    if not live:
        return 0
    holders = dict.fromkeys(detained_items(case).values_list("holder_id", flat=True))
    by_holder = {link.holder_id: link for link in live if link.holder_id is not None}
    spare = [link for link in live if link.holder_id is None]
    party = live[-1]
    issued = 0
    for holder_id in holders:
        link = by_holder.get(holder_id)
        if link is None and spare:
            link = spare.pop(0)
            ConsigneeLink.objects.filter(pk=link.pk, holder__isnull=True).update(holder_id=holder_id)
            link.holder_id = holder_id
        elif link is None:
            fields = {name: getattr(party, name) for name in ("role", "name", "email", "language")}
            link = _new_link(case=case, officer=party.created_by, holder_id=holder_id, **fields)
        link.case = case
        issued += _issue(link, actor=actor)
    return issued


def _issue(link: ConsigneeLink, *, actor) -> bool:
    now = timezone.now()
    issued = ConsigneeLink.objects.filter(pk=link.pk, issued_at__isnull=True, revoked_at__isnull=True).update(
        issued_at=now, expires_at=now + LINK_LIFETIME, notice_status=Notice.QUEUED, notice_next_at=now
    )
    if not issued:
        return False
    event_record(
        case=link.case,
        action="consignee_link_issued",
        actor=actor,
        data={
            "link": link.pk,
            "role": link.role,
            "holder": link.holder_id,
            "expires_at": (now + LINK_LIFETIME).isoformat(),
        },
    )
    transaction.on_commit(lambda: _queue(link.pk))
    return True


def _queue(link_id: int) -> None:
    from confirmations.tasks import send_consignee_notice

    try:
        send_consignee_notice.delay(link_id)
    except Exception as exc:  # noqa: BLE001 - the row stays queued; consignee_notices_send_due picks it up
        logger.warning("queue unreachable, consignee notice %s left for the sweep: %s", link_id, exc)


def consignee_links_issue(*, case: Case, actor) -> int:
    """Issue a link to each holder with detained goods, for every party recorded on the case; call inside the
    detention's transaction. Return how many links were issued."""
    roles = ConsigneeLink.objects.filter(case=case, revoked_at__isnull=True).values_list("role", flat=True)
    return sum(_links_per_holder(case, role=role, actor=actor) for role in sorted(set(roles)))


def consignee_notice_deliver(*, link_id: int) -> int | None:
    """Send the written detention notice of a queued link once; return seconds to wait before a retry, or None."""
    now = timezone.now()
    claimed = ConsigneeLink.objects.filter(pk=link_id, notice_status=Notice.QUEUED, notice_next_at__lte=now).update(
        notice_status=Notice.SENDING, notice_attempts=F("notice_attempts") + 1, notice_next_at=now
    )
    if not claimed:
        return None
    link = ConsigneeLink.objects.select_related("case", "case__office").get(pk=link_id)
    context = {**consignee_facts(link), "link": link_url(link), "name": link.name}
    subject, text, html = render_message(
        template="confirmations/emails/consignee_notice", context=context, language=link.language
    )
    try:
        message = EmailMultiAlternatives(subject=subject, body=text, to=[link.email])
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception as exc:  # noqa: BLE001 - recorded on the row and retried with backoff
        return _notice_failed(link, error=f"{type(exc).__name__}: {exc}"[:2000])
    with transaction.atomic():
        ConsigneeLink.objects.filter(pk=link_id, notice_status=Notice.SENDING).update(
            notice_status=Notice.SENT, notice_sent_at=timezone.now(), notice_error=""
        )
        event_record(case=link.case, action="consignee_notice_sent", data={"link": link.pk, "language": link.language})
    return None


def _notice_failed(link: ConsigneeLink, *, error: str) -> int | None:
    final = link.notice_attempts >= MAX_NOTICE_ATTEMPTS
    wait = backoff(link.notice_attempts)
    with transaction.atomic():
        ConsigneeLink.objects.filter(pk=link.pk, notice_status=Notice.SENDING).update(
            notice_status=Notice.FAILED if final else Notice.QUEUED,
            notice_next_at=None if final else timezone.now() + wait,
            notice_error=error,
        )
        if final:
            event_record(case=link.case, action="consignee_notice_failed", data={"link": link.pk, "error": error})
    logger.warning("consignee notice %s attempt %s failed: %s", link.pk, link.notice_attempts, error)
    return None if final else int(wait.total_seconds())


def consignee_notices_send_due() -> int:
    """Queue every notice due (never handed to the queue, or due again); give back claims of dead workers."""
    now = timezone.now()
    ConsigneeLink.objects.filter(notice_status=Notice.SENDING, notice_next_at__lt=now - STALE_CLAIM).update(
        notice_status=Notice.QUEUED, notice_next_at=now
    )
    due = list(
        ConsigneeLink.objects.filter(notice_status=Notice.QUEUED, notice_next_at__lte=now).values_list("pk", flat=True)
    )
    for link_id in due:
        _queue(link_id)
    return len(due)


def _revoke(link: ConsigneeLink, *, officer, reason: str) -> bool:
    revoked = ConsigneeLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=officer
    )
    if revoked:
        event_record(
            case=link.case, action="consignee_link_revoked", actor=officer, data={"link": link.pk, "reason": reason}
        )
    return bool(revoked)


@transaction.atomic
def consignee_link_revoke(*, officer, link_id: int, reason: str = "") -> ConsigneeLink:
    """Revoke a link (officer of the case's office): it stops working at once, on every device."""
    link = ConsigneeLink.objects.filter(pk=link_id).select_related("case").first()
    if link is None or not may_act_as_officer(officer, link.case):
        raise PermissionDenied(_("Only officers of the case's office revoke its links."))
    lock_case(link.case_id)
    if not _revoke(link, officer=officer, reason=reason.strip()[:500]):
        raise Refused(_("This link is already revoked."))
    link.refresh_from_db()
    return link


def consignee_link_check(*, public_id, token: str, device_secret: str | None) -> ConsigneeLink:
    """Return the link if the token is its own, it is live, and this device is the one it is bound to (or none
    is yet); raise ``LinkRefused`` otherwise. Records nothing: ``consignee_link_open`` does."""
    link = ConsigneeLink.objects.select_related("case", "case__office").filter(public_id=public_id).first()
    if link is None or link.issued_at is None or not constant_time_compare(digest(token or ""), link.token_hash):
        raise LinkRefused("unknown")
    refusal = _refusal(link, device_secret)
    if refusal is not None:
        raise LinkRefused(refusal)
    return link


def _refusal(link: ConsigneeLink, device_secret: str | None) -> str | None:
    """Return why a link with the right token does not open here (revoked, expired, other_device), or None."""
    state = link.state(timezone.now())
    if state in ("revoked", "expired"):
        return state
    if link.device_hash and not (device_secret and constant_time_compare(digest(device_secret), link.device_hash)):
        return "other_device"
    return None


def consignee_link_open(*, public_id, token: str, device_secret: str | None, page: str) -> Opening:
    """Open the link on a page: bind it to this device on first opening; record the access (or its refusal)."""
    try:
        link = consignee_link_check(public_id=public_id, token=token, device_secret=device_secret)
    except LinkRefused as refusal:
        if refusal.reason != "unknown":
            _record_refusal(public_id, reason=refusal.reason, page=page)
        raise
    with transaction.atomic():
        link.refresh_from_db()
        link.case = lock_case(link.case_id)
        now, secret, refusal = timezone.now(), None, _refusal(link, device_secret)
        if refusal is None and not link.device_hash:
            secret = secrets.token_urlsafe(32)
            if not ConsigneeLink.objects.filter(pk=link.pk, device_hash="").update(
                device_hash=digest(secret), bound_at=now
            ):
                secret, refusal = None, "other_device"
        if refusal is None:
            ConsigneeLink.objects.filter(pk=link.pk).update(last_opened_at=now)
            event_record(
                case=link.case,
                action="consignee_link_opened",
                data={**link_party(link), "page": page, "first_opening": secret is not None},
            )
    if refusal is not None:
        _record_refusal(public_id, reason=refusal, page=page)
        raise LinkRefused(refusal)
    link.refresh_from_db()
    return Opening(link=link, new_device_secret=secret)


@transaction.atomic
def _record_refusal(public_id, *, reason: str, page: str) -> None:
    link = ConsigneeLink.objects.select_related("case").get(public_id=public_id)
    event_record(
        case=link.case, action="consignee_link_refused", data={"link": link.pk, "refusal": reason, "page": page}
    )
