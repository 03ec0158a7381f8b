from django.apps import AppConfig


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "staffroom.records"
    verbose_name = "Professional records and data protection"
