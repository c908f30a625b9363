"""Post an admin change form as a browser would: its current values, the inlines' management forms, changes."""

from django.forms import MultiWidget


def _put(data: dict, name: str, value, widget) -> None:
    if value is None or value is False:
        return
    if isinstance(widget, MultiWidget):
        for index, part in enumerate(widget.decompress(value)):
            if part is not None:
                data[f"{name}_{index}"] = part
        return
    data[name] = "on" if value is True else value


def admin_form_data(client, url: str, **changes) -> dict:
    """Return the admin form at ``url`` as POST data (unchecked boxes left out), with ``changes`` applied."""
    context = client.get(url).context
    form = context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        _put(data, name, form[name].value(), field.widget)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for index, inline_form in enumerate(formset.forms):
            for name, field in inline_form.fields.items():
                _put(data, f"{formset.prefix}-{index}-{name}", inline_form[name].value(), field.widget)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
