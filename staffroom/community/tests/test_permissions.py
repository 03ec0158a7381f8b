"""Every community page for people outside the network, and for someone whose current school is outside it."""

import pytest
from django.urls import reverse

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.community import policies

from .helpers import make_group, make_survey, make_world

pytestmark = pytest.mark.django_db

PAGES = ["hub", "directory", "profile", "groups", "surveys"]


def test_a_school_in_no_network_has_no_community(login):
    w = make_world()
    client = login(w.lone)
    for name in PAGES:
        assert client.get(reverse(f"community:{name}")).status_code == 403, name


def test_nothing_of_a_network_reaches_its_people_at_another_school():
    w = make_world()
    # Adam also works at a school outside the network; while he is there the network is not his.
    elsewhere = Membership.objects.create(user=w.a_teacher.user, school=w.lone.school, staff_group="teachers")
    elsewhere.roles.create(role=SchoolRole.TEACHER)
    group = make_group(w)
    assert policies.can_take_part_in_group(w.a_teacher, group)
    assert not policies.can_take_part_in_group(elsewhere, group)
    assert not policies.in_a_network(elsewhere)
    # The CPD lead's role is for her network, from a school in it.
    assert policies.can_manage_network(w.cpd_lead, w.network.pk)
    assert not policies.can_manage_network(w.x_head, w.network.pk)


def test_other_networks_rows_are_404s(login):
    w = make_world()
    group = make_group(w)
    survey = make_survey(w)
    client = login(w.x_head)
    for name, pk in (
        ("group", group.pk),
        ("survey", survey.pk),
        ("survey_results", survey.pk),
        ("survey_answer", survey.pk),
    ):
        assert client.get(reverse(f"community:{name}", args=[pk])).status_code == 404, name
    assert client.post(reverse("community:survey_send", args=[survey.pk]), {}).status_code == 404
    assert client.post(reverse("community:survey_question_add", args=[survey.pk]), {}).status_code == 404
