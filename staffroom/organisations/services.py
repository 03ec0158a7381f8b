from django.db import transaction

from staffroom.core.audit import record_event

from .models import School


@transaction.atomic
def update_school_settings(*, actor, school: School, changes: dict) -> School:
    school = School.objects.select_for_update().get(pk=school.pk)
    before = {k: str(getattr(school, k)) for k in changes}
    for key, value in changes.items():
        setattr(school, key, value)
    school.full_clean()
    school.save()
    record_event(
        actor=actor,
        school=school,
        verb="school.settings_changed",
        target=school,
        data={"before": before, "after": {k: str(v) for k, v in changes.items()}},
    )
    return school
