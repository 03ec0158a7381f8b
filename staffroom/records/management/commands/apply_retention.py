from django.core.management.base import BaseCommand

from staffroom.records.tasks import apply_retention


class Command(BaseCommand):
    help = "Queue tonight's retention run: each school's periods per record type (run nightly from cron)."

    def handle(self, *args, **options):
        result = apply_retention.enqueue()
        self.stdout.write(f"Queued the retention run as task {result.id}.")
