"""``POST /api/cases/`` with an ``Idempotency-Key``: a retried filing files once and notifies once."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from confirmations.models import Case
from portal.models import IdempotencyKey
from portal.notices.models import Delivery, Notice
from portal.tests.factories import member_of

pytestmark = pytest.mark.django_db


def _payload(recordals, waybill="SF0000000001"):
    return {
        "channel": "express",
        "direction": "import",
        "waybill_number": waybill,
        "consignor": "Someone",
        "consignee": "Someone else",
        "currency": "CNY",
        "items": [
            {"recordal": recordals.lumiere.pk, "description": "Watches", "quantity": 3, "value": "300.00"},
            {"recordal": recordals.nordik.pk, "description": "Straps", "quantity": 10, "value": "50.00"},
        ],
    }


def _file(api_client, recordals, key, waybill="SF0000000001"):
    return api_client.post("/api/cases/", _payload(recordals, waybill), format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_filing_retried_with_the_same_key_answers_the_first_answer_and_files_once(
    api_client, cast, recordals, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(cast.officer1)
    with django_capture_on_commit_callbacks(execute=True):
        first = _file(api_client, recordals, "3f6c1c9e-retry")
    notices, deliveries = Notice.objects.count(), Delivery.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retry = _file(api_client, recordals, "3f6c1c9e-retry")
    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    assert (Notice.objects.count(), Delivery.objects.count()) == (notices, deliveries)
    assert callbacks == []


def test_same_key_with_a_different_body_is_refused_with_a_clear_detail(api_client, cast, recordals):
    api_client.force_authenticate(cast.officer1)
    assert _file(api_client, recordals, "key-1").status_code == 201
    response = _file(api_client, recordals, "key-1", waybill="SF0000000002")
    assert response.status_code == 422
    assert "different request" in response.json()["detail"]
    assert Case.objects.count() == 1


def test_keys_belong_to_their_user(api_client, cast, recordals):
    colleague = member_of(cast.office1, username="t-officer1b")
    api_client.force_authenticate(cast.officer1)
    assert _file(api_client, recordals, "shared-key").status_code == 201
    api_client.force_authenticate(colleague)
    assert _file(api_client, recordals, "shared-key").status_code == 201
    assert Case.objects.count() == 2


def test_key_expires_after_24_hours(api_client, cast, recordals):
    api_client.force_authenticate(cast.officer1)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert _file(api_client, recordals, "daily").status_code == 201
    with time_machine.travel(start + timedelta(hours=23, minutes=59), tick=False):
        assert _file(api_client, recordals, "daily").headers.get("Idempotent-Replayed") == "true"
    with time_machine.travel(start + timedelta(hours=24, minutes=1), tick=False):
        again = _file(api_client, recordals, "daily")
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert Case.objects.count() == 2
    assert IdempotencyKey.objects.filter(key="daily").count() == 1


def test_a_refused_filing_is_not_remembered(api_client, cast, recordals):
    api_client.force_authenticate(cast.officer1)
    bad = _payload(recordals)
    bad["currency"] = "XYZ"
    assert api_client.post("/api/cases/", bad, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert _file(api_client, recordals, "k").status_code == 201


def test_an_unusable_key_is_refused(api_client, cast, recordals):
    api_client.force_authenticate(cast.officer1)
    response = _file(api_client, recordals, "x" * 201)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert not Case.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_retries_with_one_key_file_one_case(cast, recordals):
    from rest_framework.test import APIClient

    barrier = threading.Barrier(2)
    answers = []

    def retry():
        client = APIClient()
        client.force_authenticate(cast.officer1)
        barrier.wait()
        try:
            answers.append(_file(client, recordals, "concurrent"))
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].content == answers[1].content
    assert Case.objects.count() == 1
    assert Notice.objects.filter(recipient=cast.holder1_user).count() == 1
