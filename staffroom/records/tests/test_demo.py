import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from staffroom.accounts.models import Membership
from staffroom.learning.models import Activity, Evidence
from staffroom.observation.models import CoachingSession, Observation
from staffroom.organisations.models import School
from staffroom.records import services
from staffroom.records.models import ImportedCoachingStep, ImportedObservation, Qualification, RetentionPolicy
from staffroom.testing.factories import make_member


def test_the_demo_teacher_exports_and_the_record_imports_whole_at_riverside(db):
    for _ in range(2):
        call_command("load_demo", "--staff-per-school", "3", stdout=io.StringIO())
    teacher = Membership.objects.select_related("user", "school").get(user__email="teacher@oakfield.example")
    riverside = School.objects.get(memberships__user__email="head@riverside.example")
    assert Qualification.objects.filter(owner=teacher.user).count() == 2
    assert RetentionPolicy.objects.filter(months__isnull=False).count() == 2 * School.objects.count()

    data, _ = services.export_archive(actor=teacher.user, school=teacher.school, include_appraisal=False)
    newcomer = make_member(riverside, email="d.okafor@riverside.example")
    record_import, created = services.import_archive(
        actor=newcomer.user, school=riverside, upload=SimpleUploadedFile("record.zip", data)
    )

    assert created
    own = Activity.objects.filter(school=teacher.school, owner=teacher.user)
    assert Activity.objects.filter(school=riverside, owner=newcomer.user).count() == own.count() > 0
    assert (
        Evidence.objects.filter(activity__owner=newcomer.user).count()
        == Evidence.objects.filter(activity__in=own).count()
    )
    kept = Observation.objects.filter(
        observed=teacher, status__in=[Observation.Status.WRITTEN, Observation.Status.COMPLETED]
    ).count()
    assert ImportedObservation.objects.filter(owner=newcomer.user).count() == kept
    coached = CoachingSession.objects.filter(pair__coachee=teacher).count()
    assert ImportedCoachingStep.objects.filter(owner=newcomer.user).count() == coached
    assert Qualification.objects.filter(school=riverside, owner=newcomer.user).count() == 2
    assert record_import.counts["learning"] == own.count()
