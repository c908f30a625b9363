"""Forms of the penalty decision pages: the draft, the withdrawal and the public search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from confirmations.models import Case, Item
from confirmations.services.penalties import PenaltyText


class PenaltyForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = forms.DateField(label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    recordal = forms.TypedChoiceField(label=_("Right infringed"), coerce=int)
    trader_en = forms.CharField(
        label=_("Trader, as published (English)"),
        max_length=300,
        required=False,
        help_text=_("The company penalized. Publish a private person's name only if the decision itself does."),
    )
    trader_zh = forms.CharField(label=_("Trader, as published (Chinese)"), max_length=300, required=False)
    goods_en = forms.CharField(label=_("Goods (English)"), max_length=500, required=False)
    goods_zh = forms.CharField(label=_("Goods (Chinese)"), max_length=500, required=False)
    penalty_en = forms.CharField(label=_("Penalty (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    penalty_zh = forms.CharField(label=_("Penalty (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        confirmed = Item.objects.filter(case=case, status=Item.Status.CONFIRMED).select_related("recordal")
        choices = {item.recordal_id: f"{item.recordal.number} {item.recordal.title}" for item in confirmed}
        self.fields["recordal"].choices = list(choices.items())

    def text(self) -> PenaltyText:
        data = self.cleaned_data
        return PenaltyText(**{name: data[name] for name in PenaltyText.__dataclass_fields__})


def prefill(case: Case) -> dict:
    """Suggest a draft from the case: the importer (or exporter) as trader, the confirmed goods, their right."""
    confirmed = [item for item in case.items.all() if item.status == Item.Status.CONFIRMED]
    trader = case.consignee if case.direction == "import" else case.consignor
    return {
        "recordal": confirmed[0].recordal_id if confirmed else None,
        "trader_en": trader,
        "goods_en": "; ".join(f"{item.description} × {item.quantity}" for item in confirmed),
    }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the decision withdrawn?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the decision's history; the public no longer sees the decision."),
    )


class PenaltySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("A decision number, trader, goods, recordal number or mark."),
    )
