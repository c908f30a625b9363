"""``{% path "name" %}``: the path of a URL name taking no arguments, reversed once per process and script prefix.

The header, navigation and footer of every page link about twenty such names; ``{% url %}`` reverses each one on
every page, which cost more than the rest of the header's tags together.
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

# Per URL configuration and script prefix, each name's path.
_REVERSED: dict[tuple[str, str], dict[str, str]] = {}


def paths_here():
    """Return ``path`` for the URL configuration and script prefix in force now (a page asks for twenty names)."""
    known = _REVERSED.setdefault((get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()), {})

    def path_here(name: str) -> str:
        found = known.get(name)
        if found is None:
            found = known[name] = reverse(name)
        return found

    return path_here


@register.simple_tag
def path(name: str) -> str:
    """Return ``reverse(name)``, kept for the URL configuration and script prefix it was reversed under."""
    return paths_here()(name)
