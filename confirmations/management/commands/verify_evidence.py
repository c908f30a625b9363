"""python manage.py verify_evidence: check every case's event chain; exit non-zero at the first break."""

from django.core.management.base import BaseCommand, CommandError

from confirmations.evidence import chain_verify
from confirmations.models import Case


class Command(BaseCommand):
    help = "Verify the hash chain of every case's events; name the first broken case and event."

    def handle(self, *args, **options):
        checked = 0
        for case_id in Case.objects.order_by("pk").values_list("pk", flat=True).iterator():
            broken = chain_verify(case_id)
            if broken is not None:
                raise CommandError(f"Case {broken.case_id}: event {broken.event_id} {broken.reason}.")
            checked += 1
        self.stdout.write(self.style.SUCCESS(f"{checked} case chains verified."))
