"""Forms of the watchlist pages: a watched trader, a search, a deactivation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from confirmations.services.watchlist import MAX_ALIASES, TraderInput
from confirmations.watchlist_models import WatchedTrader
from portal.accounts.models import Organization


class TraderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: transliterations, trading names, former names (at most %(max)s).")
        % {"max": MAX_ALIASES},
    )
    country = forms.CharField(label=_("Country"), max_length=2, required=False, help_text=_("ISO 3166 code"))
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    identifier = forms.CharField(
        label=_("Business registration number"),
        max_length=60,
        required=False,
        help_text=_("For example the unified social credit code."),
    )
    source = forms.ChoiceField(label=_("Source"), choices=WatchedTrader.Source.choices, widget=forms.RadioSelect)
    source_case = forms.IntegerField(
        label=_("Case number"), required=False, min_value=1, help_text=_("When the source is a confirmed case.")
    )
    judgment_reference = forms.CharField(
        label=_("Judgment reference"),
        max_length=200,
        required=False,
        help_text=_("When the source is a court judgment: the court and the reference."),
    )
    reporting_holder = forms.ModelChoiceField(
        label=_("Reporting rights holder"),
        queryset=Organization.objects.filter(kind=Organization.Kind.HOLDER, is_active=True).order_by("name"),
        required=False,
        help_text=_("When the source is a rights holder's report."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_for(cls, trader: WatchedTrader) -> dict:
        """Return the form's initial values for an existing trader."""
        return {
            "name": trader.name,
            "aliases": "\n".join(trader.aliases.values_list("name", flat=True)),
            "country": trader.country,
            "address": trader.address,
            "identifier": trader.identifier,
            "source": trader.source,
            "source_case": trader.source_case_id,
            "judgment_reference": trader.judgment_reference,
            "reporting_holder": trader.reporting_holder_id,
            "notes": trader.notes,
        }

    def trader_input(self) -> TraderInput:
        """Return the service input from the cleaned form."""
        data = self.cleaned_data
        return TraderInput(
            name=data["name"],
            aliases=[line for line in data["aliases"].splitlines() if line.strip()],
            country=data["country"],
            address=data["address"],
            identifier=data["identifier"],
            source=data["source"],
            source_case_id=data["source_case"],
            judgment_reference=data["judgment_reference"],
            reporting_holder_id=data["reporting_holder"].pk if data["reporting_holder"] else None,
            notes=data["notes"],
        )


class WatchlistSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, alias or registration number"), max_length=300, required=False)
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("active", _("Watched")), ("inactive", _("No longer watched")), ("all", _("All"))],
    )


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the trader no longer watched?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
