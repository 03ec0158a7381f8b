"""A small network for the research tests: three schools in one alliance, one school in another, one alone."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.organisations.models import Network, School, Subject
from staffroom.research import services
from staffroom.research.models import LibraryItem, ResearchProject, Stage
from staffroom.testing.factories import (
    NetworkFactory,
    SchoolFactory,
    SubjectFactory,
    add_network_role,
    join_network,
    make_member,
)

PDF = b"%PDF-1.4\n% a tiny test file\n"


def pdf(name="results.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class World:
    network: Network
    other_network: Network
    oakfield: School
    riverside: School
    fenbridge: School
    elsewhere: School
    lonely: School
    lead: object  # Oakfield teacher who leads the project
    colleague: object  # Riverside teacher who joins it
    bystander: object  # Riverside teacher in the network but not the project
    cpd_lead: object  # Fenbridge CPD coordinator, the network's CPD lead
    governor: object  # Oakfield governor
    outsider: object  # teacher in a school of another network
    loner: object  # teacher in a school of no network
    maths: Subject
    project: ResearchProject


def make_world() -> World:
    network = NetworkFactory(name="Fenland Learning Alliance")
    other_network = NetworkFactory(name="Northern Trust")
    oakfield, riverside, fenbridge = (SchoolFactory(name=n) for n in ("Oakfield", "Riverside", "Fenbridge"))
    elsewhere, lonely = SchoolFactory(name="Elsewhere"), SchoolFactory(name="Lonely")
    join_network(network, oakfield, riverside, fenbridge)
    join_network(other_network, elsewhere)
    lead = make_member(oakfield, SchoolRole.TEACHER)
    colleague = make_member(riverside, SchoolRole.TEACHER)
    bystander = make_member(riverside, SchoolRole.TEACHER)
    cpd_lead = make_member(fenbridge, SchoolRole.CPD_COORDINATOR)
    add_network_role(cpd_lead.user, network, NetworkRole.NETWORK_CPD_LEAD)
    governor = make_member(oakfield, SchoolRole.GOVERNOR)
    outsider = make_member(elsewhere, SchoolRole.TEACHER)
    add_network_role(outsider.user, other_network, NetworkRole.NETWORK_CPD_LEAD)
    loner = make_member(lonely, SchoolRole.TEACHER)
    maths = SubjectFactory(name="Mathematics", slug="mathematics")
    project = services.start_project(
        actor=lead.user,
        membership=lead,
        network=network,
        title="Retrieval practice in Year 5",
        question="Does a daily quiz help Year 5 remember fractions?",
        subjects=[maths],
        phases=["primary"],
    )
    services.join_project(actor=colleague.user, membership=colleague, project=project)
    return World(
        network,
        other_network,
        oakfield,
        riverside,
        fenbridge,
        elsewhere,
        lonely,
        lead,
        colleague,
        bystander,
        cpd_lead,
        governor,
        outsider,
        loner,
        maths,
        project,
    )


def add_note(world, text="We started with ten-minute quizzes.", stage=Stage.LAUNCH):
    return services.add_note(
        actor=world.lead.user, membership=world.lead, project=world.project, stage=stage, text=text
    )


def share(membership, network, title, summary="A summary", body="Some text", **kwargs) -> LibraryItem:
    return services.share_resource(
        actor=membership.user,
        membership=membership,
        network=network,
        title=title,
        summary=summary,
        body=body,
        **kwargs,
    )
