from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from staffroom.core.audit import record_event

from .models import Department, School


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


class DepartmentError(Exception):
    """A department change that cannot be made; the message is for the user."""


@transaction.atomic
def add_department(*, actor, school: School, name: str) -> Department:
    name = " ".join(name.split())
    if Department.objects.filter(school=school, name__iexact=name).exists():
        raise DepartmentError(_("There is already a department called “%(name)s”.") % {"name": name})
    try:
        with transaction.atomic():
            department = Department.objects.create(school=school, name=name)
    except IntegrityError:
        # Someone else added the same name a moment ago.
        raise DepartmentError(_("There is already a department called “%(name)s”.") % {"name": name}) from None
    record_event(actor=actor, school=school, verb="department.added", target=department, data={"name": name})
    return department


@transaction.atomic
def remove_department(*, actor, department: Department) -> None:
    record_event(
        actor=actor,
        school=department.school,
        verb="department.removed",
        target=department,
        data={"name": department.name},
    )
    department.delete()
