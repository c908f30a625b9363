from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.workdays.calendar import CALENDAR_TZ
from portal.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:workdays_calendarday_import")
CHANGELIST_URL = reverse("admin:workdays_calendarday_changelist")


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("calendar.csv", text.encode(), content_type="text/csv")


def test_administrator_imports_a_calendar_file(admin_client):
    response = admin_client.post(
        IMPORT_URL,
        {"file": upload("date,kind,name\n2027-02-06,holiday,Spring Festival\n2027-02-14,workday,Make-up day\n")},
        follow=True,
    )

    assert response.redirect_chain == [(CHANGELIST_URL, 302)]
    assert "Imported 2 calendar days." in response.content.decode()
    assert list(CalendarDay.objects.values_list("date", "kind")) == [
        (date(2027, 2, 6), "holiday"),
        (date(2027, 2, 14), "workday"),
    ]


def test_bad_file_shows_the_line_and_stores_nothing(admin_client):
    response = admin_client.post(
        IMPORT_URL, {"file": upload("2027-02-06,holiday,Spring Festival\n2027-02-07,holday,Spring Festival\n")}
    )

    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == [
        "line 2: 'holday' is not a kind (holiday, workday)"
    ]
    assert not CalendarDay.objects.exists()


def test_import_page_shows_form(admin_client):
    response = admin_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_staff_without_permission_cannot_import(client, django_user_model):
    staff = django_user_model.objects.create_user(username="clerk", password="unused", is_staff=True)
    client.force_login(staff)

    response = client.post(IMPORT_URL, {"file": upload("2027-02-06,holiday,Spring Festival\n")})

    assert response.status_code == 403
    assert not CalendarDay.objects.exists()


def test_changelist_warns_about_provisional_year_ahead(admin_client, admin_user, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=CALENDAR_TZ), tick=False)
    admin_client.force_login(admin_user)

    content = admin_client.get(CHANGELIST_URL).content.decode()

    assert "Calendar year 2027 is provisional: enter the official holidays and make-up working days" in content
    assert "Import a file" in content


def test_changelist_warns_until_the_year_is_published_not_once_a_day_is_entered(admin_client, admin_user, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=CALENDAR_TZ), tick=False)
    admin_client.force_login(admin_user)
    CalendarDay.objects.create(date=date(2027, 2, 6), kind=CalendarDay.Kind.HOLIDAY, name="Spring Festival")

    content = admin_client.get(CHANGELIST_URL).content.decode()
    assert "Calendar year 2027 is provisional" in content
    assert "Spring Festival" in content

    CalendarYear.objects.create(year=2027)
    response = admin_client.post(
        reverse("admin:workdays_calendaryear_changelist"),
        {"action": "publish", "_selected_action": [CalendarYear.objects.get(year=2027).pk]},
        follow=True,
    )
    assert "Published: 2027." in response.content.decode()
    assert CalendarYear.objects.get(year=2027).published_by.username == "admin"

    assert "is provisional" not in admin_client.get(CHANGELIST_URL).content.decode()


def test_changelist_filters_by_year_and_kind(admin_client, django_assert_num_queries):
    CalendarDay.objects.create(date=date(2026, 12, 31), kind=CalendarDay.Kind.HOLIDAY, name="Year-end closure")
    CalendarDay.objects.create(date=date(2027, 2, 6), kind=CalendarDay.Kind.HOLIDAY, name="Spring Festival")
    CalendarDay.objects.create(date=date(2027, 2, 14), kind=CalendarDay.Kind.WORKDAY, name="Make-up day")

    with django_assert_num_queries(6):
        content = admin_client.get(CHANGELIST_URL, {"year": "2027", "kind__exact": "holiday"}).content.decode()

    assert "Spring Festival" in content
    assert "Make-up day" not in content
    assert "Year-end closure" not in content


def test_an_import_with_publish_ticked_makes_its_year_official(admin_client):
    admin_client.post(IMPORT_URL, {"file": upload("2027-02-06,holiday,Spring Festival\n"), "publish": "on"})

    assert CalendarYear.objects.get(year=2027).published_by.username == "admin"


def test_an_import_without_publish_leaves_its_year_provisional(admin_client):
    admin_client.post(IMPORT_URL, {"file": upload("2027-02-06,holiday,Spring Festival\n")})

    assert CalendarDay.objects.filter(date=date(2027, 2, 6)).exists()
    assert not CalendarYear.objects.filter(published_at__isnull=False).exists()
