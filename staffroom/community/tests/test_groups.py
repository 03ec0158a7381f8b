import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.community import services
from staffroom.community.models import Group, Reply, Thread
from staffroom.testing.factories import make_member

from .helpers import count_queries, make_group, make_world

pytestmark = pytest.mark.django_db


def test_the_network_lead_starts_groups(login):
    w = make_world()
    client = login(w.cpd_lead)
    response = client.post(
        reverse("community:group_create"),
        {"network": w.network.pk, "name": "Heads' forum", "kind": "forum", "roles": ["headteacher"]},
    )
    group = Group.objects.get(name="Heads' forum")
    assert response.status_code == 302 and group.roles == ["headteacher"]
    response = client.post(
        reverse("community:group_create"), {"network": w.network.pk, "name": "heads' FORUM", "kind": "forum"}
    )
    assert response.status_code == 200 and "already has a group" in response.content.decode()
    assert login(w.a_head).get(reverse("community:group_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        make_group(w, network=w.network, by=w.x_head)


def test_a_role_restricted_group_is_for_that_role(login):
    w = make_world()
    forum = make_group(w, name="Heads' forum", roles=[SchoolRole.HEADTEACHER])
    url = reverse("community:group", args=[forum.pk])
    assert login(w.b_head).get(url).status_code == 200
    assert login(w.b_teacher).get(url).status_code == 403
    assert login(w.x_head).get(url).status_code == 404  # a head, but in another network
    with pytest.raises(PermissionDenied):
        services.start_thread(actor=w.b_teacher.user, membership=w.b_teacher, group=forum, title="t", body="b")
    page = login(w.b_teacher).get(reverse("community:groups")).content.decode()
    assert "Heads&#x27; forum" in page and "not your role" in page


def test_threads_and_replies_across_schools(login):
    w = make_world()
    group = make_group(w)
    client = login(w.b_teacher)
    url = reverse("community:group", args=[group.pk])
    response = client.post(url, {"title": "Fractions in Year 5", "body": ""})
    assert response.status_code == 200 and "Fractions in Year 5" in response.content.decode()
    assert not Thread.objects.exists()
    response = client.post(url, {"title": "Fractions in Year 5", "body": "Bar models: who uses them?"})
    thread = Thread.objects.get()
    assert response.status_code == 302
    reply_url = reverse("community:thread", args=[thread.pk])
    response = login(w.c_teacher).post(reply_url, {"body": "We do, from Year 3."})
    assert response.status_code == 302 and Reply.objects.get().author == w.c_teacher
    page = login(w.a_teacher).get(reply_url).content.decode()
    assert "Bar models" in page and "We do, from Year 3." in page and "Cedar" in page
    assert login(w.x_head).get(reply_url).status_code == 404
    assert login(w.x_head).post(reply_url, {"body": "Sneaky"}).status_code == 404
    with pytest.raises(ValidationError):
        services.reply_to_thread(actor=w.a_teacher.user, membership=w.a_teacher, thread=thread, body="  ")


def test_groups_of_another_network_are_not_listed(login):
    w = make_world()
    make_group(w, name="FENLAND-ONLY")
    make_group(w, name="OTHER-ONLY", network=w.other_network, by=w.x_head)
    assert "OTHER-ONLY" not in login(w.a_teacher).get(reverse("community:groups")).content.decode()
    assert "FENLAND-ONLY" not in login(w.x_head).get(reverse("community:groups")).content.decode()


def test_group_and_thread_pages_query_counts_are_flat(login):
    w = make_world()
    group = make_group(w)
    thread = services.start_thread(actor=w.a_teacher.user, membership=w.a_teacher, group=group, title="T", body="B")

    def grow(n):
        for i in range(n):
            m = make_member([w.a, w.b, w.c][i % 3], SchoolRole.TEACHER)
            t = services.start_thread(actor=m.user, membership=m, group=group, title=f"T{i}", body="B")
            services.reply_to_thread(actor=m.user, membership=m, thread=t, body="R")
            services.reply_to_thread(actor=m.user, membership=m, thread=thread, body="R")
            make_group(w, name=f"Group {i}-{Group.objects.count()}")

    client = login(w.a_teacher)
    urls = [
        reverse("community:groups"),
        reverse("community:group", args=[group.pk]),
        reverse("community:thread", args=[thread.pk]),
    ]
    grow(3)
    few = [count_queries(client, url) for url in urls]
    grow(6)
    assert [count_queries(client, url) for url in urls] == few
