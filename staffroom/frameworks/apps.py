from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "staffroom.frameworks"
    label = "frameworks"
    verbose_name = _("Frameworks")
