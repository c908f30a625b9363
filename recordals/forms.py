"""Page forms of recordals: the filing with its goods and parties, uploads, decisions, search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.uploads import verify_all, verify_image, verify_pdf
from recordals.models import Goods, Modification, Party, Recordal, RecordalImage
from recordals.services.filing import EDITABLE_FIELDS, GOODS_FIELDS, PARTY_FIELDS
from recordals.validators import NICE_FIRST, NICE_LAST, nice_classes_parse


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RecordalForm(forms.ModelForm):
    """The recorded right itself; an agent also chooses the holder it files for."""

    nice_classes = forms.CharField(
        label=_("Nice classes"), required=False, help_text=_("Trademarks: the classes, separated by commas.")
    )

    class Meta:
        model = Recordal
        fields = EDITABLE_FIELDS
        widgets = {
            "right_valid_from": DateInput(),
            "right_valid_until": DateInput(),
            "right_details": forms.Textarea(attrs={"rows": 3}),
            "identification_guide": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, holders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["nice_classes"] = ", ".join(str(n) for n in self.instance.nice_classes or ())
        if holders is not None:
            self.fields["holder"] = forms.ModelChoiceField(queryset=holders, label=_("Rights holder"))
            self.order_fields(["holder"])

    def clean_nice_classes(self):
        return nice_classes_parse(self.cleaned_data.get("nice_classes") or "")

    def clean(self):
        data = super().clean()
        start, end = data.get("right_valid_from"), data.get("right_valid_until")
        if start and end and end < start:
            self.add_error("right_valid_until", _("The right cannot end before it starts."))
        return data

    def _post_clean(self):
        """Leave the model alone: the service validates and saves."""


class GoodsForm(forms.ModelForm):
    class Meta:
        model = Goods
        fields = GOODS_FIELDS
        widgets = {"features": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The price range ends below its start."))
        return data


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = PARTY_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 2})}


GoodsFormSet = forms.formset_factory(GoodsForm, extra=1, can_delete=True, max_num=50)
PartyFormSet = forms.formset_factory(PartyForm, extra=1, can_delete=True, max_num=100)


def formset_lines(formset) -> list[dict]:
    """Return the filled, undeleted lines of a valid formset."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class AttachmentsForm(forms.Form):
    """Images of the mark, of genuine goods and of the guide, and supporting PDFs; each verified."""

    mark_images = MultipleFileField(
        label=_("Images of the mark"), widget=MultipleFileInput(attrs={"accept": "image/*"})
    )
    genuine_images = MultipleFileField(
        label=_("Photos of genuine goods"), widget=MultipleFileInput(attrs={"accept": "image/*"})
    )
    guide_images = MultipleFileField(
        label=_("Identification guide images"), widget=MultipleFileInput(attrs={"accept": "image/*"})
    )
    documents = MultipleFileField(
        label=_("Supporting documents (PDF)"), widget=MultipleFileInput(attrs={"accept": "application/pdf"})
    )

    KINDS = {
        "mark_images": RecordalImage.Kind.MARK,
        "genuine_images": RecordalImage.Kind.GENUINE,
        "guide_images": RecordalImage.Kind.GUIDE,
    }

    def _verified(self, name, verify):
        return verify_all(self.cleaned_data.get(name), verify)

    def clean_mark_images(self):
        return self._verified("mark_images", verify_image)

    def clean_genuine_images(self):
        return self._verified("genuine_images", verify_image)

    def clean_guide_images(self):
        return self._verified("guide_images", verify_image)

    def clean_documents(self):
        return self._verified("documents", verify_pdf)

    def images(self) -> list:
        """Return (verified image, kind, caption) triples for the service."""
        return [
            (verified, kind, "") for name, kind in self.KINDS.items() for verified in self.cleaned_data.get(name, ())
        ]

    def pdfs(self) -> list:
        """Return (verified PDF, title) pairs for the service."""
        return [(verified, verified.original_name) for verified in self.cleaned_data.get("documents", ())]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Give the reason for the rejection: the holder reads it.")},
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )


class ModificationForm(forms.Form):
    """The recorded facts a holder may ask to change; only the changed ones are requested."""

    right_valid_until = forms.DateField(label=_("Right valid until"), required=False, widget=DateInput())
    nice_classes = forms.CharField(label=_("Nice classes"), required=False)
    right_details = forms.CharField(label=_("Details of the right"), required=False, widget=forms.Textarea)
    identification_guide = forms.CharField(label=_("Identification guide"), required=False, widget=forms.Textarea)
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed, and when (e.g. the right was renewed on ...)."),
    )

    def __init__(self, *args, recordal: Recordal, **kwargs):
        self.recordal = recordal
        initial = {name: getattr(recordal, name) for name in Modification.FIELDS}
        initial["nice_classes"] = ", ".join(str(n) for n in recordal.nice_classes or ())
        super().__init__(*args, initial=initial, **kwargs)

    def clean_nice_classes(self):
        return nice_classes_parse(self.cleaned_data.get("nice_classes") or "")

    def changes(self) -> dict:
        """Return field → new value for the fields that differ from the recordal."""
        changes = {}
        for name in Modification.FIELDS:
            value = self.cleaned_data.get(name)
            if value in (None, "", []) and name in ("right_valid_until", "nice_classes"):
                continue
            if value != getattr(self.recordal, name):
                changes[name] = value
        return changes


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Mark, recordal or registration number"), required=False, max_length=100)
    holder = forms.CharField(label=_("Holder"), required=False, max_length=100)
    nice_class = forms.IntegerField(label=_("Nice class"), required=False, min_value=NICE_FIRST, max_value=NICE_LAST)
    hs_code = forms.CharField(label=_("HS code"), required=False, max_length=12)
    include_inactive = forms.BooleanField(label=_("Include expired and cancelled"), required=False)


class LookupForm(forms.Form):
    q = forms.CharField(label=_("Recordal number or mark"), max_length=100)
