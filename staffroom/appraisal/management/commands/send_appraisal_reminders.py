from django.core.management.base import BaseCommand

from staffroom.appraisal.tasks import send_appraisal_reminders


class Command(BaseCommand):
    help = (
        "Queue today's appraisal reminders: people whose stage is due within 14 days and not yet done "
        "(run daily from cron; a db_worker sends them)."
    )

    def handle(self, *args, **options):
        result = send_appraisal_reminders.enqueue()
        self.stdout.write(f"Queued appraisal reminders as task {result.id}.")
