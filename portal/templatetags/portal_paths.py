"""``{% path "name" %}``: the path of a URL name taking no arguments, reversed once per process and script prefix.

The header, navigation and footer of every page link about twenty such names; ``{% url %}`` reverses each one on
every page, which cost more than the rest of the header's tags together.
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_REVERSED: dict[tuple, str] = {}


@register.simple_tag
def path(name: str) -> str:
    """Return ``reverse(name)``, kept for the URL configuration and script prefix it was reversed under."""
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    found = _REVERSED.get(key)
    if found is None:
        found = _REVERSED[key] = reverse(name)
    return found
