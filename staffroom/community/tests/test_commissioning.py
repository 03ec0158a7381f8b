import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.community import services
from staffroom.community.models import Cluster, TrainingNeed, TrainingProposal
from staffroom.network import selectors as network_selectors
from staffroom.network.models import NetworkSession
from staffroom.organisations.calendar import school_today
from staffroom.testing.factories import add_network_role, make_member

from .helpers import count_queries, make_cluster, make_world

pytestmark = pytest.mark.django_db


def post_need(w, cluster, by=None, **fields):
    by = by or w.a_head
    today = school_today(by.school)
    return services.post_need(
        actor=by.user,
        membership=by,
        cluster=cluster,
        title=fields.get("title", "Adaptive teaching for SEND"),
        description="Three twilight sessions for teachers and TAs.",
        budget=Decimal(fields.get("budget", "1500")),
        respond_by=today + datetime.timedelta(days=10),
        today=today,
    )


def propose(w, need, by=None, fee="1200"):
    by = by or w.specialist
    return services.propose(
        actor=by.user,
        membership=by,
        need=need,
        summary="Three sessions with lesson study in between.",
        sessions=3,
        fee=Decimal(fee),
        today=school_today(by.school),
    )


def test_a_cluster_posts_a_need_and_commissions_a_specialist(login, django_capture_on_commit_callbacks):
    w = make_world()
    cluster = make_cluster(w)
    client = login(w.a_head)
    today = school_today(w.a)
    response = client.post(
        reverse("community:need_create"),
        {
            "cluster": cluster.pk,
            "title": "Adaptive teaching",
            "description": "Help",
            "budget": "-5",
            "respond_by": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200 and "Adaptive teaching" in response.content.decode()
    assert not TrainingNeed.objects.exists()
    response = client.post(
        reverse("community:need_create"),
        {
            "cluster": cluster.pk,
            "title": "Adaptive teaching",
            "description": "Help",
            "budget": "1500",
            "respond_by": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200 and "cannot be in the past" in response.content.decode()
    need = post_need(w, cluster)
    url = reverse("community:need", args=[need.pk])

    specialist = login(w.specialist)
    assert specialist.get(url).status_code == 200
    response = specialist.post(
        reverse("community:need_propose", args=[need.pk]), {"summary": "Plan", "sessions": 2, "fee": "9999"}
    )
    assert response.status_code == 400 and "more than the budget" in response.content.decode()
    response = specialist.post(
        reverse("community:need_propose", args=[need.pk]), {"summary": "Plan", "sessions": 2, "fee": "1000"}
    )
    assert response.status_code == 302
    proposal = TrainingProposal.objects.get()
    with pytest.raises(ValidationError):
        propose(w, need)  # one proposal each

    # Cedar is not in the cluster: neither its teacher nor its head reaches the need.
    assert login(w.c_teacher).get(url).status_code == 403
    c_head = make_member(w.c, SchoolRole.HEADTEACHER)
    assert login(c_head).get(url).status_code == 403  # leads no cluster at all
    client = login(w.b_head)
    commission_url = reverse("community:need_commission", args=[need.pk])
    form = commission_data(w, proposal)
    response = client.post(commission_url, {**form, "date": (today - datetime.timedelta(days=2)).isoformat()})
    assert response.status_code == 400 and "in the past" in response.content.decode()
    assert "Room 4" in response.content.decode()  # what was typed is kept
    response = client.post(commission_url, {**form, "host_school": w.c.pk})  # Cedar is not in the cluster
    assert response.status_code == 400
    need.refresh_from_db()
    assert need.status == TrainingNeed.Status.OPEN and not NetworkSession.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(commission_url, form)
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == TrainingNeed.Status.COMMISSIONED and need.commissioned == proposal
    assert mail.outbox[-1].to == [w.specialist.user.email]
    session = need.session
    assert session.status == NetworkSession.Status.PUBLISHED and session.leader == w.specialist
    assert set(session.open_to_schools.all()) == {w.a, w.b} and session.cost == 0
    # In the offer for the cluster's schools only.
    assert session in network_selectors.visible_sessions(membership=w.b_teacher)
    assert session not in network_selectors.visible_sessions(membership=w.c_teacher)
    assert session not in network_selectors.visible_sessions(membership=w.x_head)
    assert reverse("network:session", args=[session.pk]) in client.get(url).content.decode()
    # Commissioning twice is refused.
    with pytest.raises(ValidationError):
        services.commission(actor=w.a_head.user, membership=w.a_head, need=need, proposal_id=proposal.pk, plan=plan(w))
    assert NetworkSession.objects.count() == 1


def commission_data(w, proposal) -> dict:
    day = school_today(w.a) + datetime.timedelta(days=30)
    return {
        "proposal": proposal.pk,
        "host_school": w.a.pk,
        "format": "in_person",
        "location": "Room 4",
        "date": day.isoformat(),
        "start_time": "15:45",
        "end_time": "17:15",
        "capacity": "24",
    }


def plan(w) -> services.SessionPlan:
    day = school_today(w.a) + datetime.timedelta(days=30)
    tz = w.a.tz
    return services.SessionPlan(
        host_school=w.a,
        starts_at=datetime.datetime.combine(day, datetime.time(15, 45), tzinfo=tz),
        ends_at=datetime.datetime.combine(day, datetime.time(17, 15), tzinfo=tz),
        capacity=24,
    )


def test_specialists_see_only_their_own_proposal(login):
    w = make_world()
    cluster = make_cluster(w)
    need = post_need(w, cluster)
    second = make_member(w.b, SchoolRole.TEACHER, first_name="Second", last_name="Specialist")
    add_network_role(second.user, w.network, NetworkRole.SPECIALIST_LEADER)
    propose(w, need)
    propose(w, need, by=second, fee="900")
    page = login(second).get(reverse("community:need", args=[need.pk])).content.decode()
    assert "£900" in page and "£1200" not in page
    page = login(w.a_head).get(reverse("community:need", args=[need.pk])).content.decode()
    assert "£900" in page and "£1200" in page


def test_nothing_crosses_to_another_network(login):
    w = make_world()
    need = post_need(w, make_cluster(w))
    assert login(w.x_specialist).get(reverse("community:need", args=[need.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        propose(w, need, by=w.x_specialist)
    with pytest.raises(PermissionDenied):
        services.commission(actor=w.x_head.user, membership=w.x_head, need=need, proposal_id=1, plan=plan(w))
    assert login(w.a_teacher).get(reverse("community:needs")).status_code == 403
    assert login(w.specialist).get(reverse("community:need_create")).status_code == 403


def test_bad_commission_input(login):
    w = make_world()
    need = post_need(w, make_cluster(w))
    proposal = propose(w, need)
    client = login(w.a_head)
    good = commission_data(w, proposal)
    for bad in (
        {},
        {"proposal": "abc"},
        {"proposal": "999999"},
        {"proposal": "\x00"},
        {"capacity": "0"},
        {"end_time": "15:00"},
        {"location": "Hall\x00"},
        {"host_school": w.x.pk},
    ):
        response = client.post(reverse("community:need_commission", args=[need.pk]), {**good, **bad} if bad else {})
        assert response.status_code == 400, bad
    assert login(w.specialist).post(reverse("community:need_commission", args=[need.pk]), good).status_code == 403
    need.refresh_from_db()
    assert need.status == TrainingNeed.Status.OPEN and not NetworkSession.objects.exists()


def test_needs_pages_query_counts_are_flat(login):
    w = make_world()
    cluster = make_cluster(w)

    def grow(n):
        for i in range(n):
            need = post_need(w, cluster, title=f"Need {i}")
            propose(w, need)
            specialist = make_member(w.c, SchoolRole.TEACHER)
            add_network_role(specialist.user, w.network, NetworkRole.SPECIALIST_LEADER)
            propose(w, first, by=specialist)

    first = post_need(w, cluster)
    client = login(w.a_head)
    urls = [reverse("community:needs"), reverse("community:need", args=[first.pk])]
    grow(2)
    few = [count_queries(client, url) for url in urls]
    grow(4)
    assert [count_queries(client, url) for url in urls] == few


def test_the_network_lead_groups_schools_into_a_cluster(login):
    w = make_world()
    client = login(w.cpd_lead)
    url = reverse("community:cluster_create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"network": w.network.pk, "name": "South", "schools": [w.a.pk]})
    assert response.status_code == 200 and "at least two" in response.content.decode()
    response = client.post(url, {"network": w.network.pk, "name": "South", "schools": [w.a.pk, w.x.pk]})
    assert response.status_code == 200 and not Cluster.objects.exists()
    response = client.post(url, {"network": w.network.pk, "name": "South", "schools": [w.b.pk, w.c.pk]})
    assert response.status_code == 302
    cluster = Cluster.objects.get()
    assert set(cluster.schools.all()) == {w.b, w.c}
    # Now Birch's head may post needs for it; Alder's may not.
    assert login(w.b_head).get(reverse("community:need_create")).status_code == 200
    assert login(w.a_head).get(reverse("community:need_create")).status_code == 403
    assert login(w.a_head).get(url).status_code == 403
    assert (
        login(w.x_head).post(url, {"network": w.network.pk, "name": "X", "schools": [w.b.pk, w.c.pk]}).status_code
        == 200
    )
    assert Cluster.objects.count() == 1
