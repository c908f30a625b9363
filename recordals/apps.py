from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordalsConfig(AppConfig):
    name = "recordals"
    verbose_name = _("Recordals")
