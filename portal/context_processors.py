from functools import cache

from django.conf import settings
from django.utils.translation import get_language_info

from portal.access import organization_of, role_of


def portal(request):
    """Expose the user's role and organization to every template, and the languages of the header's selector."""
    user = getattr(request, "user", None)
    return {
        "portal_role": role_of(user),
        "portal_organization": organization_of(user),
        "portal_languages": _languages(),
    }


@cache
def _languages() -> tuple[tuple[str, str], ...]:
    """Return each language's code and its name in itself, read once (the selector of every page lists them)."""
    return tuple((code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES)
