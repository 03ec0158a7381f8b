"""Two schools side by side: nothing of one school can be seen, changed or downloaded from the other.

School A's records are shared as widely as a record can be ("school"), so that anything of A reaching B could
only be a leak between schools, never a question of who A's teacher chose to share with.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from staffroom.accounts.middleware import SESSION_KEY
from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.learning.models import Activity, Evidence, FollowUp, Visibility
from staffroom.learning.services import ActivityData, record_activity
from staffroom.organisations.calendar import school_today
from staffroom.testing.factories import SchoolFactory, SubjectFactory, make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def record(membership, title, *, visibility=Visibility.SCHOOL, subjects=(), days_ago=3):
    school = membership.school
    return record_activity(
        actor=membership.user,
        school=school,
        data=ActivityData(
            title=title,
            kind="course",
            date=school_today(school) - datetime.timedelta(days=days_ago),
            hours=Decimal("2.5"),
            visibility=visibility,
            subjects=list(subjects),
            learned=f"What {title} taught me",
        ),
        files=[SimpleUploadedFile(f"{title}.pdf", PDF, content_type="application/pdf")],
    )


class World:
    """School A (Alder) and school B (Birch), each with a head, an admin, a line manager and teachers."""

    def __init__(self):
        maths = SubjectFactory(name="Mathematics", slug="mathematics")
        self.a = SchoolFactory(name="Alder Primary")
        self.b = SchoolFactory(name="Birch Academy")
        self.a_head = make_member(self.a, SchoolRole.HEADTEACHER, email="head@alder.example")
        self.a_admin = make_member(
            self.a, SchoolRole.SCHOOL_ADMIN, email="office@alder.example", first_name="Alderic", last_name="Oakhampton"
        )
        self.a_teacher = make_member(self.a, email="amy@alder.example", line_manager=self.a_head)
        self.b_head = make_member(self.b, SchoolRole.HEADTEACHER, email="head@birch.example")
        self.b_admin = make_member(
            self.b, SchoolRole.SCHOOL_ADMIN, email="office@birch.example", first_name="Birgit", last_name="Birchall"
        )
        self.b_manager = make_member(self.b, SchoolRole.MIDDLE_LEADER, email="manager@birch.example")
        self.b_teacher = make_member(self.b, email="ben@birch.example", line_manager=self.b_manager)
        # Someone who works at both: while they are at Birch, Alder's records (even their own) stay at Alder.
        self.both = make_member(self.a, email="supply@both.example")
        self.both_at_b = Membership.objects.create(user=self.both.user, school=self.b, staff_group="teachers")
        self.both_at_b.roles.create(role=SchoolRole.TEACHER)

        self.a_activity = record(self.a_teacher, "ALDER-SECRET questioning", subjects=[maths])
        self.a_head_activity = record(self.a_head, "ALDER-SECRET head's coaching")
        self.both_a_activity = record(self.both, "ALDER-SECRET supply reflections")
        self.b_activity = record(self.b_teacher, "Birch reading group", subjects=[maths])

    def a_evidence(self) -> Evidence:
        return self.a_activity.evidence.get()

    def a_follow_up(self) -> FollowUp:
        return self.a_activity.follow_up


@pytest.fixture
def world(db):
    return World()


def as_member(membership) -> Client:
    client = Client()
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    # For someone at two schools, look from the school of this membership, as the school switcher would.
    session = client.session
    session[SESSION_KEY] = membership.pk
    session.save()
    return client


def birch_people(world):
    return {
        "teacher": world.b_teacher,
        "manager": world.b_manager,
        "head": world.b_head,
        "admin": world.b_admin,
        "both-at-birch": world.both_at_b,
    }


BIRCH_ROLES = ["teacher", "manager", "head", "admin", "both-at-birch"]


def alder_object_urls(world):
    """Every address that names one of Alder's rows, with how to ask for it."""
    activity, own_activity_of_both = world.a_activity, world.both_a_activity
    evidence, follow_up = world.a_evidence(), world.a_follow_up()
    return [
        ("get", reverse("learning:detail", args=[activity.pk]), {}),
        ("get", reverse("learning:detail", args=[own_activity_of_both.pk]), {}),
        ("get", reverse("learning:edit", args=[activity.pk]), {}),
        ("get", reverse("learning:edit", args=[own_activity_of_both.pk]), {}),
        ("post", reverse("learning:edit", args=[own_activity_of_both.pk]), {"title": "changed"}),
        ("get", reverse("learning:delete", args=[activity.pk]), {}),
        ("post", reverse("learning:delete", args=[own_activity_of_both.pk]), {}),
        ("get", reverse("learning:evidence", args=[evidence.pk]), {}),
        ("get", reverse("learning:evidence", args=[own_activity_of_both.evidence.get().pk]), {}),
        ("post", reverse("learning:evidence_remove", args=[evidence.pk]), {}),
        ("post", reverse("learning:evidence_remove", args=[own_activity_of_both.evidence.get().pk]), {}),
        ("get", reverse("learning:follow_up", args=[follow_up.pk]), {}),
        ("post", reverse("learning:follow_up", args=[own_activity_of_both.follow_up.pk]), {"what_changed": "x"}),
        ("post", reverse("learning:follow_up_postpone", args=[follow_up.pk]), {"due_on": "2030-01-01"}),
        (
            "post",
            reverse("learning:follow_up_postpone", args=[own_activity_of_both.follow_up.pk]),
            {"due_on": school_today(world.a).isoformat()},
        ),
        ("get", reverse("accounts:member_detail", args=[world.a_teacher.pk]), {}),
        ("post", reverse("accounts:member_set_active", args=[world.a_teacher.pk]), {"active": "0"}),
    ]


