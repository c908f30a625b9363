"""``{% jinja "name" key=value %}``: a template of the Jinja2 engine (``portal.jinja``) rendered inside a Django
template, with the page's context: the one home of the header, navigation and footer (``base.html``) and of the
parts the item page shares with Django's pages (a case's timeline, what happens after detention)."""

from django import template
from django.template import engines
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

from portal.jinja import bound_helpers
from portal.templatetags.portal_forms import page_errors

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, name: str, **values):
    """Render the Jinja2 template ``name`` with this page's context, its form errors and ``values``."""
    found = engines["jinja2"].env.get_template(name)
    # Rendered by an engine that escapes as Django does (portal.jinja).
    return mark_safe(  # noqa: S308
        found.render(
            {
                **context.flatten(),
                **bound_helpers(),
                "csrf_input": CsrfTokenNode().render(context) if context.get("csrf_token") else "",
                "page_errors": page_errors(context),
                **values,
            }
        )
    )
