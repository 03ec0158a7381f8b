import datetime

import pytest
from django.utils import timezone

from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.network import services
from staffroom.network.models import NetworkSession
from staffroom.testing.factories import NetworkFactory, SchoolFactory, add_network_role, join_network, make_member


@pytest.fixture
def oakfield(db):
    return SchoolFactory(name="Oakfield Primary")


@pytest.fixture
def riverside(db):
    return SchoolFactory(name="Riverside Academy", phase="secondary")


@pytest.fixture
def fenbridge(db):
    return SchoolFactory(name="Fenbridge Primary")


@pytest.fixture
def outside(db):
    """A school in no network with ours."""
    return SchoolFactory(name="Elsewhere School")


@pytest.fixture
def network(oakfield, riverside, fenbridge):
    network = NetworkFactory(name="Fenland Learning Alliance")
    join_network(network, oakfield, riverside, fenbridge)
    return network


@pytest.fixture
def ta(oakfield, network):
    return make_member(oakfield, SchoolRole.TEACHING_ASSISTANT, email="ta@oakfield.example", first_name="Joanne")


@pytest.fixture
def cpd_lead(fenbridge, network):
    lead = make_member(fenbridge, SchoolRole.CPD_COORDINATOR, SchoolRole.SENIOR_LEADER, email="cpd@fen.example")
    add_network_role(lead.user, network, NetworkRole.NETWORK_CPD_LEAD)
    return lead


@pytest.fixture
def manager(riverside, network):
    return make_member(riverside, SchoolRole.MIDDLE_LEADER, email="manager@riverside.example", first_name="Mo")


@pytest.fixture
def teacher(riverside, manager):
    return make_member(riverside, email="teacher@riverside.example", first_name="Tomasz", line_manager=manager)


@pytest.fixture
def stranger(outside):
    return make_member(outside, email="stranger@elsewhere.example")


def session_data(host_school, *, days=7, hours=0, capacity=10, **overrides):
    start = (timezone.now() + datetime.timedelta(days=days, hours=hours)).replace(second=0, microsecond=0)
    values = dict(
        title="Phonics for support staff",
        description="Hands-on practice of the daily phonics routine.",
        host_school=host_school,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=capacity,
    )
    values.update(overrides)
    return services.SessionData(**values)


def published_session(leader, network, reviewer, **kwargs) -> NetworkSession:
    session = services.propose_session(
        actor=leader.user, leader=leader, network=network, data=session_data(leader.school, **kwargs)
    )
    return services.publish_session(actor=reviewer.user, session=session)


def run_session(session, *, hours_ago=3):
    """Move a session into the past, as if time had passed since it was booked."""
    start = timezone.now() - datetime.timedelta(hours=hours_ago)
    NetworkSession.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    session.refresh_from_db()
    return session
