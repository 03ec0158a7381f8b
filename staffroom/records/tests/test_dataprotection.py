import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from staffroom.accounts.models import Membership, User
from staffroom.accounts.services import deactivate_member
from staffroom.appraisal.models import Appraisal, AppraisalCycle, CheckIn, Objective
from staffroom.core.models import AuditEvent
from staffroom.learning.models import Activity, Evidence, FollowUp
from staffroom.observation.models import CoachingSession, FocusKind, Observation
from staffroom.records import dataprotection
from staffroom.records.dataprotection import LeaverMode, apply_retention, months_before, remove_leaver
from staffroom.records.models import Qualification, RecordType, RetentionAction, RetentionPolicy
from staffroom.testing.factories import make_activity

from .conftest import PDF_BYTES, PNG_BYTES, add_evidence, build_record


@pytest.fixture
def record(teacher, colleague, descriptor):
    return build_record(teacher, colleague, descriptor)


def test_subject_access_holds_everything_about_the_person_with_their_files(teacher, head, colleague, record):
    cycle = AppraisalCycle.objects.create(school=teacher.school, year_start=2025)
    appraisal = Appraisal.objects.create(school=teacher.school, cycle=cycle, appraisee=teacher)
    objective = Objective.objects.create(
        school=teacher.school, appraisal=appraisal, title="Questioning", success_criteria="Confidential aim"
    )
    CheckIn.objects.create(school=teacher.school, objective=objective, author=colleague.user, text="Going well")
    data = dataprotection.subject_access_archive(actor=head.user, school=teacher.school, membership=teacher)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sar = json.loads(archive.read("sar.json"))
        contents = {name: archive.read(name) for name in archive.namelist() if name.startswith("files/")}
    assert sar["person"]["email"] == "teacher@oakfield.example"
    assert sar["membership"]["roles"] == ["teacher"]
    records = sar["records"]
    assert len(records["learning.activity"]) == 2
    assert records["learning.activity"][0]["subjects"] == ["Mathematics"]
    assert len(records["learning.followup"]) == 2
    assert len(records["observation.observation"]) == 2
    assert len(records["observation.coachingpair"]) == 1
    assert len(records["observation.coachingsession"]) == 1
    assert len(records["learning.evidence"]) == 2
    assert records["appraisal.objective"][0]["success_criteria"] == "Confidential aim"
    assert records["appraisal.checkin"][0]["text"] == "Going well"
    assert len(records["records.qualification"]) == 1
    assert sorted(contents.values()) == sorted([PDF_BYTES, PDF_BYTES, PNG_BYTES])
    # The colleague's own records are not in it.
    assert {o["observed"] for o in records["observation.observation"]} == {teacher.pk}
    event = AuditEvent.objects.get(verb="records.subject_access_produced")
    assert event.actor == head.user and event.target_id == str(teacher.pk)


def _leave(head, member):
    return deactivate_member(actor=head.user, membership=member)


def test_anonymising_keeps_the_figures_and_removes_identity_text_and_files(teacher, head, colleague, record):
    _leave(head, teacher)
    old_user_pk = teacher.user.pk

    counts = remove_leaver(actor=head.user, school=teacher.school, membership=teacher, mode=LeaverMode.ANONYMISE)

    assert counts == {"activities": 2, "observations": 2, "appraisals": 0}
    assert not User.objects.filter(pk=old_user_pk).exists()
    membership = Membership.objects.get(pk=teacher.pk)
    assert membership.user.email.endswith("@anonymised.invalid")
    assert membership.user.display_name == "Former member of staff"
    assert not membership.user.has_usable_password() and not membership.user.is_active
    activities = Activity.objects.filter(school=teacher.school, owner=membership.user)
    assert activities.count() == 2
    assert {str(a.hours) for a in activities} == {"3.50"}
    assert not activities.exclude(learned="").exists()
    assert not FollowUp.objects.filter(activity__in=activities).exclude(what_changed="").exists()
    assert FollowUp.objects.filter(activity__in=activities, guskey_level=4).count() == 2
    assert not Evidence.objects.filter(school=teacher.school).exists()
    assert not Qualification.objects.filter(school=teacher.school).exclude(file="").exists()
    observation = Observation.objects.get(observed=teacher, status=Observation.Status.COMPLETED)
    assert observation.conversation_notes == "" and observation.responses == []
    assert not CoachingSession.objects.exclude(notes="").exists()
    assert not Activity.objects.filter(owner_id=old_user_pk).exists()
    event = AuditEvent.objects.get(verb="records.leaver_anonymised")
    assert event.actor == head.user and "Tess" not in json.dumps(event.data)
    assert not AuditEvent.objects.filter(actor_id=old_user_pk).exists()


def test_erasing_deletes_their_own_records_but_keeps_colleagues_records_they_took_part_in(
    teacher, head, colleague, record
):
    # The teacher also observed the colleague: that observation is the colleague's and stays.
    kept = Observation.objects.create(
        school=teacher.school,
        observed=colleague,
        observer=teacher,
        focus_kind=FocusKind.OWN,
        focus_text="Behaviour routines",
        planned_on=datetime.date(2025, 11, 10),
        conversation_notes="Colleague's own notes",
    )
    _leave(head, teacher)

    remove_leaver(actor=head.user, school=teacher.school, membership=teacher, mode=LeaverMode.ERASE)

    assert not Activity.objects.filter(school=teacher.school).exists()
    assert not Qualification.objects.filter(school=teacher.school).exists()
    assert not Observation.objects.filter(observed=teacher).exists()
    assert not CoachingSession.objects.exists()
    kept.refresh_from_db()
    assert kept.conversation_notes == "Colleague's own notes"
    assert kept.observer.user.display_name == "Former member of staff"
    assert AuditEvent.objects.filter(verb="records.leaver_erased", school=teacher.school).count() == 1


