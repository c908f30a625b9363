"""The recorded right's Nice classes (HS codes: ``portal.validators.validate_hs_code``).

Page forms, API serializers and services all read them here, so a value one accepts the others accept.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NICE_FIRST, NICE_LAST = 1, 45
NICE_SEPARATORS = re.compile(r"[,;\s]+")


def _nice_class(value) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Nice classes are whole numbers from 1 to 45."), code="nice_class")
    if not NICE_FIRST <= value <= NICE_LAST:
        raise ValidationError(_("Nice classes run from 1 to 45."), code="nice_class")
    return value


def nice_classes_parse(value) -> list[int]:
    """Read Nice classes, as text ("14, 18 25") or a list (``[18, "14"]``), into a sorted list without repeats.

    Anything but whole numbers from 1 to 45 is refused.
    """
    if isinstance(value, str):
        value = [token for token in NICE_SEPARATORS.split(value) if token]
    return sorted({_nice_class(n) for n in value or ()})
