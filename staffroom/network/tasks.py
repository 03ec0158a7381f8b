from django.conf import settings
from django_tasks import task

from . import services


@task()
def send_session_reminders() -> int:
    return services.send_session_reminders(base_url=settings.SITE_URL)
