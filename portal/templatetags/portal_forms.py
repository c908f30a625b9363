"""The error summary of a page (GOV.UK's pattern): every bound form's errors, each linking to its field."""

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.widgets import ChoiceWidget
from django.utils.translation import gettext as _

register = template.Library()
# Where a page's errors are kept once found, in its render context.
_PAGE_ERRORS = "portal_forms.page_errors"


def _bound_forms(values):
    """Yield the bound forms among a page's values, formsets opened into their forms, once each."""
    seen = set()
    for value in values:
        forms = []
        if isinstance(value, BaseFormSet) and value.is_bound:
            forms = [value, *value.forms]
        elif isinstance(value, BaseForm) and value.is_bound:
            forms = [value]
        for form in forms:
            if id(form) not in seen:
                seen.add(id(form))
                yield form


def field_anchor(form, name) -> str:
    """Return the id of the element a field's error links to: the field's input, or its first choice."""
    if name not in form.fields:
        first = next(iter(form.visible_fields()), None)
        return first.id_for_label if first is not None else ""
    bound = form[name]
    widget = bound.field.widget
    if isinstance(widget, ChoiceWidget) and getattr(widget, "input_type", "") in ("radio", "checkbox"):
        return f"{bound.auto_id}_0"
    return bound.auto_id


def page_errors(context) -> list[dict]:
    """Return the page's errors in order: ``{"text": ..., "anchor": ...}``, found once per page (its title and its
    summary both ask)."""
    found = context.render_context.get(_PAGE_ERRORS)
    if found is None:
        found = context.render_context[_PAGE_ERRORS] = errors_in(context.flatten().values())
    return found


def errors_in(values) -> list[dict]:
    """Return the errors of the bound forms among a page's values, in order: ``{"text": ..., "anchor": ...}``."""
    errors = []
    for form in _bound_forms(values):
        if isinstance(form, BaseFormSet):
            anchor = field_anchor(form.forms[0], "") if form.forms else ""
            errors.extend({"text": str(e), "anchor": anchor} for e in form.non_form_errors())
            continue
        for name, messages in form.errors.items():
            anchor = field_anchor(form, name if name != "__all__" else "")
            errors.extend({"text": str(m), "anchor": anchor} for m in messages)
    return errors


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """Return "Error: " when the page shows errors, for the start of its title."""
    return _("Error:") + " " if page_errors(context) else ""
