from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from pathlib import Path

        from django.conf import settings

        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            for key in ("data_folder_in", "processed_folder", "control_folder"):
                Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key]).mkdir(parents=True, exist_ok=True)
            result = settings.CELERY_RESULT_BACKEND
            if result.startswith("file://"):
                Path(result.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
