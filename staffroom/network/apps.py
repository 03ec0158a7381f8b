from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "staffroom.network"
    verbose_name = _("Network CPD offer")
