import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from staffroom.accounts.models import Membership, MembershipRole, NetworkMembership, User
from staffroom.accounts.roles import NetworkRole, SchoolRole, StaffGroup
from staffroom.appraisal import rules
from staffroom.appraisal.models import (
    AccessLog,
    Appraisal,
    AppraisalCycle,
    CheckIn,
    Objective,
    OutcomeStatement,
    Reviewer,
    ReviewMeeting,
    SelfRating,
    SelfReview,
    Stage,
)
from staffroom.demo.improvement import metrics_csv
from staffroom.evaluation import services as evaluation_services
from staffroom.evaluation.models import DataPoint, EvaluationArea, Metric, MetricTarget, Response
from staffroom.frameworks.models import SchoolFramework
from staffroom.improvement import services as improvement_services
from staffroom.improvement.models import (
    Action,
    ActionUpdate,
    ImprovementPlan,
    Milestone,
    PriorityRating,
    Proposal,
    SubPlan,
)
from staffroom.learning import selectors
from staffroom.learning.models import Activity, Evidence, FollowUp
from staffroom.observation import matching
from staffroom.observation import selectors as observation_selectors
from staffroom.observation.models import (
    ActionStep,
    CoachingPair,
    CoachingSession,
    LearningWalk,
    Observation,
    ObservationTemplate,
    OpenSlot,
    PeerProfile,
    SlotBooking,
)
from staffroom.organisations.calendar import academic_year, school_today
from staffroom.organisations.models import Department, Network, NetworkSchool, School, Subject

PASSWORD = "staffroom-demo"

DEMO_LOGINS = {
    "head@oakfield.example": ("100001", {SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN}),
    "teacher@oakfield.example": ("100001", {SchoolRole.TEACHER}),
    "ta@oakfield.example": ("100001", {SchoolRole.TEACHING_ASSISTANT}),
    "governor@oakfield.example": ("100001", {SchoolRole.GOVERNOR}),
    "head@riverside.example": ("100002", {SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN}),
    "teacher@riverside.example": ("100002", {SchoolRole.TEACHER}),
    "cpdlead@alliance.example": ("100003", {SchoolRole.SENIOR_LEADER, SchoolRole.CPD_COORDINATOR}),
}


def load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Network,
        NetworkSchool,
        School,
        Department,
        Subject,
        User,
        Membership,
        MembershipRole,
        Membership.subjects.through,
        NetworkMembership,
        SchoolFramework,
        Activity,
        Activity.subjects.through,
        Activity.descriptors.through,
        FollowUp,
        Evidence,
        AppraisalCycle,
        Stage,
        OutcomeStatement,
        Appraisal,
        Reviewer,
        Objective,
        Objective.descriptors.through,
        Objective.evidence.through,
        CheckIn,
        SelfReview,
        SelfRating,
        ReviewMeeting,
        AccessLog,
        ObservationTemplate,
        ActionStep,
        Observation,
        LearningWalk,
        CoachingPair,
        CoachingSession,
        OpenSlot,
        SlotBooking,
        PeerProfile,
        EvaluationArea,
        Metric,
        DataPoint,
        MetricTarget,
        Response,
        ImprovementPlan,
        Action,
        ActionUpdate,
        Milestone,
        Proposal,
        PriorityRating,
    ]
    return {model._meta.label: model.objects.count() for model in models}


def membership(email: str) -> Membership:
    return Membership.objects.select_related("school", "user", "line_manager").get(user__email=email)


@pytest.fixture
def demo(db):
    return load_demo()


def test_running_the_demo_twice_creates_nothing_new(demo):
    before = counts()

    output = load_demo()

    assert counts() == before
    assert before["learning.Activity"] > 500
    assert before["learning.Activity"] == before["learning.FollowUp"]
    assert before["appraisal.Appraisal"] > 150
    assert before["appraisal.Objective"] > 250
    assert "0 new this run" in output
    assert "Appraisal: 6 cycles" in output


