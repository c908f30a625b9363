"""python manage.py seal_evidence: seal today's chain heads (once a day; a second run shows the first)."""

from django.core.management.base import BaseCommand

from confirmations.evidence import evidence_seal


class Command(BaseCommand):
    help = "Seal every case's chain head for today (Asia/Shanghai); administrators download it from the portal."

    def handle(self, *args, **options):
        seal, created = evidence_seal()
        verb = "Sealed" if created else "Already sealed"
        self.stdout.write(f"{verb} {seal.day}: {seal.count} chain heads, MAC {seal.mac}.")
