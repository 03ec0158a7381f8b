from django.conf import settings
from django_tasks import task

from . import services


@task()
def send_appraisal_reminders() -> int:
    return services.send_stage_reminders(base_url=settings.SITE_URL)
