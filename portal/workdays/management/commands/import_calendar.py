"""Import official holidays and make-up working days from a calendar file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.workdays.importing import CalendarFileError, decode_calendar_file, parse_calendar_file
from portal.workdays.services import calendar_import


class Command(BaseCommand):
    help = (
        "Import a CSV file of 'date,kind,name' lines (kind: holiday or workday) into the working-day "
        "calendar, all or nothing. A 'date,kind,name' header, '#' comments and blank lines are allowed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the calendar file, UTF-8 text.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Also mark each year in the file as published (its official schedule is now complete).",
        )

    def handle(self, *args, file, publish=False, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror or error}")
        try:
            rows = parse_calendar_file(decode_calendar_file(data))
        except CalendarFileError as error:
            raise CommandError(str(error))
        count = calendar_import(actor=None, rows=rows, publish=publish)
        self.stdout.write(self.style.SUCCESS(f"Imported {count} calendar day(s) from {file}."))
        if publish:
            years = ", ".join(str(year) for year in sorted({day.year for day, _kind, _name in rows}))
            self.stdout.write(self.style.SUCCESS(f"Marked as published: {years}."))
