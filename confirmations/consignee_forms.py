"""Forms of the consignee's pages and of the officer's consignee panel."""

from django import forms
from django.utils.translation import gettext_lazy as _

from confirmations.models import ConsigneeLink


class ConsigneeRecordForm(forms.Form):
    """The officer records who receives the written detention notice and the link."""

    role = forms.ChoiceField(
        label=_("Role"), choices=ConsigneeLink.Role.choices, widget=forms.RadioSelect, initial="consignee"
    )
    name = forms.CharField(label=_("Name"), max_length=300)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the notice"), choices=ConsigneeLink.Language.choices)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was sent)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(upload, initial) for upload in data]
        return [super().clean(data, initial)] if data else []


class ExplanationForm(forms.Form):
    """The consignee's written explanation about one of its detained goods, with documents."""

    item = forms.TypedChoiceField(label=_("Which goods is it about?"), coerce=int, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Your explanation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Why the goods do not infringe the right invoked. At most 5,000 characters."),
        error_messages={"required": _("Enter your explanation.")},
    )
    documents = MultipleFileField(
        label=_("Documents (optional)"),
        required=False,
        help_text=_("Up to 5 PDFs or images, each within the upload limit: invoices, licences, certificates."),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(item["id"], item["description"]) for item in items if item["may_explain"]]
        self.fields["item"].error_messages["required"] = _("Choose which goods your explanation is about.")
        if len(self.fields["item"].choices) == 1:
            self.initial["item"] = self.fields["item"].choices[0][0]
