import pytest
from django.urls import reverse

from staffroom.evaluation.models import Metric
from staffroom.improvement.models import Action, PriorityRating, Proposal
from staffroom.organisations.models import Subject

from .helpers import make_world


def _propose(client, **extra):
    data = {
        "title": "Reading buddies",
        "problem": "Year 3 readers lack fluency",
        "idea": "Pair them with Year 5 buddies",
        "evidence": "Running records",
        "subject": Subject.objects.get(slug="english").pk,
        "proposer_would_own": "on",
        **extra,
    }
    response = client.post(reverse("improvement:proposal_create"), data)
    assert response.status_code == 302
    return Proposal.objects.get(title=data["title"])


@pytest.mark.django_db
def test_teaching_assistant_proposal_is_accepted_with_them_as_owner_and_a_metric_criterion(login, client):
    world = make_world()
    metric = Metric.objects.create(school=world.school, name="Reading age gain", unit="months")
    proposal = _propose(login(world.owner))

    login(world.other).post(reverse("improvement:proposal_support", args=[proposal.pk]), {"support": "1"})
    login(world.other).post(reverse("improvement:proposal_comment", args=[proposal.pk]), {"text": "Count me in"})

    head = login(world.head)
    form = head.get(reverse("improvement:proposal_accept", args=[proposal.pk]))
    assert form.context["form"].initial["owner"] == world.owner.pk  # the proposer, because they offered
    response = head.post(
        reverse("improvement:proposal_accept", args=[proposal.pk]),
        {
            "sub_plan": world.sub_plan.pk,
            "title": "Reading buddies",
            "owner": world.owner.pk,
            "success_criteria": "Reading age gain of at least 6 months by July",
            "metric": metric.pk,
            "target_comparison": "gte",
            "target_value": "6",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    action = proposal.action
    assert proposal.state == Proposal.State.ACCEPTED
    assert action.owner == world.owner and action.metric == metric and action.target_value == 6

    # The teaching assistant now posts an update and sets the status.
    ta = login(world.owner)
    ta.post(reverse("improvement:action_update", args=[action.pk]), {"text": "First pairs started"})
    ta.post(reverse("improvement:action_status", args=[action.pk]), {"status": "on_track", "version": 1})
    action.refresh_from_db()
    assert action.status == Action.Status.ON_TRACK
    page = ta.get(reverse("home")).content.decode()
    assert "Reading buddies" in page


@pytest.mark.django_db
def test_metric_target_outside_the_metric_range_is_refused(login):
    world = make_world()
    metric = Metric.objects.create(school=world.school, name="Attendance", unit="%", min_value=0, max_value=100)
    proposal = _propose(login(world.owner))
    response = login(world.head).post(
        reverse("improvement:proposal_accept", args=[proposal.pk]),
        {
            "sub_plan": world.sub_plan.pk,
            "title": "X",
            "owner": world.owner.pk,
            "metric": metric.pk,
            "target_comparison": "gte",
            "target_value": "150",
        },
    )
    assert response.status_code == 200 and "between" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.OPEN


@pytest.mark.django_db
def test_declined_proposal_shows_the_reason_to_the_proposer(login):
    world = make_world()
    proposal = _propose(login(world.owner))
    response = login(world.head).post(
        reverse("improvement:proposal_decline", args=[proposal.pk]), {"reason": "We are trialling this in Year 4 first"}
    )
    assert response.status_code == 302
    page = login(world.owner).get(reverse("improvement:proposal", args=[proposal.pk])).content.decode()
    assert "We are trialling this in Year 4 first" in page and "Declined" in page
    # A decided proposal cannot be decided again.
    again = login(world.head).post(reverse("improvement:proposal_accept", args=[proposal.pk]), {})
    assert again.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.DECLINED


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), [("other", 403), ("lead", 403), ("governor", 403), ("outsider", 404)])
def test_only_leaders_decide_proposals(login, who, status):
    world = make_world()
    proposal = _propose(login(world.owner))
    client = login(getattr(world, who))
    assert client.post(reverse("improvement:proposal_decline", args=[proposal.pk]), {"reason": "no"}).status_code in (
        status,
        403,
    )
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.OPEN


@pytest.mark.django_db
def test_governors_read_proposals_but_do_not_comment(login):
    world = make_world()
    proposal = _propose(login(world.owner))
    client = login(world.governor)
    assert client.get(reverse("improvement:proposal", args=[proposal.pk])).status_code == 200
    assert client.post(reverse("improvement:proposal_comment", args=[proposal.pk]), {"text": "Hi"}).status_code == 403


@pytest.mark.django_db
def test_leaders_see_the_spread_of_priority_ratings(login):
    world = make_world()
    field = f"p{world.priority.pk}"
    for who, score in [(world.owner, 5), (world.other, 5), (world.collaborator, 2)]:
        assert login(who).post(reverse("improvement:ratings"), {field: score}).status_code == 302
    login(world.owner).post(reverse("improvement:ratings"), {field: 4})  # changing one's mind replaces the rating
    assert PriorityRating.objects.count() == 3

    page = login(world.head).get(reverse("improvement:ratings"))
    spread = page.context["spread"][0]
    assert {score: n for score, _label, n in spread["scores"]} == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert login(world.other).get(reverse("improvement:ratings")).context["spread"] is None
    assert login(world.governor).post(reverse("improvement:ratings"), {field: 1}).status_code == 403
    assert login(world.owner).post(reverse("improvement:ratings"), {field: "junk"}).status_code == 200
