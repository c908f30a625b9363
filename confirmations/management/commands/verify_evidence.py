"""python manage.py verify_evidence [--seal FILE ...]: check every case's evidence; one line per problem."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from confirmations.evidence_check import evidence_check


class Command(BaseCommand):
    help = (
        "Verify every case's keyed event chain against its head and the latest stored seal (and any "
        "downloaded seal given with --seal). Prints one line per broken case and exits non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seal",
            action="append",
            default=[],
            metavar="FILE",
            help="A seal downloaded earlier; a head behind it or an event that differs from it is reported.",
        )

    def handle(self, *args, **options):
        documents = []
        for name in options["seal"]:
            try:
                documents.append((f"in {Path(name).name}", json.loads(Path(name).read_text(encoding="utf-8"))))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read the seal file {name}: {error}") from error
        report = evidence_check(seal_files=documents)
        for problem in report.problems:
            self.stderr.write(problem)
        if report.problems:
            raise CommandError(f"Evidence check failed: {len(report.problems)} problem(s), listed above.")
        against = f"; heads agree with {', '.join(report.seals)}" if report.seals else "; no seal yet"
        self.stdout.write(
            self.style.SUCCESS(f"OK: {report.cases} case chains, {report.events} events verified{against}.")
        )
