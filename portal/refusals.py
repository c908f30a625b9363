"""The pages' one translator of the services' refusals (the API's is ``portal.api.exception_handler``).

A refusal goes where the user reads it: on the form that was sent (on the field it names, or at the
top of the form; a case's per-item messages on the item forms), or, for a page without a form, as a
page message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError

from portal.errors import Conflict, FieldErrors, Refused

REFUSALS = (Refused, FieldErrors, Conflict, ValidationError)
PAGE_WIDE = ("detail", "__all__")


def _page_messages(error) -> list[str]:
    if isinstance(error, FieldErrors):
        lines = []
        for field, errors in error.errors.items():
            for text in errors if isinstance(errors, list) else [errors]:
                lines.append(str(text) if field in PAGE_WIDE else f"{field}: {text}")
        return lines
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error)]


def _on_form(form, field: str, errors) -> None:
    form.add_error(field if field in form.fields else None, errors)


def _on_formset(formset, errors) -> None:
    """Put a list of per-item messages (one dict of field → messages per item) on the item forms."""
    for form, item_errors in zip(formset.forms, errors, strict=False):
        for field, texts in item_errors.items() if isinstance(item_errors, dict) else []:
            _on_form(form, field, texts)


def refusal_show(request, error, *, form=None, formset=None) -> None:
    """Show a service's refusal on ``form`` (per-item messages on ``formset``), or as page messages without one."""
    if form is None:
        for text in _page_messages(error):
            messages.error(request, text)
    elif isinstance(error, FieldErrors):
        for field, errors in error.errors.items():
            if formset is not None and field == "items" and any(isinstance(e, dict) for e in errors):
                _on_formset(formset, errors)
            else:
                _on_form(form, field, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        _on_form(form, getattr(error, "field", ""), str(error))


def service_run(request, service, /, *, show_on=None, show_items_on=None, **kwargs):
    """Run a page's service call and return its result; on a refusal show it (see ``refusal_show``), return None."""
    try:
        return service(**kwargs)
    except REFUSALS as error:
        refusal_show(request, error, form=show_on, formset=show_items_on)
        return None
