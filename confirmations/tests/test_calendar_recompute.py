"""When an administrator corrects the calendar, pending deadlines follow; passed and decided ones stay."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from confirmations import services
from confirmations.models import CaseEvent, Item
from confirmations.tests.factories import file_case, item_input
from portal.notices.models import Notice
from portal.workdays.calendar import CALENDAR_TZ
from portal.workdays.models import CalendarDay
from portal.workdays.services import calendar_day_save, calendar_days_delete, calendar_year_publish

pytestmark = pytest.mark.django_db


def shanghai(*args) -> datetime:
    return datetime(*args, tzinfo=CALENDAR_TZ)


def file_at(moment, cast, recordal) -> Item:
    with time_machine.travel(moment, tick=False):
        return file_case(cast.officer1, [item_input(recordal)]).items.get()


def moved_events(item):
    return list(CaseEvent.objects.filter(item=item, action="deadline_moved").values_list("data", flat=True))


def test_a_holiday_added_inside_the_window_moves_the_deadline_with_an_event_and_a_notice(cast, recordals):
    # Notified Tuesday 10 March 2026: Wednesday, Thursday, Friday; 24:00 on Friday 13 March.
    item = file_at(shanghai(2026, 3, 10, 10, 0), cast, recordals.lumiere)
    assert item.deadline == shanghai(2026, 3, 14)
    notices = Notice.objects.filter(recipient=cast.holder1_user).count()

    with time_machine.travel(shanghai(2026, 3, 11, 9, 0), tick=False):
        calendar_day_save(actor=cast.admin, day=CalendarDay(date=date(2026, 3, 12), kind="holiday", name="Closure"))

    item.refresh_from_db()
    assert item.deadline == shanghai(2026, 3, 17)
    [event] = CaseEvent.objects.filter(item=item, action="deadline_moved")
    assert event.actor == cast.admin and event.data["calendar_days"] == ["2026-03-12"]
    assert (event.data["old_deadline"], event.data["new_deadline"]) == (
        shanghai(2026, 3, 14).isoformat(),
        shanghai(2026, 3, 17).isoformat(),
    )
    assert Notice.objects.filter(recipient=cast.holder1_user).count() == notices + 1
    latest = Notice.objects.filter(recipient=cast.holder1_user).latest("pk")
    assert "deadline moved" in latest.body and latest.link == item.get_absolute_url()


def test_a_make_up_working_day_inside_the_window_brings_the_deadline_forward(cast, recordals):
    # Notified Thursday 12 March: Friday 13, Monday 16, Tuesday 17. A make-up Saturday 14 counts instead.
    item = file_at(shanghai(2026, 3, 12, 10, 0), cast, recordals.lumiere)
    assert item.deadline == shanghai(2026, 3, 18)

    with time_machine.travel(shanghai(2026, 3, 12, 12, 0), tick=False):
        calendar_day_save(actor=cast.admin, day=CalendarDay(date=date(2026, 3, 14), kind="workday", name="Make-up"))

    item.refresh_from_db()
    assert item.deadline == shanghai(2026, 3, 17)


def test_a_day_after_the_deadline_or_before_the_count_starts_moves_nothing(cast, recordals):
    item = file_at(shanghai(2026, 3, 10, 10, 0), cast, recordals.lumiere)
    with time_machine.travel(shanghai(2026, 3, 10, 12, 0), tick=False):
        calendar_day_save(actor=cast.admin, day=CalendarDay(date=date(2026, 3, 10), kind="holiday"))
        calendar_day_save(actor=cast.admin, day=CalendarDay(date=date(2026, 3, 16), kind="holiday"))
    item.refresh_from_db()
    assert item.deadline == shanghai(2026, 3, 14) and not moved_events(item)


def test_a_deadline_already_passed_does_not_move(cast, recordals):
    item = file_at(shanghai(2026, 3, 10, 10, 0), cast, recordals.lumiere)
    with time_machine.travel(shanghai(2026, 3, 14, 0, 0, 1), tick=False):
        calendar_day_save(actor=cast.admin, day=CalendarDay(date=date(2026, 3, 12), kind="holiday"))
    item.refresh_from_db()
    assert item.status == Item.Status.PENDING and item.deadline == shanghai(2026, 3, 14)
    assert not moved_events(item)


def test_a_deadline_is_never_moved_to_a_moment_already_passed(cast, recordals):
    item = file_at(shanghai(2026, 3, 12, 10, 0), cast, recordals.lumiere)
    with time_machine.travel(shanghai(2026, 3, 17, 8, 0), tick=False):
        calendar_day_save(actor=cast.admin, day=CalendarDay(date=date(2026, 3, 14), kind="workday"))
    item.refresh_from_db()
    assert item.deadline == shanghai(2026, 3, 18) and not moved_events(item)


def test_decided_items_do_not_move(cast, recordals):
    item = file_at(shanghai(2026, 3, 10, 10, 0), cast, recordals.lumiere)
    with time_machine.travel(shanghai(2026, 3, 11, 9, 0), tick=False):
        services.item_decide(user=cast.holder1_user, item_id=item.pk, decision="not_infringing")
        calendar_day_save(actor=cast.admin, day=CalendarDay(date=date(2026, 3, 12), kind="holiday"))
    item.refresh_from_db()
    assert item.deadline == shanghai(2026, 3, 14) and not moved_events(item)


def test_deleting_a_calendar_day_moves_the_deadline_back(cast, recordals):
    with time_machine.travel(shanghai(2026, 3, 9, 9, 0), tick=False):
        closure = calendar_day_save(actor=cast.admin, day=CalendarDay(date=date(2026, 3, 12), kind="holiday"))
    item = file_at(shanghai(2026, 3, 10, 10, 0), cast, recordals.lumiere)
    assert item.deadline == shanghai(2026, 3, 17)
    with time_machine.travel(shanghai(2026, 3, 11, 9, 0), tick=False):
        calendar_days_delete(actor=cast.admin, days=[closure])
    item.refresh_from_db()
    assert item.deadline == shanghai(2026, 3, 14) and len(moved_events(item)) == 1


def test_items_notified_the_same_day_move_together_with_one_update(cast, recordals, django_assert_num_queries):
    first = file_at(shanghai(2026, 3, 10, 9, 0), cast, recordals.lumiere)
    second = file_at(shanghai(2026, 3, 10, 17, 0), cast, recordals.nordik)
    with time_machine.travel(shanghai(2026, 3, 11, 9, 0), tick=False):
        assert services.deadlines_recompute(days=[date(2026, 3, 12)]) == 0
        CalendarDay.objects.create(date=date(2026, 3, 12), kind="holiday")
        assert services.deadlines_recompute(days=[date(2026, 3, 12)], actor=cast.admin) == 2
    assert set(Item.objects.filter(pk__in=[first.pk, second.pk]).values_list("deadline", flat=True)) == {
        shanghai(2026, 3, 17)
    }


def test_an_administrator_adding_a_holiday_in_the_admin_moves_the_deadline(client, cast, recordals):
    item = file_at(shanghai(2026, 3, 10, 10, 0), cast, recordals.lumiere)
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()
    with time_machine.travel(shanghai(2026, 3, 11, 9, 0), tick=True):
        client.force_login(cast.admin)
        response = client.post(
            reverse("admin:workdays_calendarday_add"), {"date": "2026-03-12", "kind": "holiday", "name": "Closure"}
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.deadline == shanghai(2026, 3, 17) and moved_events(item)


def test_importing_a_calendar_file_moves_the_deadline(cast, recordals, tmp_path):
    item = file_at(shanghai(2026, 3, 10, 10, 0), cast, recordals.lumiere)
    path = tmp_path / "calendar.csv"
    path.write_text("2026-03-11,holiday,Closure\n2026-03-12,holiday,Closure\n", encoding="utf-8")
    with time_machine.travel(shanghai(2026, 3, 10, 18, 0), tick=False):
        call_command("import_calendar", str(path))
    item.refresh_from_db()
    assert item.deadline == shanghai(2026, 3, 18) and len(moved_events(item)) == 1


def test_pages_say_provisional_for_a_deadline_counting_through_an_unpublished_year(client, cast, recordals):
    item = file_at(shanghai(2026, 12, 30, 10, 0), cast, recordals.lumiere)
    pages = [(cast.holder1_user, item.get_absolute_url()), (cast.officer1, item.case.get_absolute_url())]
    with time_machine.travel(shanghai(2026, 12, 30, 11, 0), tick=True):
        for user, url in pages:
            client.force_login(user)
            assert "provisional: the official 2027 calendar is not yet published" in client.get(url).content.decode()
        calendar_year_publish(actor=cast.admin, year=2027)
        for user, url in pages:
            client.force_login(user)
            assert "provisional" not in client.get(url).content.decode()


def test_pages_do_not_say_provisional_for_a_deadline_inside_an_official_year(client, cast, recordals):
    item = file_at(shanghai(2026, 3, 10, 10, 0), cast, recordals.lumiere)
    with time_machine.travel(shanghai(2026, 3, 10, 11, 0), tick=True):
        client.force_login(cast.holder1_user)
        assert "provisional" not in client.get(item.get_absolute_url()).content.decode()


def test_a_moved_deadline_is_told_in_the_holders_language_whatever_the_administrators(cast, recordals):
    from django.utils import translation

    cast.holder1_user.language = "zh-hans"
    cast.holder1_user.save()
    item = file_at(shanghai(2026, 3, 10, 10, 0), cast, recordals.lumiere)
    with translation.override("en"), time_machine.travel(shanghai(2026, 3, 11, 9, 0), tick=False):
        calendar_day_save(actor=cast.admin, day=CalendarDay(date=date(2026, 3, 12), kind="holiday", name="Closure"))

    latest = Notice.objects.filter(recipient=cast.holder1_user).latest("pk")
    assert latest.link == item.get_absolute_url()
    assert "因工作日日历更正" in latest.body and "deadline moved" not in latest.body
    with translation.override("en"):
        assert "deadline moved" in latest.title_now()
