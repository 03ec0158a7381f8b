import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from staffroom.learning.models import Activity, ActivityKind
from staffroom.observation import services
from staffroom.observation.models import CoachingPair, LearningWalk
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import Subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(school, head):
    return services.save_action_step(
        actor=head.user,
        school=school,
        title="Cold call after think time",
        success="Every pupil is ready to answer.",
        practice="Rehearse the pause and the name, three times.",
        subject=Subject.objects.get(slug="mathematics"),
        phase="primary",
    )


@pytest.fixture
def pair(school, head, colleague, teacher):
    return services.pair_coach(actor=head.user, school=school, coach=colleague, coachee=teacher)


def visit(pair, step, days_ago=0, **kwargs):
    return services.record_coaching_session(
        actor=pair.coach.user,
        pair=pair,
        data=services.SessionData(
            visited_on=school_today(pair.school) - datetime.timedelta(days=days_ago), action_step=step, **kwargs
        ),
    )


def test_a_coaching_visit_sets_a_step_and_reaches_both_learning_records(login, pair, step, teacher, colleague):
    response = login(colleague).post(
        reverse("observation:session_create", args=[pair.pk]),
        {
            "visited_on": school_today(pair.school).isoformat(),
            "action_step": step.pk,
            "rehearsed": "on",
            "praise": "Calm start.",
        },
    )
    assert response.status_code == 302
    coachee_entry = Activity.objects.get(owner=teacher.user)
    assert coachee_entry.kind == ActivityKind.COACHING and coachee_entry.will_try == step.title
    assert Activity.objects.get(owner=colleague.user).kind == ActivityKind.COACHING


def test_the_coachee_sees_their_steps_in_order_and_the_head_does_not(login, pair, step, school, head, teacher):
    second = services.save_action_step(
        actor=head.user, school=school, title="Narrate the positive", success="s", practice="p"
    )
    visit(pair, step, days_ago=14, rehearsed=True)
    visit(pair, second, days_ago=7, previous_progress="secure")

    page = login(teacher).get(reverse("observation:pair_detail", args=[pair.pk])).content.decode()
    assert page.index("Cold call after think time") < page.index("Narrate the positive")

    head_client = login(head)
    assert head_client.get(reverse("observation:pair_detail", args=[pair.pk])).status_code == 404
    overview = head_client.get(reverse("observation:coaching")).content.decode()
    assert "Tess" in overview and "Cold call" not in overview


def test_only_the_coach_records_visits(login, pair, step, teacher):
    assert login(teacher).get(reverse("observation:session_create", args=[pair.pk])).status_code == 404
    with pytest.raises(PermissionError):
        services.record_coaching_session(
            actor=teacher.user,
            pair=pair,
            data=services.SessionData(visited_on=school_today(pair.school), action_step=step),
        )


def test_coaching_yourself_or_a_future_visit_is_refused(school, head, teacher, pair, step):
    with pytest.raises(ValidationError):
        services.pair_coach(actor=head.user, school=school, coach=teacher, coachee=teacher)
    with pytest.raises(ValidationError):
        visit(pair, step, days_ago=-3)
    assert CoachingPair.objects.count() == 1 and Activity.objects.count() == 0


def test_the_library_filters_by_subject_and_phase(login, step, teacher, school, head):
    services.save_action_step(
        actor=head.user,
        school=school,
        title="Choral response",
        success="s",
        practice="p",
        subject=Subject.objects.get(slug="english"),
    )
    client = login(teacher)
    maths = Subject.objects.get(slug="mathematics")
    page = client.get(reverse("observation:steps"), {"subject": maths.pk, "phase": "primary"}).content.decode()
    assert "Cold call" in page and "Choral response" not in page


def test_a_learning_walk_is_published_as_themes_and_drafts_stay_with_leaders(login, head, teacher):
    response = login(head).post(
        reverse("observation:walk_create"),
        {
            "walked_on": school_today(head.school).isoformat(),
            "focus": "Retrieval practice",
            "strengths": "Starters everywhere",
            "development": "Spacing",
            "summary": "Keep going",
        },
    )
    walk = LearningWalk.objects.get()
    assert response.status_code == 302 and walk.published_at is None
    client = login(teacher)
    assert client.get(reverse("observation:walk_detail", args=[walk.pk])).status_code == 404
    assert client.get(reverse("observation:walk_create")).status_code == 403

    services.save_walk(
        actor=head.user,
        leader=head,
        walk=walk,
        data=services.WalkData(
            walked_on=walk.walked_on,
            focus=walk.focus,
            strengths="a",
            development="b",
            summary="Keep going",
            publish=True,
        ),
    )
    assert "Keep going" in client.get(reverse("observation:walk_detail", args=[walk.pk])).content.decode()
