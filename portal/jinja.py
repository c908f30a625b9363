"""The Jinja2 engine of the pages rendered most often: the header, navigation and footer of every page (included in
Django's ``base.html`` by ``{% jinja %}``) and the item page, which a holder opens from every notice.

Its output is Django's, byte for byte: every ``{{ value }}`` goes through Django's own steps (local time, the
language's number and date formats, Django's escaping); ``_("text")`` is Django's translation of a template literal
(not escaped, as ``{% translate %}``), and ``_("text %(name)s")|fill(name=value)`` is ``{% blocktranslate %}`` (the
values escaped). Written so, ``makemessages`` finds these texts as it finds ``{{ _("text") }}`` in Django templates.
Undefined names render as nothing at any depth, as in Django.

What a page asks for many times is bound once per page (``page_helpers``): its translations (each text translated
once per process and language), its paths (reversed once per process) and its CSRF field (one mask for the page's
forms, as Django's ``{% csrf_token %}`` gives).
"""

from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.backends.utils import csrf_input
from django.template.defaultfilters import date, linebreaksbr
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import localize
from django.utils.functional import SimpleLazyObject
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from jinja2 import ChainableUndefined, Environment, Undefined, pass_context
from portal.templatetags.portal_format import count, deadline, money, provisional_note
from portal.templatetags.portal_forms import errors_in
from portal.templatetags.portal_paths import path, paths_here

# Per language, each template text's translation.
_TRANSLATED: dict[str | None, dict[str, SafeString]] = {}
# Per language and choice field, each value's label.
_LABELS: dict[tuple, dict] = {}


def rendered(value) -> SafeString:
    """Return ``value`` as Django prints ``{{ value }}``: in local time, localized and escaped."""
    kind = type(value)
    if kind is SafeString:
        return value
    if kind is str:
        return escape(value)
    if isinstance(value, Undefined):
        return SafeString("")
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def translator():
    """Return ``_`` for the active language: a template text's translation, as ``{% translate %}`` prints it (not
    escaped)."""
    known = _TRANSLATED.setdefault(get_language(), {})

    def translate(message: str) -> SafeString:
        found = known.get(message)
        if found is None:
            found = known[message] = mark_safe(gettext(message))  # noqa: S308 (a template's text, as {% translate %})
        return found

    return translate


def fill(text: str, **values) -> SafeString:
    """Fill a translated text's ``%(name)s`` with the values, each printed as ``{{ value }}``."""
    return mark_safe(text % {name: rendered(value) for name, value in values.items()})  # noqa: S308 (values escaped)


def label(instance, name: str):
    """Return ``instance.get_<name>_display()``: the label of its choice, the field's labels translated once per
    process and language (``get_<name>_display`` translates all of them on each call)."""
    field = instance._meta.get_field(name)
    key = (get_language(), field)
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {value: str(text) for value, text in field.flatchoices}
    value = getattr(instance, field.attname)
    return labels.get(value, value)


def awaiting_label(number: int) -> str:
    """Say how many items await the user's answer, after the count in the navigation's badge."""
    return ngettext("item awaits your answer", "items await your answer", number)


@pass_context
def errors_of_page(context) -> list[dict]:
    """Return the errors of the page's bound forms, for its title and its summary (``portal_forms.errors_in``)."""
    return errors_in(context.get_all().values())


@pass_context
def provisional(context, notified_at, deadline_at):
    """Say "provisional" beside a deadline counted through a year whose calendar is an estimate."""
    return provisional_note(context.get("request"), notified_at, deadline_at)


def local_date(value, arg=None) -> str:
    """Django's ``date`` filter, given the value in local time as Django gives it."""
    return date(template_localtime(value), arg)


def url(name: str, *args) -> str:
    """Return the path of a URL name with its arguments, as ``{% url %}``."""
    return reverse(name, args=args)


@cache
def static_path(path: str) -> str:
    """Return ``{% static path %}``, found once per process (in the manifest, in production)."""
    return static(path)


@receiver(setting_changed)
def _forget_static_paths(*, setting, **kwargs) -> None:
    if setting in ("STATIC_URL", "STORAGES", "STATIC_ROOT"):
        static_path.cache_clear()


def _csrf_field(request) -> SafeString:
    """Return the request's CSRF field, its token masked once for all its forms (Django's ``csrf_input`` masks it
    anew on each use)."""
    field = getattr(request, "_portal_csrf_field", None)
    if field is None:
        field = request._portal_csrf_field = csrf_input(request)
    return field


def bound_helpers() -> dict:
    """Return ``_`` and ``path`` bound to the active language, URL configuration and script prefix, for one page."""
    return {"_": translator(), "path": paths_here()}


def page_helpers(request) -> dict:
    """Bind what a page's templates ask for many times, once per page (a context processor of the Jinja2 engine)."""
    return {**bound_helpers(), "csrf_input": SimpleLazyObject(lambda: _csrf_field(request))}


def environment(**options) -> Environment:
    """Return the engine's environment: Django's output rules, translations, paths and formats."""
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    env = Environment(**options, autoescape=True, finalize=rendered)
    env.globals.update(
        {
            "_": lambda message: translator()(message),
            "awaiting_label": awaiting_label,
            "errors_of_page": errors_of_page,
            "get_language": get_language,
            "path": path,
            "provisional": provisional,
            "static": static_path,
            "url": url,
        }
    )
    env.filters.update(
        {
            "count": count,
            "date": local_date,
            "deadline": deadline,
            "fill": fill,
            "label": label,
            "linebreaksbr": linebreaksbr,
            "money": money,
        }
    )
    return env
