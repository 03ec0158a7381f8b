"""Who gets what from every observation URL: observed, observer, coach, appraiser (shared with or not), head,
other staff at the school and staff of another school in the same network."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.observation import services
from staffroom.observation.models import Audience
from staffroom.organisations.calendar import school_today
from staffroom.testing.factories import make_member

from .conftest import future_slot, written
from .test_observation import MP4

ROLES = ["observed", "observer", "coach", "appraiser", "head", "other_staff", "other_school"]
EVERYONE = set(ROLES)
OAKFIELD = EVERYONE - {"other_school"}
LEADERS = {"head", "appraiser"}  # the appraiser is a senior leader


@pytest.fixture
def world(school, network, head, teacher, colleague, appraisal, appraiser, bystander, outsider):
    coach = make_member(school, SchoolRole.TEACHER, email="coach@oakfield.example")
    private = written(teacher, colleague)
    shared = written(teacher, colleague, notes="Shared notes")
    services.set_sharing(actor=teacher.user, observation=shared, with_appraiser=True, with_line_manager=False)
    [private_file] = services.add_files(
        actor=teacher.user, observation=private, files=[SimpleUploadedFile("a.mp4", MP4)], shared=False
    )
    [shared_file] = services.add_files(
        actor=teacher.user, observation=shared, files=[SimpleUploadedFile("b.mp4", MP4)], shared=True
    )
    template = services.save_template(actor=head.user, school=school, name="T", introduction="", prompts=[])
    step = services.save_action_step(actor=head.user, school=school, title="Step", success="s", practice="p")
    pair = services.pair_coach(actor=head.user, school=school, coach=coach, coachee=teacher)
    services.record_coaching_session(
        actor=coach.user, pair=pair, data=services.SessionData(visited_on=school_today(school), action_step=step)
    )
    walk = services.save_walk(
        actor=head.user,
        leader=head,
        data=services.WalkData(
            walked_on=school_today(school), focus="Draft walk", strengths="s", development="d", summary="x"
        ),
    )
    school_slot = future_slot(teacher, audience=Audience.SCHOOL)
    network_slot = future_slot(teacher, hour=14, audience=Audience.NETWORK)
    booking = services.book_slot(actor=colleague.user, visitor=colleague, slot=school_slot)
    return {
        "people": {
            "observed": teacher,
            "observer": colleague,
            "coach": coach,
            "appraiser": appraiser,
            "head": head,
            "other_staff": bystander,
            "other_school": outsider,
        },
        "private": private.pk,
        "shared": shared.pk,
        "private_file": private_file.pk,
        "shared_file": shared_file.pk,
        "template": template.pk,
        "pair": pair.pk,
        "walk": walk.pk,
        "school_slot": school_slot.pk,
        "network_slot": network_slot.pk,
        "booking": booking.pk,
    }


# (url name, object key or None, roles that get the page; everyone else gets `refused`)
GETS = [
    ("observation:list", None, EVERYONE, None),
    ("observation:invite", None, EVERYONE, None),
    ("observation:detail", "private", {"observed", "observer"}, 404),
    ("observation:detail", "shared", {"observed", "observer", "appraiser"}, 404),
    ("observation:write", "private", {"observer"}, 404),
    ("observation:conversation", "private", {"observed", "observer"}, 404),
    ("observation:file_upload", "private", {"observed"}, 404),
    ("observation:file", "private_file", {"observed"}, 404),
    ("observation:file", "shared_file", {"observed", "observer", "appraiser"}, 404),
    ("observation:templates", None, LEADERS, 403),
    ("observation:template_create", None, LEADERS, 403),
    ("observation:template_edit", "template", LEADERS, 403),
    ("observation:walks", None, EVERYONE, None),
    ("observation:walk_detail", "walk", LEADERS, 404),
    ("observation:walk_create", None, LEADERS, 403),
    ("observation:walk_edit", "walk", LEADERS, 403),
    ("observation:coaching", None, EVERYONE, None),
    ("observation:pair_create", None, LEADERS, 403),
    ("observation:pair_detail", "pair", {"coach", "observed"}, 404),
    ("observation:session_create", "pair", {"coach"}, 404),
    ("observation:steps", None, EVERYONE, None),
    ("observation:step_create", None, LEADERS | {"coach"}, 403),
    ("observation:slots", None, EVERYONE, None),
    ("observation:slot_create", None, EVERYONE, None),
    ("observation:slot_detail", "school_slot", OAKFIELD, 404),
    ("observation:slot_detail", "network_slot", EVERYONE, None),
    ("observation:booking_visited", "booking", {"observer"}, 404),
    ("observation:peers", None, EVERYONE, None),
    ("observation:peer_profile", None, EVERYONE, None),
]

POSTS = [
    ("observation:sharing", "private", {"observed"}, 404),
    ("observation:withdraw", "private", {"observed"}, 404),
    ("observation:decline", "private", {"observer"}, 404),
    ("observation:file_remove", "private_file", {"observed"}, 404),
    ("observation:pair_end", "pair", {"coach", "observed"}, 404),
    ("observation:slot_book", "school_slot", OAKFIELD, 404),
    ("observation:slot_cancel", "school_slot", {"observed"}, 404),
    ("observation:booking_cancel", "booking", {"observer"}, 404),
]


def _cases(table):
    return [
        pytest.param(name, key, role, 200 if role in allowed else refused, id=f"{name}[{key or ''}]-{role}")
        for name, key, allowed, refused in table
        for role in ROLES
    ]


def _url(world, name, key):
    return reverse(name, args=[world[key]]) if key else reverse(name)


@pytest.mark.parametrize(("name", "key", "role", "expected"), _cases(GETS))
def test_get(login, world, name, key, role, expected):
    response = login(world["people"][role]).get(_url(world, name, key))
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "key", "role", "expected"), _cases(POSTS))
def test_post(login, world, name, key, role, expected):
    response = login(world["people"][role]).post(_url(world, name, key))
    # A permitted post redirects back with a message; a refused one is a 404 that reveals nothing.
    assert response.status_code == (302 if expected == 200 else expected)
