"""Admin for the working-day calendar: the table of official days and a calendar file import."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_audit import ReadOnlyAdmin
from portal.workdays.calendar import local_date, provisional_years
from portal.workdays.importing import CalendarFileError, decode_calendar_file, parse_calendar_file
from portal.workdays.models import CalendarDay, CalendarEvent, CalendarYear
from portal.workdays.services import (
    calendar_day_save,
    calendar_days_delete,
    calendar_import,
    calendar_year_publish,
    calendar_year_unpublish,
)

PROVISIONAL_LOOKAHEAD = timedelta(days=400)
IMPORT_MAX_BYTES = 1024 * 1024


class YearListFilter(admin.SimpleListFilter):
    """Filter calendar days by the year they fall in."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


class CalendarImportForm(forms.Form):
    """Upload a calendar file of date,kind,name lines."""

    file = forms.FileField(
        label=_("Calendar file"),
        help_text=_(
            "UTF-8 CSV, one day per line as date,kind,name, for example 2027-02-06,holiday,Spring Festival "
            "or 2027-02-14,workday,Spring Festival make-up day. A header line, # comments and blank lines "
            "are allowed."
        ),
    )

    publish = forms.BooleanField(
        label=_("Mark the file's years as published"),
        required=False,
        help_text=_("Only when the file holds the State Council's whole schedule for each of its years."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("A calendar file must be smaller than 1 MB."))
        return upload


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "updated_at"]
    list_filter = ["kind", YearListFilter]
    search_fields = ["name"]
    readonly_fields = ["created_at", "updated_at"]
    fields = ["date", "kind", "name", "note", "created_at", "updated_at"]

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj):
        return date_format(obj.date, "D")

    def save_model(self, request, obj, form, change):
        calendar_day_save(actor=request.user, day=obj)

    def delete_model(self, request, obj):
        calendar_days_delete(actor=request.user, days=[obj])

    def delete_queryset(self, request, queryset):
        calendar_days_delete(actor=request.user, days=list(queryset))

    def has_import_permission(self, request):
        """Return whether the user may create and update calendar days from a file."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        import_url = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_import",
        )
        return [import_url, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        today = local_date(timezone.now())
        warnings = [
            _(
                "Calendar year %(year)s is provisional: enter the official holidays and make-up working days, "
                "then mark the year as published."
            )
            % {"year": year}
            for year in provisional_years(today, today + PROVISIONAL_LOOKAHEAD)
        ]
        context = {
            "provisional_warnings": warnings,
            "has_import_permission": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)

    def import_view(self, request):
        """Import a calendar file uploaded by an administrator."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = CalendarImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                rows = parse_calendar_file(decode_calendar_file(form.cleaned_data["file"].read()))
            except CalendarFileError as error:
                messages.error(request, str(error))
            else:
                count = calendar_import(actor=request.user, rows=rows, publish=form.cleaned_data["publish"])
                messages.success(
                    request,
                    ngettext("Imported %(count)d calendar day.", "Imported %(count)d calendar days.", count)
                    % {"count": count},
                )
                return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import a calendar file"),
            "form": form,
        }
        return TemplateResponse(request, "admin/workdays/calendarday/import.html", context)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "published_at", "published_by"]
    list_select_related = ["published_by"]
    fields = ["year", "published_at", "published_by"]
    readonly_fields = ["published_at", "published_by"]
    actions = ["publish", "unpublish"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mark the selected years' official schedule as published"))
    def publish(self, request, queryset):
        self._each_year(request, queryset, calendar_year_publish, _("Published: %(years)s."))

    @admin.action(description=_("Mark the selected years as provisional again"))
    def unpublish(self, request, queryset):
        self._each_year(request, queryset, calendar_year_unpublish, _("Provisional again: %(years)s."))

    def _each_year(self, request, queryset, service, message) -> None:
        """Run the calendar ``service`` on each selected year, then say which years."""
        years = sorted(queryset.values_list("year", flat=True))
        for year in years:
            service(actor=request.user, year=year)
        self.message_user(request, message % {"years": ", ".join(map(str, years))})


@admin.register(CalendarEvent)
class CalendarEventAdmin(ReadOnlyAdmin):
    """The calendar's history: who entered, changed, removed, imported or published what, and when."""

    list_display = ["created_at", "year", "day", "what", "actor", "data"]
    list_select_related = ["actor"]
    list_filter = ["action", "year"]
    date_hierarchy = "created_at"

    @admin.display(description=_("action"), ordering="action")
    def what(self, obj):
        return obj.action_label()
