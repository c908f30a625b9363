"""The API's request parsers: JSON with a nesting limit (settings: ``DEFAULT_PARSER_CLASSES``).

Kept apart from ``portal.api`` because DRF imports its parser and pagination settings while its own
views module loads.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

MAX_JSON_DEPTH = 64
TOO_DEEP = _("The JSON body is nested too deeply.")


def json_too_deep(value, limit: int = MAX_JSON_DEPTH) -> bool:
    """Say whether parsed JSON nests arrays and objects more than ``limit`` levels (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class DepthLimitedJSONParser(JSONParser):
    """Parse JSON and refuse, with a 400, a body nested deeper than ``MAX_JSON_DEPTH``."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type=media_type, parser_context=parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP)
        if json_too_deep(data):
            raise ParseError(TOO_DEEP)
        return data


PARSERS = [DepthLimitedJSONParser, FormParser, MultiPartParser]
