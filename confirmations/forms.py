"""Page forms: the filing form (shipment + items), the decision, bonds, webhooks, officer actions."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confirmations.models import GENERAL_BOND_MINIMUM, Case, Channel, Disposal, ExchangeRate, Item
from confirmations.stats import period_too_long
from portal.accounts.models import Organization
from portal.validators import validate_hs_code
from recordals.models import Recordal


def currency_choices():
    codes = sorted({"CNY", *ExchangeRate.objects.values_list("currency", flat=True)})
    return [(code, code) for code in codes]


class ShipmentForm(forms.ModelForm):
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices)
    # Business registration numbers of the parties: matched exactly against the watchlist and earlier cases.
    consignor_identifier = forms.CharField(
        label=_("Consignor's business registration number"), max_length=60, required=False
    )
    consignee_identifier = forms.CharField(
        label=_("Consignee's business registration number"), max_length=60, required=False
    )
    field_order = [
        *Case.SHIPMENT_FIELDS[:5],
        "consignor_identifier",
        *Case.SHIPMENT_FIELDS[5:7],
        "consignee_identifier",
    ]

    class Meta:
        model = Case
        fields = list(Case.SHIPMENT_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def clean_consignor_country(self):
        return self.cleaned_data["consignor_country"].strip().upper()

    def clean_consignee_country(self):
        return self.cleaned_data["consignee_country"].strip().upper()


class ItemForm(forms.Form):
    recordal = forms.ModelChoiceField(
        label=_("Recordal"),
        queryset=Recordal.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the recordal: type its mark, number or holder and pick it from the list."),
            "invalid_choice": _("That recordal is not in force; choose another."),
        },
    )
    description = forms.CharField(label=_("Description"), max_length=500)
    hs_code = forms.CharField(
        label=_("HS code"),
        max_length=12,
        required=False,
        validators=[validate_hs_code],
        help_text=_("Optional: the tariff line of the goods, e.g. 4202.21."),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recordal"].queryset = Recordal.objects.in_force(timezone.localdate()).select_related("holder")

    def chosen_recordal(self):
        """Return the recordal the typed form names, to show it again after an error."""
        value = str(self["recordal"].value() or "")
        return self.fields["recordal"].queryset.filter(pk=value).first() if value.isdigit() else None


class BaseItemFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Add at least one suspect item: its recordal, description, quantity and value."),
        "too_many_forms": _("A case holds at most 50 items: file the rest as another case."),
    }


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=0, min_num=1, validate_min=True, max_num=50, validate_max=True
)


def default_bond(*, general_bond_covers: bool) -> str:
    """Return the bond offered first: the general bond where one covers the application, else a case bond."""
    return Item.Bond.GENERAL if general_bond_covers else Item.Bond.CASE


def answer_field(label, choices, *, unanswered) -> forms.ChoiceField:
    """Return a required choice between ``choices`` as radio buttons; ``unanswered`` says what to choose."""
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": unanswered}
    )


class DecisionForm(forms.Form):
    decision = answer_field(
        _("Decision"),
        [
            (Item.Decision.INFRINGING, _("Infringing: apply for detention")),
            (Item.Decision.NOT_INFRINGING, _("Not infringing: release the goods")),
        ],
        unanswered=_("Choose whether the goods infringe your right: infringing or not infringing."),
    )
    bond = forms.ChoiceField(
        label=_("Bond"), choices=[("", "—"), *Item.Bond.choices], required=False, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(
        label=_("I confirm this decision; it is final once sent."),
        required=True,
        error_messages={"required": _("Confirm the decision with “Confirm and send”: it is final once sent.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == Item.Decision.INFRINGING and not data.get("bond"):
            self.add_error("bond", _("Choose the bond for the detention: a case bond or your general bond."))
        return data


class BulkDecisionForm(DecisionForm):
    items = forms.TypedMultipleChoiceField(
        coerce=int, label=_("Items"), error_messages={"required": _("Tick the items to decide.")}
    )

    def __init__(self, *args, item_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(pk, pk) for pk in item_ids]


class GeneralBondForm(forms.Form):
    bank = forms.CharField(label=_("guarantee bank"), max_length=200)
    reference = forms.CharField(label=_("guarantee reference"), max_length=100)
    amount_cny = forms.DecimalField(
        label=_("amount (CNY)"), max_digits=16, decimal_places=2, min_value=GENERAL_BOND_MINIMUM
    )
    year = forms.IntegerField(label=_("year covered"))


class WebhookForm(forms.Form):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    language = forms.ChoiceField(
        label=_("Language of the texts sent"),
        choices=lambda: settings.LANGUAGES,
        required=False,
        help_text=_("The title and text of each notice; the other fields are the same in every language."),
    )


class ReleaseForm(forms.Form):
    reason = forms.CharField(label=_("reason"), required=False, max_length=2000)


class InvestigationForm(forms.Form):
    result = answer_field(
        _("Investigation result"),
        [
            (Item.Status.CONFIRMED, _("Infringement confirmed")),
            (Item.Status.NOT_CONFIRMED, _("Infringement not confirmed")),
        ],
        unanswered=_("Choose the investigation result: confirmed or not confirmed."),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CounterGuaranteeForm(forms.Form):
    amount_cny = forms.DecimalField(label=_("counter-guarantee (CNY)"), max_digits=16, decimal_places=2, min_value=0)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the application is withdrawn"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DisposalForm(forms.Form):
    method = forms.ChoiceField(label=_("Disposal"), choices=Disposal.Method.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class CourtNoticeForm(forms.Form):
    court = forms.CharField(label=_("Court"), max_length=300)
    reference = forms.CharField(label=_("Court reference"), max_length=100)
    date = forms.DateField(label=_("Date of the notice"), widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.FileField(label=_("The notice (PDF)"))


class StatsFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    office = forms.ModelChoiceField(label=_("Office"), queryset=Organization.objects.none(), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offices = Organization.objects.filter(kind=Organization.Kind.OFFICE, is_active=True).order_by("name")
        self.fields["office"].queryset = offices
        self.fields["office"].empty_label = _("All offices")

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period comes before its start."))
        elif data.get("since") and period_too_long(data["since"], data.get("until") or timezone.localdate()):
            self.add_error("since", _("A period is at most three years."))
        return data
