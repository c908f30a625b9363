from datetime import date

import pytest
from django.core.management import CommandError, call_command

from portal.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def write_file(tmp_path):
    def write(text: str):
        path = tmp_path / "calendar.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_it_imports_holidays_and_make_up_days(write_file):
    path = write_file("2027-02-06,holiday,Spring Festival\n2027-02-14,workday,Spring Festival make-up day\n")

    call_command("import_calendar", path)

    assert list(CalendarDay.objects.values_list("date", "kind", "name")) == [
        (date(2027, 2, 6), "holiday", "Spring Festival"),
        (date(2027, 2, 14), "workday", "Spring Festival make-up day"),
    ]


def test_it_accepts_header_comments_and_blank_lines(write_file):
    path = write_file("date,kind,name\n# official notice\n\n2027-02-06,holiday,Spring Festival\n")

    call_command("import_calendar", path)

    assert CalendarDay.objects.get().date == date(2027, 2, 6)


def test_it_stores_nothing_when_a_line_is_bad(write_file):
    path = write_file(
        "2027-02-06,holiday,Spring Festival\n2027-02-07,holiday,Spring Festival\n2027-02-08,holday,Spring Festival\n"
    )

    with pytest.raises(CommandError, match=r"^line 3: 'holday' is not a kind \(holiday, workday\)$"):
        call_command("import_calendar", path)

    assert not CalendarDay.objects.exists()


def test_reimport_updates_instead_of_duplicating(write_file):
    CalendarDay.objects.create(date=date(2027, 2, 6), kind="workday", name="Draft", note="Kept")
    path = write_file("2027-02-06,holiday,Spring Festival\n")

    call_command("import_calendar", path)
    call_command("import_calendar", path)

    day = CalendarDay.objects.get()
    assert (day.kind, day.name, day.note) == ("holiday", "Spring Festival", "Kept")


def test_it_fails_on_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_calendar", str(tmp_path / "missing.csv"))


def test_importing_two_days_of_a_year_leaves_it_provisional(write_file):
    from portal.workdays.calendar import is_provisional

    call_command("import_calendar", write_file("2027-02-06,holiday,Spring Festival\n2027-02-14,workday,Make-up\n"))

    assert is_provisional(2027)


def test_publish_marks_the_years_of_the_file_as_official(write_file):
    from io import StringIO

    from portal.workdays.calendar import is_provisional
    from portal.workdays.models import CalendarYear

    out = StringIO()
    call_command("import_calendar", write_file("2027-02-06,holiday,Spring Festival\n"), "--publish", stdout=out)

    assert not is_provisional(2027) and is_provisional(2028)
    year = CalendarYear.objects.get()
    assert (year.year, year.published_by) == (2027, None) and year.published_at is not None
    assert "Marked as published: 2027." in out.getvalue()
