"""The consignee's link as a service: recorded, issued with the written notice at detention, bound to one
device, ended by the case's closing, its age or an officer; every move is an evidence event."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from confirmations import services
from confirmations.consignee_models import digest
from confirmations.models import CaseEvent, ConsigneeLink
from confirmations.services.consignee import LINK_LIFETIME, link_token
from confirmations.tests.consignee_factories import detain, record_link, shipment_with_detained_goods
from portal.errors import Refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return shipment_with_detained_goods(cast)


def _record(cast, case, callbacks, **fields):
    with callbacks(execute=True):
        return record_link(cast, case, **fields)


def _open(link, token, device=None, page="facts"):
    return services.consignee_link_open(public_id=link.public_id, token=token, device_secret=device, page=page)


def _actions(case):
    return list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("action", flat=True))


def test_officer_records_the_consignee_and_the_written_notice_goes_out_at_once_when_goods_are_detained(
    cast, scene, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    link, token = _record(cast, scene.case, django_capture_on_commit_callbacks, language="zh-hans")
    link.refresh_from_db()
    assert link.notice_status == ConsigneeLink.Notice.SENT
    assert link.expires_at == link.issued_at + LINK_LIFETIME
    assert [m.to for m in mail.outbox] == [["buyer@example.com"], ["buyer@example.com"]]  # one notice per holder
    (message,) = [m for m in mail.outbox if str(link.public_id) in m.body]
    assert "扣留" in message.subject
    assert f"/consignee/{link.public_id}/{token}/" in message.body
    assert "Crown assemblies" in message.body and "42,000.00" in message.body
    assert "legal@lumiere.example" not in message.body and "Private: fake dials." not in message.body
    assert "NORDIK" not in message.body and "Nordic Timepieces" not in message.body
    assert _actions(scene.case)[-5:] == [
        "consignee_recorded",
        "consignee_link_issued",
        "consignee_link_issued",
        "consignee_notice_sent",
        "consignee_notice_sent",
    ]


def test_only_a_hash_of_the_token_is_stored(cast, scene, django_capture_on_commit_callbacks):
    link, token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    row = ConsigneeLink.objects.filter(pk=link.pk).values().get()
    assert token not in str(row)
    assert row["token_hash"] == digest(token)


def test_notice_waits_for_detention_then_goes_out(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scene = shipment_with_detained_goods(cast, detained=False)
    mail.outbox.clear()
    link, token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    assert (link.issued_at, link.notice_status, mail.outbox) == (None, ConsigneeLink.Notice.WAITING, [])
    with pytest.raises(services.LinkRefused) as refused:
        _open(link, token)
    assert refused.value.reason == "unknown"
    with django_capture_on_commit_callbacks(execute=True):
        detain(cast.officer1, cast.holder1_user, scene.patent)
    link.refresh_from_db()
    assert link.notice_status == ConsigneeLink.Notice.SENT
    (notice,) = [m for m in mail.outbox if "buyer@example.com" in m.to]
    assert "of which you are the consignee" in notice.body
    assert "Invention patent, recordal P2026-" in notice.body and "Maison Lumière" in notice.body


def test_first_opening_binds_the_link_to_the_device_and_another_device_is_refused(
    cast, scene, django_capture_on_commit_callbacks
):
    link, token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    first = _open(link, token)
    assert first.new_device_secret and first.link.bound_at is not None
    assert _open(link, token, device=first.new_device_secret).new_device_secret is None
    for stranger in (None, "another-device-secret"):
        with pytest.raises(services.LinkRefused) as refused:
            _open(link, token, device=stranger)
        assert refused.value.reason == "other_device"
    assert _actions(scene.case)[-4:] == [
        "consignee_link_opened",
        "consignee_link_opened",
        "consignee_link_refused",
        "consignee_link_refused",
    ]


def test_a_wrong_token_or_an_unknown_link_is_refused_without_an_event(cast, scene, django_capture_on_commit_callbacks):
    link, token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    before = CaseEvent.objects.count()
    other, other_token = _record(cast, scene.other, django_capture_on_commit_callbacks, email="x@example.com")
    for public_id, presented in (
        (link.public_id, token[:-1] + ("B" if token.endswith("A") else "A")),
        (link.public_id, other_token),
        (other.public_id, ""),
    ):
        with pytest.raises(services.LinkRefused) as refused:
            services.consignee_link_open(public_id=public_id, token=presented, device_secret=None, page="facts")
        assert refused.value.reason == "unknown"
    assert CaseEvent.objects.count() == before + 1  # the other case's link recorded (nothing detained there)


def test_the_link_expires_at_its_maximum_lifetime(cast, scene, django_capture_on_commit_callbacks):
    link, token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    with time_machine.travel(link.expires_at - timedelta(seconds=1)):
        assert _open(link, token).link.state() == "opened"
    with time_machine.travel(link.expires_at):
        with pytest.raises(services.LinkRefused) as refused:
            _open(link, token)
    assert refused.value.reason == "expired"


def test_the_link_expires_when_the_case_closes(cast, scene, django_capture_on_commit_callbacks):
    link, token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    services.item_counter_guarantee_release(officer=cast.officer1, item_id=scene.patent.pk, amount_cny=42000)
    services.item_investigation_record(officer=cast.officer1, item_id=scene.trademark.pk, result="confirmed")
    services.item_decide(user=cast.holder1_user, item_id=scene.pending.pk, decision="not_infringing")
    services.item_release(officer=cast.officer1, item_id=scene.pending.pk)
    with pytest.raises(services.LinkRefused) as refused:
        _open(link, token)
    assert refused.value.reason == "expired"
    assert _actions(scene.case)[-1] == "consignee_link_refused"


def test_officer_revokes_a_link_and_it_stops_working(cast, scene, django_capture_on_commit_callbacks):
    link, token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    device = _open(link, token).new_device_secret
    services.consignee_link_revoke(officer=cast.officer1, link_id=link.pk, reason="Sent to the wrong address")
    with pytest.raises(services.LinkRefused) as refused:
        _open(link, token, device=device)
    assert refused.value.reason == "revoked"
    with pytest.raises(Refused):
        services.consignee_link_revoke(officer=cast.officer1, link_id=link.pk)
    event = CaseEvent.objects.get(case=scene.case, action="consignee_link_revoked")
    assert (event.actor, event.data["reason"]) == (cast.officer1, "Sent to the wrong address")


@pytest.mark.parametrize("who", ["officer2", "holder1_user", "agent_user", "admin"])
def test_only_an_officer_of_the_case_office_records_or_revokes(cast, scene, who, django_capture_on_commit_callbacks):
    link, _token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        services.consignee_link_record(
            officer=user, case_id=scene.case.pk, role="consignee", name="X", email="x@example.com", language="en"
        )
    with pytest.raises(PermissionDenied):
        services.consignee_link_revoke(officer=user, link_id=link.pk)


def test_a_new_link_for_the_same_role_revokes_the_live_one(cast, scene, django_capture_on_commit_callbacks):
    old, old_token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    consignor, _ = _record(
        cast, scene.case, django_capture_on_commit_callbacks, role="consignor", email="s@example.com"
    )
    new, _ = _record(cast, scene.case, django_capture_on_commit_callbacks, email="new@example.com")
    states = dict(ConsigneeLink.objects.values_list("pk", "revoked_at"))
    assert states[old.pk] is not None and states[new.pk] is None and states[consignor.pk] is None
    with pytest.raises(services.LinkRefused):
        _open(old, old_token)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"role": "holder"}, "role"),
        ({"name": "  "}, "name"),
        ({"email": "not-an-address"}, "email"),
        ({"language": "fr"}, "language"),
    ],
)
def test_bad_party_input_is_refused_per_field(cast, scene, fields, field):
    data = {"role": "consignee", "name": "Jean", "email": "jean@example.com", "language": "en", **fields}
    with pytest.raises(services.FieldErrors) as refused:
        services.consignee_link_record(officer=cast.officer1, case_id=scene.case.pk, **data)
    assert list(refused.value.errors) == [field]


def test_no_link_is_recorded_on_a_closed_case(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scene = shipment_with_detained_goods(cast, detained=False)
    for item, holder in (
        (scene.patent, cast.holder1_user),
        (scene.trademark, cast.holder2_user),
        (scene.pending, cast.holder1_user),
    ):
        services.item_decide(user=holder, item_id=item.pk, decision="not_infringing")
        services.item_release(officer=cast.officer1, item_id=item.pk)
    with pytest.raises(Refused, match="closed"):
        record_link(cast, scene.case)


def test_a_failing_mail_server_is_retried_with_backoff_then_recorded(
    cast, scene, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    link = services.consignee_link_record(
        officer=cast.officer1, case_id=scene.case.pk, role="consignee", name="J", email="j@example.com", language="en"
    )
    for attempt in range(1, 9):
        ConsigneeLink.objects.filter(pk=link.pk).update(notice_next_at=timezone.now())
        wait = services.consignee_notice_deliver(link_id=link.pk)
        link.refresh_from_db()
        assert link.notice_attempts == attempt
        assert (wait is None) == (attempt == 8)
    assert link.notice_status == ConsigneeLink.Notice.FAILED
    assert "mail server down" in link.notice_error
    assert _actions(scene.case)[-1] == "consignee_notice_failed"


def test_the_sweep_queues_notices_the_queue_never_took(cast, scene, monkeypatch):
    monkeypatch.setattr(
        "confirmations.tasks.send_consignee_notice.delay", lambda *a: (_ for _ in ()).throw(OSError("down"))
    )
    link = services.consignee_link_record(
        officer=cast.officer1, case_id=scene.case.pk, role="consignee", name="J", email="j@example.com", language="en"
    )
    assert ConsigneeLink.objects.get(pk=link.pk).notice_status == ConsigneeLink.Notice.QUEUED
    monkeypatch.undo()
    assert services.consignee_notices_send_due() == 2  # one notice per holder with detained goods
    assert ConsigneeLink.objects.get(pk=link.pk).notice_status == ConsigneeLink.Notice.SENT


def test_the_token_is_derived_and_not_guessable_from_the_public_id(cast, scene, django_capture_on_commit_callbacks):
    first, token = _record(cast, scene.case, django_capture_on_commit_callbacks)
    second, other = _record(cast, scene.case, django_capture_on_commit_callbacks, role="consignor")
    assert token == link_token(ConsigneeLink.objects.get(pk=first.pk)) and token != other and len(token) == 43
