"""Idempotent POSTs: a retry sent with the same ``Idempotency-Key`` gets the first answer, and nothing twice.

The key is the user's own (unique per user). The first successful answer is stored in the same
transaction as the work it answers, so two concurrent requests with one key cannot both commit: the
second one's insert meets the unique constraint, its work is rolled back and it answers what the
first stored. Keys expire after 24 hours; a key reused with a different request is refused (422).
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from portal.models import IdempotencyKey

HEADER = "Idempotency-Key"
LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 200


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _(
        "This Idempotency-Key was already used for a different request; send a new key for a new request."
    )
    default_code = "idempotency_key_reused"


def request_fingerprint(request) -> str:
    """Return a digest of what the request asks for: method, path and body."""
    body = json.dumps(request.data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _replay(stored: IdempotencyKey, fingerprint: str) -> Response:
    if stored.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    body = json.loads(stored.response)
    return Response(body, status=stored.status_code, headers={"Idempotent-Replayed": "true"})


def idempotent(request, handler: Callable[[], Response]) -> Response:
    """Answer the request through ``handler`` once per ``Idempotency-Key``; without the header, just call it."""
    key = request.headers.get(HEADER)
    if key is None:
        return handler()
    key = key.strip()
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationError({HEADER: [_("Give at most 200 printable characters, e.g. a UUID.")]})
    fingerprint = request_fingerprint(request)
    now = timezone.now()
    stored = IdempotencyKey.objects.filter(user=request.user, key=key, created_at__gte=now - LIFETIME).first()
    if stored is not None:
        return _replay(stored, fingerprint)
    try:
        with transaction.atomic():
            IdempotencyKey.objects.filter(user=request.user, created_at__lt=now - LIFETIME).delete()
            response = handler()
            IdempotencyKey.objects.create(
                user=request.user,
                key=key,
                fingerprint=fingerprint,
                status_code=response.status_code,
                response=JSONRenderer().render(response.data).decode(),
                created_at=now,
            )
    except IntegrityError:
        stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if stored is None:
            raise
        return _replay(stored, fingerprint)
    return response