def snapshot(world):
    """What could be changed in Alder by a request from Birch."""
    return {
        "activities": list(Activity.objects.filter(school=world.a).values("id", "title", "updated_at")),
        "evidence": list(Evidence.objects.filter(school=world.a).values_list("id", flat=True)),
        "follow_ups": list(FollowUp.objects.filter(school=world.a).values("id", "due_on", "what_changed")),
        "memberships": list(Membership.objects.filter(school=world.a).values("id", "is_active")),
    }


@pytest.mark.parametrize("who", BIRCH_ROLES)
def test_nothing_of_school_a_can_be_reached_from_school_b(world, who):
    client = as_member(birch_people(world)[who])
    before = snapshot(world)

    for method, url, data in alder_object_urls(world):
        response = getattr(client, method)(url, data)
        assert response.status_code == (403 if url.startswith("/admin/") and who not in ("head", "admin") else 404), (
            method,
            url,
            response.status_code,
        )

    assert snapshot(world) == before


@pytest.mark.parametrize("who", BIRCH_ROLES)
def test_school_bs_pages_and_exports_hold_nothing_of_school_a(world, who, monkeypatch):
    client = as_member(birch_people(world)[who])
    pages = {
        "home": client.get(reverse("home")),
        "my learning": client.get(reverse("learning:list")),
        "my learning, every year": client.get(reverse("learning:list"), {"year": "2000"}),
        "shared with me": client.get(reverse("learning:shared")),
        "CSV export": client.get(reverse("learning:export_csv")),
        "frameworks": client.get(reverse("frameworks:list")),
        "profile": client.get(reverse("accounts:profile")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        assert "ALDER-SECRET" not in text, name
        assert "amy@alder.example" not in text, name

    # Everyone at Birch sees the Birch record that was shared with the school, so the checks above are not
    # passing just because nothing is ever shown.
    shared = pages["shared with me"].content.decode()
    if who != "teacher":
        assert "Birch reading group" in shared


def test_school_bs_pdf_portfolio_holds_nothing_of_school_a(world, monkeypatch):
    import weasyprint

    rendered = []
    real_html = weasyprint.HTML

    def spy(*args, **kwargs):
        rendered.append(kwargs.get("string", ""))
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)

    for membership in (world.b_teacher, world.both_at_b):
        response = as_member(membership).get(reverse("learning:export_pdf"))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")

    assert len(rendered) == 2
    assert "Birch reading group" in rendered[0]
    for html in rendered:
        assert "ALDER-SECRET" not in html
        assert "Alder Primary" not in html


@pytest.mark.parametrize("who", ["head", "admin"])
def test_school_bs_admin_pages_never_list_school_a_staff(world, who):
    client = as_member(birch_people(world)[who])
    for url, params in [
        (reverse("accounts:staff_list"), {}),
        (reverse("accounts:staff_list"), {"show": "all"}),
        (reverse("accounts:staff_list"), {"show": "all", "q": "alder"}),
        (reverse("accounts:invite"), {}),  # the line manager choices
        (reverse("accounts:member_detail", args=[world.b_teacher.pk]), {}),
        (reverse("organisations:departments"), {}),
        (reverse("organisations:school_settings"), {}),
        (reverse("home"), {}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, url
        text = response.content.decode()
        for alder_only in ("amy@alder.example", "head@alder.example", "office@alder.example", "Alder Primary"):
            assert alder_only not in text, (url, alder_only)


def test_school_bs_head_sees_school_figures_that_leave_out_school_a(world):
    home = as_member(world.b_head).get(reverse("home")).content.decode()
    # Alder's staff would show up as people with nothing recorded if Alder's memberships leaked in.
    assert world.a_admin.user.display_name not in home
    assert world.b_admin.user.display_name in home


def test_the_person_at_both_schools_sees_their_alder_record_only_at_alder(world):
    client = as_member(world.both)
    client.post(reverse("accounts:switch_school"), {"membership": str(world.both.pk)})
    assert client.get(reverse("learning:detail", args=[world.both_a_activity.pk])).status_code == 200
    assert "ALDER-SECRET supply reflections" in client.get(reverse("learning:list")).content.decode()

    client.post(reverse("accounts:switch_school"), {"membership": str(world.both_at_b.pk)})

    assert client.get(reverse("learning:detail", args=[world.both_a_activity.pk])).status_code == 404
    assert "ALDER-SECRET" not in client.get(reverse("learning:list")).content.decode()


# ---- who may see one activity inside a school ----------------------------------------------------------------


@pytest.fixture
def team(db):
    school = SchoolFactory(name="Alder Primary")
    head = make_member(school, SchoolRole.HEADTEACHER, email="head@alder.example")
    manager = make_member(school, SchoolRole.MIDDLE_LEADER, email="manager@alder.example", line_manager=head)
    owner = make_member(school, email="owner@alder.example", line_manager=manager)
    colleague = make_member(school, email="colleague@alder.example", line_manager=manager)
    return {"owner": owner, "line manager": manager, "colleague": colleague, "head": head}


VISIBILITY_MATRIX = {
    # visibility: who sees it
    Visibility.PRIVATE: {"owner"},
    Visibility.LINE_MANAGER: {"owner", "line manager"},
    Visibility.SCHOOL: {"owner", "line manager", "colleague", "head"},
}


@pytest.mark.parametrize("visibility", list(VISIBILITY_MATRIX))
@pytest.mark.parametrize("viewer", ["owner", "line manager", "colleague", "head"])
def test_who_sees_an_activity(team, visibility, viewer):
    activity = record(team["owner"], "Owner's coaching notes", visibility=visibility)
    evidence = activity.evidence.get()
    client = as_member(team[viewer])
    may_see = viewer in VISIBILITY_MATRIX[visibility]

    detail = client.get(reverse("learning:detail", args=[activity.pk]))
    download = client.get(reverse("learning:evidence", args=[evidence.pk]))
    shared = client.get(reverse("learning:shared")).content.decode()

    assert detail.status_code == (200 if may_see else 404)
    assert download.status_code == (200 if may_see else 404)
    if viewer != "owner":
        assert ("Owner's coaching notes" in shared or "Owner&#x27;s coaching notes" in shared) == may_see
        # Seeing is not changing: only the owner edits, deletes or answers the follow-up.
        assert client.get(reverse("learning:edit", args=[activity.pk])).status_code == 404
        assert client.post(reverse("learning:delete", args=[activity.pk])).status_code == 404
        assert client.post(reverse("learning:evidence_remove", args=[evidence.pk])).status_code == 404
        assert client.get(reverse("learning:follow_up", args=[activity.follow_up.pk])).status_code == 404
        assert Activity.objects.filter(pk=activity.pk).exists()
        assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_former_line_manager_loses_sight_when_the_line_changes(team):
    activity = record(team["owner"], "Owner's coaching notes", visibility=Visibility.LINE_MANAGER)
    owner = team["owner"]
    owner.line_manager = team["head"]
    owner.save()

    assert as_member(team["line manager"]).get(reverse("learning:detail", args=[activity.pk])).status_code == 404
    assert as_member(team["head"]).get(reverse("learning:detail", args=[activity.pk])).status_code == 200
