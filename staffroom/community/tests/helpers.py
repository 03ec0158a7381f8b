"""A network of three schools and, beside it, another network that must never see into it."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.community import services
from staffroom.community.models import Cluster, Group, ImpactSurvey, SurveyQuestion
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import Network
from staffroom.testing.factories import NetworkFactory, SchoolFactory, add_network_role, join_network, make_member


@dataclass
class World:
    network: Network
    a: object
    b: object
    c: object
    cpd_lead: Membership  # network CPD lead, at school a
    a_head: Membership
    a_teacher: Membership
    b_head: Membership
    b_teacher: Membership
    c_teacher: Membership
    specialist: Membership  # specialist leader, at school c
    other_network: Network
    x: object
    x_head: Membership  # head at school x, in the other network only
    x_specialist: Membership
    lone: Membership  # at a school in no network


def make_world() -> World:
    network = NetworkFactory(name="Fenland Learning Alliance")
    a, b, c = SchoolFactory(name="Alder Primary"), SchoolFactory(name="Birch Academy"), SchoolFactory(name="Cedar")
    join_network(network, a, b, c)
    cpd_lead = make_member(a, SchoolRole.CPD_COORDINATOR, SchoolRole.TEACHER, first_name="Rachel")
    add_network_role(cpd_lead.user, network, NetworkRole.NETWORK_CPD_LEAD)
    specialist = make_member(c, SchoolRole.MIDDLE_LEADER, first_name="Sam", last_name="Specialist")
    add_network_role(specialist.user, network, NetworkRole.SPECIALIST_LEADER)
    other_network = NetworkFactory(name="Other Trust")
    x = SchoolFactory(name="Xylo School")
    join_network(other_network, x)
    x_head = make_member(x, SchoolRole.HEADTEACHER, first_name="Xena", last_name="Xavier")
    add_network_role(x_head.user, other_network, NetworkRole.NETWORK_CPD_LEAD)
    x_specialist = make_member(x, SchoolRole.TEACHER)
    add_network_role(x_specialist.user, other_network, NetworkRole.SPECIALIST_LEADER)
    return World(
        network=network,
        a=a,
        b=b,
        c=c,
        cpd_lead=cpd_lead,
        a_head=make_member(a, SchoolRole.HEADTEACHER, first_name="Alma", last_name="Ashdown"),
        a_teacher=make_member(a, SchoolRole.TEACHER, first_name="Adam", last_name="Alder"),
        b_head=make_member(b, SchoolRole.HEADTEACHER, first_name="Bella", last_name="Birchall"),
        b_teacher=make_member(b, SchoolRole.TEACHER, first_name="Ben", last_name="Beecham"),
        c_teacher=make_member(c, SchoolRole.TEACHER, first_name="Cara", last_name="Cedarwood"),
        specialist=specialist,
        other_network=other_network,
        x=x,
        x_head=x_head,
        x_specialist=x_specialist,
        lone=make_member(SchoolFactory(name="Lonely School"), SchoolRole.HEADTEACHER),
    )


def make_group(world, *, name="Maths network", roles=(), network=None, by=None) -> Group:
    by = by or world.cpd_lead
    return services.create_group(
        actor=by.user,
        membership=by,
        network_id=(network or world.network).pk,
        name=name,
        kind=Group.Kind.SUBJECT,
        roles=roles,
    )


def make_survey(world, *, roles=(SchoolRole.TEACHER,), send=True) -> ImpactSurvey:
    lead = world.cpd_lead
    survey = services.create_survey(
        actor=lead.user, membership=lead, network_id=world.network.pk, title="Annual survey", year_start=2025
    )
    for text, kind, choices, purpose in (
        ("Network CPD improved my teaching", SurveyQuestion.Kind.LIKERT, "", SurveyQuestion.Purpose.IMPACT),
        ("What do you need next?", SurveyQuestion.Kind.MULTI, "Behaviour\nReading\nMaths", SurveyQuestion.Purpose.NEED),
        ("Anything else?", SurveyQuestion.Kind.TEXT, "", ""),
    ):
        services.add_question(
            actor=lead.user,
            membership=lead,
            survey=survey,
            text=text,
            kind=kind,
            choices=choices,
            purpose=purpose,
            required=kind != SurveyQuestion.Kind.TEXT,
        )
    if send:
        today = school_today(world.a)
        services.send_survey(
            actor=lead.user,
            membership=lead,
            survey=survey,
            roles=list(roles),
            closes_on=today + datetime.timedelta(days=14),
            today=today,
        )
        survey.refresh_from_db()
    return survey


def answers_for(survey, *, likert="4", needs=("Reading",), text="") -> dict:
    q = {question.kind: question for question in survey.questions.all()}
    return {
        f"q{q['likert'].pk}": likert,
        f"q{q['multi'].pk}": list(needs),
        f"q{q['text'].pk}": text,
    }


def respond(survey, membership, **kwargs) -> None:
    services.submit_response(
        actor=membership.user,
        membership=membership,
        survey=survey,
        answers=answers_for(survey, **kwargs),
        today=school_today(membership.school),
    )


def make_cluster(world, *schools, name="North cluster") -> Cluster:
    cluster = Cluster.objects.create(network=world.network, name=name)
    cluster.schools.set(schools or (world.a, world.b))
    return cluster


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    return len(queries)