def test_someone_still_working_elsewhere_keeps_their_account_there(teacher, head, riverside, record):
    Membership.objects.create(user=teacher.user, school=riverside, staff_group="teachers")
    make_activity(Membership.objects.get(user=teacher.user, school=riverside), title="At Riverside")
    _leave(head, teacher)

    remove_leaver(actor=head.user, school=teacher.school, membership=teacher, mode=LeaverMode.ERASE)

    teacher.user.refresh_from_db()
    assert Activity.objects.filter(owner=teacher.user, school=riverside).count() == 1
    assert not Activity.objects.filter(owner=teacher.user, school=teacher.school).exists()


def test_only_a_leaver_can_be_removed(teacher, head):
    with pytest.raises(ValidationError, match="Deactivate"):
        remove_leaver(actor=head.user, school=teacher.school, membership=teacher, mode=LeaverMode.ANONYMISE)
    assert Membership.objects.get(pk=teacher.pk).user == teacher.user


def test_months_before_handles_short_months():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)
    assert months_before(datetime.date(2024, 5, 31), 3) == datetime.date(2024, 2, 29)


def _policy(school, record_type, months, action=RetentionAction.DELETE):
    return RetentionPolicy.objects.create(school=school, record_type=record_type, months=months, action=action)


def test_retention_deletes_activities_older_than_the_period_with_their_files(teacher, riverside):
    from staffroom.testing.factories import make_member

    old = make_activity(teacher, title="Old", date=datetime.date(2019, 6, 1))
    add_evidence(old)
    boundary = make_activity(teacher, title="On the day", date=datetime.date(2020, 1, 15))
    recent = make_activity(teacher, title="Recent", date=datetime.date(2025, 6, 1))
    # Another school with no policy keeps everything.
    other = make_activity(make_member(riverside), title="Riverside old", date=datetime.date(2010, 1, 1))
    _policy(teacher.school, RecordType.ACTIVITIES, 72)

    result = apply_retention(today=datetime.date(2026, 1, 15))

    assert set(Activity.objects.values_list("title", flat=True)) == {"On the day", "Recent", "Riverside old"}
    assert not Evidence.objects.exists()
    assert result == {f"{teacher.school_id}:activities": 1}
    assert boundary.pk and recent.pk and other.pk
    event = AuditEvent.objects.get(verb="records.retention_applied")
    assert event.data == {"record_type": "activities", "action": "delete", "count": 1}
    assert RetentionPolicy.objects.get().last_applied_at is not None


def test_retention_can_anonymise_instead(teacher):
    old = make_activity(teacher, title="Old", date=datetime.date(2019, 6, 1), learned="Private words")
    _policy(teacher.school, RecordType.ACTIVITIES, 12, RetentionAction.ANONYMISE)

    apply_retention(today=datetime.date(2026, 1, 15))

    old.refresh_from_db()
    assert old.learned == "" and old.hours == 2


def test_retention_of_observations_coaching_appraisals_and_audit(teacher, colleague, head, descriptor):
    build_record(teacher, colleague, descriptor, activities=0)
    for year, title in ((2019, "Old objective"), (2025, "Current objective")):
        cycle = AppraisalCycle.objects.create(school=teacher.school, year_start=year)
        appraisal = Appraisal.objects.create(school=teacher.school, cycle=cycle, appraisee=teacher)
        Objective.objects.create(school=teacher.school, appraisal=appraisal, title=title, success_criteria="x")
    old_event = AuditEvent.objects.create(school=teacher.school, actor=head.user, verb="old.thing", data={"a": 1})
    AuditEvent.objects.filter(pk=old_event.pk).update(created_at=timezone.now() - datetime.timedelta(days=800))
    _policy(teacher.school, RecordType.OBSERVATIONS, 1)
    _policy(teacher.school, RecordType.COACHING, 1, RetentionAction.ANONYMISE)
    _policy(teacher.school, RecordType.APPRAISALS, 60)
    _policy(teacher.school, RecordType.AUDIT, 24, RetentionAction.ANONYMISE)

    apply_retention(today=timezone.localdate())

    assert not Observation.objects.exists()
    session = CoachingSession.objects.get()
    assert session.notes == "" and session.rehearsed
    assert list(Objective.objects.values_list("title", flat=True)) == ["Current objective"]
    old_event.refresh_from_db()
    assert old_event.actor is None and old_event.data == {}


def test_retention_anonymises_leavers_after_the_period(teacher, head, colleague):
    _leave(head, teacher)
    _leave(head, colleague)
    Membership.objects.filter(pk=teacher.pk).update(deactivated_at=timezone.now() - datetime.timedelta(days=400))
    _policy(teacher.school, RecordType.LEAVERS, 12, RetentionAction.ANONYMISE)

    apply_retention(today=timezone.localdate())
    apply_retention(today=timezone.localdate())  # a second night changes nothing more

    assert Membership.objects.get(pk=teacher.pk).user.email.endswith("@anonymised.invalid")
    assert Membership.objects.get(pk=colleague.pk).user == colleague.user
    assert AuditEvent.objects.filter(verb="records.leaver_anonymised").count() == 1


def test_the_management_command_runs_the_retention_task(teacher):
    make_activity(teacher, title="Old", date=datetime.date(2000, 1, 1))
    _policy(teacher.school, RecordType.ACTIVITIES, 12)
    out = io.StringIO()

    call_command("apply_retention", stdout=out)

    assert "Queued the retention run" in out.getvalue()
    assert not Activity.objects.exists()
