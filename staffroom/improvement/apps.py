from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "staffroom.improvement"
    label = "improvement"
    verbose_name = _("Improvement")