def test_every_demo_login_signs_in_with_the_demo_password(demo, client):
    for email in DEMO_LOGINS:
        response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})

        assert response.status_code == 302, email
        assert response.url == reverse("home")
        client.logout()


def test_demo_logins_have_their_roles_and_are_printed(demo):
    for email, (urn, roles) in DEMO_LOGINS.items():
        member = membership(email)

        assert member.school.urn == urn
        assert member.is_active
        assert roles <= member.role_set, email
        assert email in demo

    assert membership("teacher@oakfield.example").line_manager.job_title.startswith("Key Stage 2 phase leader")
    assert membership("teacher@riverside.example").department.name == "Mathematics"
    assert NetworkMembership.objects.filter(
        user__email="cpdlead@alliance.example",
        network__name="Fenland Learning Alliance",
        role=NetworkRole.NETWORK_CPD_LEAD,
    ).exists()


@pytest.mark.parametrize("email", ["teacher@oakfield.example", "ta@oakfield.example"])
def test_demo_teacher_and_ta_open_on_due_follow_ups(demo, login, email):
    member = membership(email)
    today = school_today(member.school)
    due = list(selectors.due_follow_ups(user=member.user, school=member.school, today=today))
    this_year = academic_year(today, member.school.academic_year_start_month)

    response = login(member).get(reverse("home"))

    assert 1 <= len(due) <= 2
    for follow_up in due:
        assert follow_up.activity.title in response.content.decode()
    assert Activity.objects.filter(owner=member.user, date__range=(this_year.start, today)).count() >= 3


def test_head_sees_who_has_recorded_nothing_this_term(demo, login):
    head = membership("head@oakfield.example")

    response = login(head).get(reverse("home"))

    quiet = response.context["nothing_recorded"]
    groups = {m.staff_group for m in quiet}
    assert 1 <= len(quiet) <= 6
    assert {"midday", "support"} <= groups


def test_demo_records_match_what_the_services_would_write(demo):
    activities = Activity.objects.prefetch_related("subjects", "descriptors").select_related("follow_up")
    adopted = set(SchoolFramework.objects.values_list("school_id", "framework_id"))

    for activity in activities:
        assert activity.follow_up.owner_id == activity.owner_id
        assert activity.follow_up.school_id == activity.school_id
        assert activity.subject_specific == bool(activity.subjects.all())
        assert activity.date <= school_today(activity.school)
        for descriptor in activity.descriptors.all():
            assert (activity.school_id, descriptor.framework_id) in adopted
    answered = FollowUp.objects.filter(answered_at__isnull=False)
    assert not answered.filter(guskey_level__isnull=True).exists()
    assert not answered.filter(what_changed="").exists()


