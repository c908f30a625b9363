from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfirmationsConfig(AppConfig):
    name = "confirmations"
    verbose_name = _("Confirmations")

    def ready(self):
        from confirmations.services.recompute import on_calendar_changed
        from portal.workdays.signals import calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="confirmations.deadlines_recompute")
