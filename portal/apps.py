from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from pathlib import Path

        from django.conf import settings
        from django.db.models.signals import post_migrate

        from portal.periodic import periodic_tasks_sync

        post_migrate.connect(periodic_tasks_sync, sender=self, dispatch_uid="portal.periodic_tasks_sync")

        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            for key in ("data_folder_in", "processed_folder", "control_folder"):
                Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key]).mkdir(parents=True, exist_ok=True)
            result = settings.CELERY_RESULT_BACKEND
            if result.startswith("file://"):
                Path(result.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
