from django.core.management.base import BaseCommand

from staffroom.network.tasks import send_session_reminders


class Command(BaseCommand):
    help = "Queue reminder emails for network sessions starting within a day (run daily from cron)."

    def handle(self, *args, **options):
        result = send_session_reminders.enqueue()
        self.stdout.write(f"Queued network session reminders as task {result.id}.")
