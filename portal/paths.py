"""Addresses of many rows at once: a URL pattern reversed once per list, and the request's absolute prefix once."""

import re

from django.urls import reverse

PLAIN_PATH = re.compile(r"^/(?!/)[A-Za-z0-9_~%/-]*(?:\.[A-Za-z0-9]+)?/?$")
# An id no row has: reversed once, then replaced by each row's id.
PLACEHOLDER = 918273645546372819


class PathMaker:
    """Give the path of a URL name taking one integer (``<int:pk>``) for many ids, reversing it once."""

    def __init__(self):
        self._patterns: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, pk: int) -> str:
        pattern = self._patterns.get(name)
        if pattern is None:
            head, _placeholder, tail = reverse(name, args=[PLACEHOLDER]).partition(str(PLACEHOLDER))
            pattern = self._patterns[name] = (head, tail)
        return f"{pattern[0]}{int(pk)}{pattern[1]}"


def absolute_url(request, path: str) -> str:
    """Return the path as an absolute URL of the request being answered (the path alone without one).

    The scheme and host are read once per request; any path but plain letters, digits and slashes from the root
    goes through ``build_absolute_uri``."""
    if request is None:
        return path
    if not PLAIN_PATH.match(path):
        return request.build_absolute_uri(path)
    prefix = getattr(request, "_portal_absolute_prefix", None)
    if prefix is None:
        prefix = request._portal_absolute_prefix = request.build_absolute_uri("/")[:-1]
    return prefix + path


class RowPaths:
    """For serializers of many rows: each row's paths from URL patterns reversed once per serializer."""

    def row_path(self, name: str, pk: int) -> str:
        maker = self.__dict__.get("_path_maker")
        if maker is None:
            maker = self._path_maker = PathMaker()
        return maker(name, pk)

    def row_url(self, name: str, pk: int) -> str:
        return absolute_url(self.context.get("request"), self.row_path(name, pk))
