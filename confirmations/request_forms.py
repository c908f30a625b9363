"""Page forms of detention requests and tips."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.forms import currency_choices
from confirmations.models import Case, Channel, Direction
from confirmations.request_access import recordals_invocable_by
from confirmations.services.requests import MAX_FILES
from portal.accounts.models import Organization
from portal.uploads import verify_all, verify_image, verify_pdf

FILES_NOT_KEPT = _("Files are not kept when the form has a problem: choose them again before sending.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files]


def offices():
    return Organization.objects.filter(kind=Organization.Kind.OFFICE, is_active=True).order_by("name")


def date_input():
    return forms.DateInput(attrs={"type": "date"})


class EvidenceMixin:
    """Verify uploaded documents (PDF) and images by content; name the file that was refused."""

    def _verified(self, name, verify):
        return verify_all(self.cleaned_data.get(name), verify)

    def clean_documents(self):
        return self._verified("documents", verify_pdf)

    def clean_images(self):
        return self._verified("images", verify_image)

    def files_not_kept(self) -> None:
        """Say, on each file input that held files, that they must be chosen again."""
        for name in ("documents", "images"):
            if self.files.getlist(name) and name not in self.errors:
                self.add_error(name, FILES_NOT_KEPT)


class DetentionRequestForm(EvidenceMixin, forms.Form):
    recordal = forms.ModelChoiceField(label=_("Recordal invoked"), queryset=None, empty_label=_("Choose a recordal"))
    office = forms.ModelChoiceField(
        label=_("Customs office"), queryset=None, empty_label=_("Choose the office"),
        help_text=_("The office of the port where the shipment is expected."),
    )  # fmt: skip
    goods = forms.CharField(label=_("Goods"), max_length=500, help_text=_("What the goods are and how they infringe."))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    value = forms.DecimalField(
        label=_("Goods value"), max_digits=14, decimal_places=2, min_value=0,
        help_text=_("The bond equals this value, converted to CNY at the stated rate."),
    )  # fmt: skip
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices, initial="CNY")
    consignor = forms.CharField(label=_("Consignor"), max_length=300, required=False)
    consignee = forms.CharField(label=_("Consignee"), max_length=300, required=False)
    waybill_number = forms.CharField(label=_("Waybill number"), max_length=100, required=False)
    container_number = forms.CharField(label=_("Container number"), max_length=100, required=False)
    declaration_number = forms.CharField(label=_("Declaration number"), max_length=100, required=False)
    expected_port = forms.CharField(label=_("Expected port"), max_length=200)
    expected_from = forms.DateField(label=_("Expected from"), widget=date_input())
    expected_until = forms.DateField(label=_("Expected until"), widget=date_input())
    evidence_summary = forms.CharField(
        label=_("Why the goods infringe"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    documents = MultipleFileField(
        label=_("Documents (PDF)"), required=False,
        help_text=_("Up to %(max)s files in all: invoices, orders, test reports.") % {"max": MAX_FILES},
    )  # fmt: skip
    images = MultipleFileField(label=_("Images (JPEG or PNG)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["recordal"].queryset = recordals_invocable_by(user).in_force(today).order_by("number")
        self.fields["office"].queryset = offices()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class MatchForm(forms.Form):
    """Detain in an open case of the office, or describe the shipment found to file a case for it."""

    case = forms.ModelChoiceField(
        label=_("Open case of your office"), queryset=None, required=False, empty_label=_("File a new case"),
    )  # fmt: skip
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices], required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=[("", "—"), *Direction.choices], required=False)
    waybill_number = forms.CharField(label=_("Waybill or declaration number found"), max_length=100, required=False)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.filter(office=office, status=Case.Status.OPEN).order_by("-pk")


class TipForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Customs office"), queryset=None, empty_label=_("Choose the office"))
    recordal = forms.ModelChoiceField(
        label=_("Recordal concerned"), queryset=None, required=False, empty_label=_("None in particular"),
    )  # fmt: skip
    holder = forms.ModelChoiceField(
        label=_("Holder"), queryset=None, required=False, empty_label=_("The recordal's holder"),
        help_text=_("Agents: the holder you send the tip for, when no recordal is named."),
    )  # fmt: skip
    subject = forms.CharField(label=_("Suspected shipment or trader"), max_length=500)
    identifiers = forms.CharField(label=_("Waybill, container or company numbers"), max_length=500, required=False)
    expected_arrival = forms.DateField(label=_("Expected arrival"), required=False, widget=date_input())
    details = forms.CharField(label=_("What you know"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices()
        self.fields["recordal"].queryset = recordals_invocable_by(user).in_force(timezone.localdate())
        self.fields["holder"].queryset = holders
        if holders.count() < 2:
            del self.fields["holder"]


class MarkUsedForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Case filed on the tip"), queryset=None, empty_label=_("Choose the case"))
    note = forms.CharField(label=_("Note for the holder"), max_length=2000, required=False)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.filter(office=office).order_by("-pk")


class MarkNotUsedForm(forms.Form):
    note = forms.CharField(
        label=_("Why the tip was not used"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