def test_demo_evidence_can_be_downloaded_by_its_owner(demo, login):
    evidence = Evidence.objects.select_related("activity__owner").filter(content_type="application/pdf").first()
    owner = Membership.objects.get(user=evidence.activity.owner, school=evidence.school)

    response = login(owner).get(reverse("learning:evidence", args=[evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")


def test_a_fresh_demo_is_the_same_every_time(demo):
    def snapshot():
        return list(
            Activity.objects.order_by("owner__email", "date", "title").values_list(
                "owner__email", "title", "date", "hours", "visibility", "follow_up__guskey_level"
            )
        )

    first = snapshot()
    # Plans and proposals hold on to the memberships of their owners and authors, so they go first.
    ImprovementPlan.objects.all().delete()
    Proposal.objects.all().delete()
    User.objects.all().delete()
    School.objects.all().delete()

    load_demo()

    assert snapshot() == first


def test_a_smaller_demo_still_has_every_login(db):
    load_demo("--staff-per-school", "5")

    assert Membership.objects.filter(school__urn="100001").count() < 10
    for email in DEMO_LOGINS:
        assert membership(email).is_active
    # The Riverside teacher's line manager is kept even in a small demo.
    assert membership("teacher@riverside.example").line_manager.job_title == "Head of mathematics"


def test_refuses_to_run_in_production(db, settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        load_demo()

    assert not User.objects.exists()


def current_appraisal(email: str) -> Appraisal:
    member = membership(email)
    year = academic_year(school_today(member.school), member.school.academic_year_start_month)
    return Appraisal.objects.get(appraisee=member, cycle__year_start=year.start.year)


def test_every_member_of_staff_has_an_appraisal_last_year_and_this_year(demo):
    for school in School.objects.all():
        today = school_today(school)
        this_year = academic_year(today, school.academic_year_start_month).start.year
        cycles = AppraisalCycle.objects.filter(school=school)
        staff = Membership.objects.filter(school=school, is_active=True).exclude(staff_group=StaffGroup.GOVERNANCE)

        assert sorted(cycles.values_list("year_start", flat=True)) == [this_year - 1, this_year]
        for cycle in cycles:
            assert set(cycle.appraisals.values_list("appraisee", flat=True)) == set(staff.values_list("pk", flat=True))
            assert sorted(cycle.stages.values_list("kind", flat=True)) == sorted(rules.REVIEW_KINDS)
            # As the app does, every appraisal has a review row for each stage from the start.
            assert ReviewMeeting.objects.filter(appraisal__cycle=cycle).count() == 3 * staff.count()
        assert MembershipRole.objects.filter(membership__school=school, role=SchoolRole.EXTERNAL_ADVISER).exists()
    assert not Appraisal.objects.filter(appraisee__staff_group=StaffGroup.GOVERNANCE).exists()
    with_outcomes = AppraisalCycle.objects.filter(outcome_statements_enabled=True)
    assert set(with_outcomes.values_list("school__urn", flat=True)) == {"100002"}


def test_nobody_reviews_their_own_appraisal(demo):
    assert Reviewer.objects.count() > 150
    assert not Reviewer.objects.filter(membership=F("appraisal__appraisee")).exists()
    assert not Appraisal.objects.exclude(reviewers__isnull=False).exists()


def test_demo_teacher_has_a_planning_review_waiting_to_be_agreed(demo):
    appraisal = current_appraisal("teacher@oakfield.example")
    line_manager = membership("teacher@oakfield.example").line_manager
    planning = appraisal.reviews.get(stage__kind=Stage.Kind.PLANNING)

    assert list(appraisal.reviewers.values_list("membership", "role")) == [(line_manager.pk, Reviewer.Role.APPRAISER)]
    assert line_manager.job_title.startswith("Key Stage 2 phase leader")
    assert appraisal.objectives.count() <= 1
    assert not appraisal.reviews.filter(Q(appraisee_signed_at__isnull=False) | Q(reviewer_signed_at__isnull=False))
    assert planning.reviewer_notes
    assert planning.agreed_record == ""
    # The "who has opened your appraisal" panel shows the appraiser's visits in the last week.
    week_ago = timezone.now() - datetime.timedelta(days=8)
    assert appraisal.access_log.filter(user=line_manager.user, action=AccessLog.Action.VIEWED, at__gte=week_ago)


def test_demo_teaching_assistant_has_one_objective_agreed_with_her_line_manager(demo):
    appraisal = current_appraisal("ta@oakfield.example")

    assert appraisal.reviewers.get().membership == membership("ta@oakfield.example").line_manager
    assert appraisal.objectives.count() == 1


def test_headteacher_is_appraised_by_governors_and_an_adviser(demo):
    for year in Appraisal.objects.filter(appraisee=membership("head@oakfield.example")):
        panel = {(r.membership.user.email, r.role) for r in year.reviewers.select_related("membership__user")}

        assert year.kind == Appraisal.Kind.HEADTEACHER
        assert ("governor@oakfield.example", Reviewer.Role.GOVERNOR) in panel
        assert [role for _email, role in panel].count(Reviewer.Role.GOVERNOR) == 2
        assert ("adviser@oakfield.example", Reviewer.Role.ADVISER) in panel
        assert year.objectives.exclude(measures="").exists()
    # Only a governor on the panel approves the head's reviews.
    approvers = ReviewMeeting.objects.filter(appraisal__kind=Appraisal.Kind.HEADTEACHER, approved_at__isnull=False)
    assert approvers.exists()
    assert not approvers.exclude(approved_by__memberships__roles__role=SchoolRole.GOVERNOR).exists()


def test_demo_appraisals_match_what_the_app_would_write(demo):
    now = timezone.now()
    objectives = Objective.objects.select_related("appraisal__cycle", "appraisal__appraisee").prefetch_related(
        "descriptors", "evidence"
    )
    for objective in objectives:
        framework = rules.framework_id_for(objective.appraisal, objective.appraisal.cycle)
        assert objective.success_criteria
        assert {d.framework_id for d in objective.descriptors.all()} == {framework}
        for activity in objective.evidence.all():
            assert (activity.owner_id, activity.school_id) == (
                objective.appraisal.appraisee.user_id,
                objective.school_id,
            )
        assert objective.created_at <= now
    for self_review in SelfReview.objects.select_related("appraisal__cycle", "appraisal__appraisee"):
        assert self_review.framework_id == rules.framework_id_for(self_review.appraisal, self_review.appraisal.cycle)
    signed = Q(appraisee_signed_at__isnull=False, reviewer_signed_at__isnull=False)
    assert not ReviewMeeting.objects.filter(approved_at__isnull=False).exclude(signed).exists()
    assert not ReviewMeeting.objects.filter(signed, agreed_record="").exists()
    assert not ReviewMeeting.objects.filter(approved_at__gt=now).exists()
    assert not CheckIn.objects.filter(created_at__gt=now).exists()
    assert not AccessLog.objects.filter(at__gt=now).exists()
    carried = Objective.objects.filter(carried_from__isnull=False).select_related("carried_from")
    assert carried.exists()
    for copy in carried:
        assert copy.title == copy.carried_from.title
        assert copy.carried_from.status == Objective.Status.CARRIED_OVER


def test_the_cpd_coordinator_sees_a_spread_of_support_needs(demo):
    school = membership("cpdlead@alliance.example").school
    this_year = current_appraisal("cpdlead@alliance.example").cycle
    needs = Objective.objects.filter(
        appraisal__cycle=this_year, appraisal__kind=Appraisal.Kind.STAFF, status=Objective.Status.ACTIVE
    ).exclude(support_theme="")

    assert this_year.school == school
    assert needs.values("support_theme").distinct().count() >= 5


def test_demo_peer_learning_is_ready_for_the_observation_journey(demo, login):
    teacher = membership("teacher@oakfield.example")
    visitor = membership("teacher@riverside.example")
    head = membership("head@oakfield.example")

    for school in School.objects.all():
        assert ObservationTemplate.objects.filter(school=school).exists()
        assert 8 <= ActionStep.objects.filter(school=school).count() <= 12
        assert LearningWalk.objects.filter(school=school, published_at__isnull=False).exists()
        sessions = CoachingSession.objects.filter(school=school)
        assert {p.sessions.count() for p in CoachingPair.objects.filter(school=school)} <= {3, 4, 5}
        assert sessions.exists()
    completed = Observation.objects.filter(status=Observation.Status.COMPLETED)
    assert completed.filter(share_with_appraiser=True).exists()
    assert completed.filter(share_with_appraiser=False, share_with_line_manager=False).exists()
    # Every completed observation and visit is in both people's learning records.
    assert Activity.objects.filter(kind="observation_received").count() >= completed.count()
    visited = SlotBooking.objects.filter(visited_at__isnull=False).select_related("visitor__user", "slot__host__user")
    assert visited.exists()
    for booking in visited:
        assert Activity.objects.filter(owner=booking.visitor.user, title__contains="Open classroom: visited").exists()
        assert Activity.objects.filter(owner=booking.slot.host.user, title__contains="Open classroom: hosted").exists()

    # The journey: the Oakfield teacher can invite someone (nothing in progress), ...
    assert not Observation.objects.filter(
        Q(observed=teacher) | Q(observer=teacher), status__in=["invited", "written"]
    ).exists()
    # ... the Riverside teacher finds an Oakfield network-wide lesson with places left ...
    open_to_visitor = [
        s
        for s in observation_selectors.slot_catalogue(membership=visitor)
        if s.school_id == teacher.school_id and s.booked < s.capacity and not s.i_booked
    ]
    assert any(s.audience == "network" for s in open_to_visitor)
    # ... and Find a peer proposes her to him, with a reason.
    profile = observation_selectors.full_peer_profile(membership=teacher)
    others = observation_selectors.candidate_profiles(membership=teacher, profile=profile)
    [first, *_rest] = matching.suggest_pairs(
        observation_selectors.peer_facts(profile), [observation_selectors.peer_facts(p) for p in others]
    )
    assert first.peers[0].key == visitor.pk
    assert first.reason.startswith("You both work on")
    page = login(teacher).get(reverse("observation:peers")).content.decode()
    assert visitor.user.display_name in page
    # About 40% of teachers and teaching assistants opted in.
    eligible = Membership.objects.filter(staff_group__in=[StaffGroup.TEACHERS, StaffGroup.TEACHING_ASSISTANTS])
    share = PeerProfile.objects.filter(opted_in=True).count() / eligible.count()
    assert 0.3 <= share <= 0.5
    assert login(head).get(reverse("observation:list")).status_code == 200


def test_demo_improvement_is_ready_for_the_walkthrough(demo, login):
    head = membership("head@oakfield.example")
    ta = membership("ta@oakfield.example")
    year = academic_year(school_today(head.school), head.school.academic_year_start_month).start.year

    # The metrics CSV imported a second time changes nothing.
    before = list(DataPoint.objects.order_by("pk").values_list("pk", "value"))
    result = evaluation_services.import_metrics_csv(actor=head.user, membership=head, content=metrics_csv(year))
    assert (result.created, result.updated, result.errors) == (0, 0, [])
    assert result.unchanged == len(metrics_csv(year).splitlines()) - 1
    assert list(DataPoint.objects.order_by("pk").values_list("pk", "value")) == before

    # The profile shows every dimension, with no single overall grade.
    page = login(head).get(reverse("evaluation:profile")).content.decode()
    for area in EvaluationArea.objects.filter(school=head.school):
        assert area.name in page

    # The teaching assistant has not proposed reading buddies yet, and the head can take it into the English plan
    # with her as owner and the disadvantaged attendance target as its success criterion.
    assert not Proposal.objects.filter(title__icontains="reading buddies").exists()
    english = SubPlan.objects.get(school=head.school, subject__slug="english", priority__plan__year_start=year)
    attendance = Metric.objects.get(school=head.school, name="Attendance")
    assert attendance.targets.filter(cohort__name="Disadvantaged", value=95).exists()
    proposal = improvement_services.propose(
        actor=ta.user,
        school=head.school,
        data=improvement_services.ProposalData(title="Reading buddies", problem="p", idea="i"),
    )
    action = improvement_services.accept_proposal(
        actor=head.user,
        proposal=proposal,
        sub_plan=english,
        data=improvement_services.ActionData(
            title="Reading buddies", owner=ta, metric=attendance, target_comparison="gte", target_value=95
        ),
    )
    improvement_services.change_status(actor=ta.user, action=action, status="on_track", version=action.version)
    assert Action.objects.get(pk=action.pk).status == "on_track"


def test_demo_logins_work_without_an_authenticator_app(demo, client, settings):
    settings.STAFFROOM_ENFORCE_MFA = True
    assert all(school.mfa_required_roles == [] for school in School.objects.all())
    client.post(reverse("account_login"), {"login": "head@oakfield.example", "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200
