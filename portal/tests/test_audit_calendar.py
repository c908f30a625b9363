"""Every change of the working-day calendar (which decides deadlines) is one event saying what changed."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.workdays.models import CalendarDay, CalendarEvent, CalendarYear
from portal.workdays.services import calendar_import, calendar_year_publish, calendar_year_unpublish

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:workdays_calendarday_add")


def _add_day(admin_client, day="2027-02-06", kind="holiday", name="Spring Festival"):
    answer = admin_client.post(ADD_URL, {"date": day, "kind": kind, "name": name, "note": ""})
    assert answer.status_code == 302
    return CalendarDay.objects.get(date=day)


def test_a_day_entered_in_the_admin_writes_one_event(admin_client, admin_user):
    _add_day(admin_client)

    (event,) = CalendarEvent.objects.all()
    assert (event.action, event.year, event.day, event.actor) == ("day_added", 2027, date(2027, 2, 6), admin_user)
    assert event.data["changes"]["kind"] == [None, "holiday"]


def test_a_day_changed_in_the_admin_names_old_and_new_values(admin_client):
    day = _add_day(admin_client)
    url = reverse("admin:workdays_calendarday_change", args=[day.pk])

    admin_client.post(url, {"date": "2027-02-06", "kind": "workday", "name": "Make-up day", "note": ""})

    event = CalendarEvent.objects.last()
    assert event.action == "day_changed"
    assert event.data["changes"] == {"kind": ["holiday", "workday"], "name": ["Spring Festival", "Make-up day"]}
    assert CalendarEvent.objects.count() == 2


def test_a_day_removed_in_the_admin_keeps_what_it_was(admin_client):
    day = _add_day(admin_client)

    admin_client.post(reverse("admin:workdays_calendarday_delete", args=[day.pk]), {"post": "yes"})

    event = CalendarEvent.objects.last()
    assert (event.action, event.day) == ("day_deleted", date(2027, 2, 6))
    assert event.data["was"]["kind"] == "holiday"
    assert not CalendarDay.objects.exists()


def test_an_import_writes_one_event_per_year_listing_the_days_it_changed(admin_client, admin_user):
    _add_day(admin_client)
    csv = "2027-02-06,holiday,Spring Festival\n2027-02-14,workday,Make-up day\n2028-01-01,holiday,New Year\n"

    admin_client.post(
        reverse("admin:workdays_calendarday_import"),
        {"file": SimpleUploadedFile("calendar.csv", csv.encode(), content_type="text/csv")},
    )

    imports = list(CalendarEvent.objects.filter(action="imported").order_by("year"))
    assert [(e.year, e.data["days"], e.actor) for e in imports] == [
        (2027, [["2027-02-14", "workday", "Make-up day"]], admin_user),
        (2028, [["2028-01-01", "holiday", "New Year"]], admin_user),
    ]


def test_publishing_and_unpublishing_a_year_are_recorded_once_each(cast):
    calendar_year_publish(actor=cast.admin, year=2027)
    calendar_year_publish(actor=cast.admin, year=2027)
    calendar_year_unpublish(actor=cast.admin, year=2027)
    calendar_year_unpublish(actor=cast.admin, year=2027)

    assert list(CalendarEvent.objects.values_list("action", "year")) == [("published", 2027), ("unpublished", 2027)]
    assert CalendarYear.objects.get(year=2027).published_at is None


def test_a_command_import_is_recorded_without_an_actor():
    calendar_import(actor=None, rows=[(date(2027, 10, 9), "workday", "National Day make-up")])

    (event,) = CalendarEvent.objects.all()
    assert event.actor is None and event.data == {"days": [["2027-10-09", "workday", "National Day make-up"]]}


def test_the_admin_lists_the_calendar_history_read_only(admin_client):
    _add_day(admin_client)

    page = admin_client.get(reverse("admin:workdays_calendarevent_changelist"))

    assert page.status_code == 200 and "Day entered" in page.content.decode()
    assert admin_client.get(reverse("admin:workdays_calendarevent_add")).status_code == 403
