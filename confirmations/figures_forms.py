"""The filters of the figures pages: a period and, for service figures, the order of the holders."""

from django import forms
from django.utils.translation import gettext_lazy as _

from confirmations.service_figures import ORDERS


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period comes before its start."))
        return data


class ServiceFiguresForm(PeriodForm):
    order = forms.ChoiceField(label=_("Order"), choices=list(ORDERS.items()), required=False)
