"""The services' refusals: one small family that the API's exception handler and the pages translate.

Services raise these (or an app's subclass); they never know about HTTP. ``portal.api.exception_handler``
turns a ``Refused`` into 400, a ``FieldErrors`` into 400 with messages per field, and a ``Conflict`` into 409.
"""


class Refused(Exception):
    """A move the object's current state or data does not allow; the message is for the user.

    ``field`` names the input field the refusal is about, when there is one (the API answers per field).
    """

    def __init__(self, message, *, field: str = ""):
        super().__init__(str(message))
        self.message = message
        self.field = field


class FieldErrors(Exception):
    """Input refused, with messages per field (items errors as a list per item)."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class Conflict(Exception):
    """Someone else moved the object first; the message says who and when."""


def required_text(value: str | None, *, field: str, message) -> str:
    """Return the text stripped of surrounding blanks; raise ``FieldErrors`` with ``message`` on ``field`` if empty."""
    text = (value or "").strip()
    if not text:
        raise FieldErrors({field: [message]})
    return text
