"""Request id and one JSON log line per request."""

import logging
import time
import uuid

logger = logging.getLogger("portal.requests")


class RequestIdMiddleware:
    """Give each request an id (kept from ``X-Request-ID`` when sent) and log it once done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "request_id": request.id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


REFUSAL_STATUSES = frozenset({403, 404})


class RefusalWithoutTraceback(logging.Filter):
    """Keep a refused request (403, 404) to its one ``django.request`` line: drop the exception's traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) in REFUSAL_STATUSES:
            record.exc_info = None
            record.exc_text = None
        return True


class ServerSuccessOnly(logging.Filter):
    """Drop runserver's access line for an error response, which ``django.request`` has already logged."""

    def filter(self, record):
        return getattr(record, "status_code", 200) < 400
