from django_tasks import task

from . import dataprotection


@task()
def apply_retention() -> dict[str, int]:
    return dataprotection.apply_retention()
