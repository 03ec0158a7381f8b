from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from staffroom.frameworks import services


class Command(BaseCommand):
    help = "Load framework files (YAML). With no paths, loads every framework shipped with Staffroom."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Framework YAML files to load.")

    def handle(self, *args, paths: list[Path], **options):
        lines = []
        try:
            # One transaction for the whole run, so that a bad file leaves none of the others half-loaded.
            with transaction.atomic():
                for path in paths or services.shipped_framework_files():
                    framework = services.load_framework_from_yaml(path_or_stream=path)
                    standards, descriptors = framework.standards.count(), framework.descriptors.count()
                    lines.append(
                        f"Loaded {framework.slug} ({framework.version}): "
                        f"{standards} standards, {descriptors} descriptors"
                    )
        except services.FrameworkFileError as exc:
            raise CommandError(str(exc)) from exc
        # Reported only after the commit, so that no line claims a load that was rolled back.
        for line in lines:
            self.stdout.write(line)
