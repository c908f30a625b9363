"""Helpers for the pages: run a service and show its refusal as a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from portal.errors import Conflict, FieldErrors, Refused


def run_service(request, service, **kwargs):
    """Run a service; on refusal show why and return None."""
    try:
        return service(**kwargs)
    except FieldErrors as exc:
        for field, errors in exc.errors.items():
            for error in errors if isinstance(errors, list) else [errors]:
                messages.error(request, f"{field}: {error}" if field not in ("detail", "__all__") else str(error))
    except (Conflict, Refused) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return None
