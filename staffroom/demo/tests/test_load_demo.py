import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from staffroom.accounts.models import Membership, MembershipRole, NetworkMembership, User
from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.frameworks.models import SchoolFramework
from staffroom.learning import selectors
from staffroom.learning.models import Activity, Evidence, FollowUp
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
    assert "0 new this run" in output


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
