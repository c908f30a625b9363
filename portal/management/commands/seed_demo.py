"""python manage.py seed_demo: idempotent demo data for trying the portal."""

from types import SimpleNamespace

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from portal.demo import logins_table


class Command(BaseCommand):
    help = "Create demo organizations, logins, recordals and cases (safe to run again; refused in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run in production mode (PORTAL_ENV=production).")
        demo = SimpleNamespace()
        with transaction.atomic():
            for path in settings.PORTAL_DEMO_SEEDERS:
                import_string(path)(demo, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(logins_table(demo)))
