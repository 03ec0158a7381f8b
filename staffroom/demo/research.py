"""Demo research and network library: a retrieval-practice enquiry across Oakfield, Riverside and Fenbridge, run
over its three sessions and published by the alliance CPD lead, and a handful of shared resources (the session
materials of the bar-modelling session in the demo termly offer, shared by its leader).

Everything goes through staffroom.research.services, so each step is audited as the app does it. The network is
seeded once: if the project already exists, nothing is added, so a second run changes nothing.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from staffroom.accounts.models import Membership
from staffroom.frameworks.models import Descriptor
from staffroom.network.models import NetworkSession
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import Network
from staffroom.research import services
from staffroom.research.models import LibraryItem, ResearchProject, Stage

from . import content

LEAD = "teacher@oakfield.example"
MEMBERS = ("teacher@riverside.example", "cpdlead@alliance.example")
PUBLISHER = "cpdlead@alliance.example"
TITLE = "Retrieval practice and fractions in Years 5 to 7"
QUESTION = (
    "Do short, low-stakes retrieval quizzes at the start of maths lessons help pupils in Years 5 to 7 remember "
    "fractions from one term to the next, across the move from primary to secondary?"
)
NOTES = {
    Stage.LAUNCH: (
        (
            LEAD,
            "We agreed the question and a shared five-question quiz for the start of every maths lesson: two "
            "questions from last week, two from last term, one from last year.",
        ),
        (
            "teacher@riverside.example",
            "Riverside will run it with two Year 7 groups; the other two Year 7 groups "
            "carry on as usual so that we have something to compare with.",
        ),
        (
            "cpdlead@alliance.example",
            "Reading for next time: the EEF guidance on cognitive science in the "
            "classroom, sections on retrieval practice and spacing.",
        ),
    ),
    Stage.UPDATE: (
        (
            LEAD,
            "Six weeks in, quizzes take about seven minutes. Year 5 like seeing their scores rise; a few find "
            "the questions from last year hard and need a worked example first.",
        ),
        (
            "teacher@riverside.example",
            "Year 7 quiz groups score 68% on last term's fractions, the comparison "
            "groups 55%. Marking is quicker with mini-whiteboards than on paper.",
        ),
        (
            "cpdlead@alliance.example",
            "Fenbridge Year 6 joined after half-term. Teachers want a bank of questions "
            "they can share rather than each writing their own.",
        ),
    ),
    Stage.DISSEMINATION: (
        (LEAD, "Presented at the alliance twilight: the quiz routine, the question bank and what we would change."),
        (
            "teacher@riverside.example",
            "End-of-term check: quiz groups 71%, comparison groups 58% on a shared "
            "fractions test. Small groups, one term: promising, not proof.",
        ),
        (
            "cpdlead@alliance.example",
            "Three more schools want to try it next term; the question bank is in the library.",
        ),
    ),
}
FINDING_SUMMARY = (
    "A five-minute retrieval quiz at the start of maths lessons helped pupils in Years 5 to 7 keep their "
    "fractions knowledge: quiz groups scored about 13 points higher on a shared end-of-term test."
)
FINDING_BODY = (
    "What we did: every maths lesson began with five questions, mixing last week, last term and last year, "
    "answered on mini-whiteboards and checked at once.\n\n"
    "What we saw: in Riverside's Year 7, groups with the quiz scored 71% on the shared fractions test against 58% "
    "for groups without; Oakfield and Fenbridge saw the same pattern in class. Pupils said the quiz made them less "
    "worried about forgetting.\n\n"
    "What to watch: questions from a year ago need a worked example first, and the quiz has to stay short. The "
    "groups were small and the study ran for one term, so treat this as promising rather than proven."
)
DATA_FILE = (
    "group,school,year,quiz,autumn_score,spring_score\n"
    "7A,Riverside,7,yes,52,71\n7B,Riverside,7,yes,55,70\n7C,Riverside,7,no,54,58\n7D,Riverside,7,no,51,57\n"
)
RESOURCES = (
    (
        "head@riverside.example",
        LibraryItem.Kind.RESOURCE,
        "Fractions retrieval question bank",
        "Sixty short questions on fractions for Years 5 to 7, grouped by how long ago pupils met the idea.",
        "Use five a lesson: two from last week, two from last term, one from last year. Answers on the back.",
        ["mathematics"],
        ["primary", "secondary"],
        ["eef:EEF-M2", "ts:TS2.b"],
    ),
    (
        "cpdlead@alliance.example",
        LibraryItem.Kind.SESSION_MATERIAL,
        "Instructional coaching: the alliance model",
        "Slides and a one-page guide from the alliance coaching twilight.",
        "The cycle: agree one action step, see it modelled, rehearse it, try it, and get feedback within a week.",
        [],
        ["primary", "secondary"],
        ["eef:EEF-M9", "eef:EEF-M10", "pd:PD3"],
    ),
    (
        "ta@oakfield.example",
        LibraryItem.Kind.RESOURCE,
        "Pre-teaching vocabulary with teaching assistants",
        "How Oakfield's teaching assistants introduce key words to a small group before the lesson.",
        "Ten minutes before the lesson, three words, each with a picture, a sentence and a chance to say it aloud.",
        ["english"],
        ["primary"],
        ["ta:TA3.a"],
    ),
    (
        "head@oakfield.example",
        LibraryItem.Kind.RESOURCE,
        "EEF guidance: effective professional development",
        "The evidence behind the alliance's CPD offer: fourteen mechanisms in four groups.",
        "",
        [],
        [],
        ["eef:EEF-M4", "pd:PD2"],
    ),
)
# Materials for a session of the demo termly offer, shared by whoever leads it there.
MATERIAL_SESSION = "Bar modelling from Year 5 to Year 8"
MATERIAL = (
    "Bar modelling: worked examples from Year 5 to Year 8",
    "The worked examples from the bar modelling twilight, from fractions in Year 5 to equations in Year 8.",
    "Twelve examples in the order we used them, each with the question, the bar model and the words we use to "
    "explain it, so that pupils meet the same representation either side of the move to secondary.",
)
LINKS = {"EEF guidance: effective professional development": "https://educationendowmentfoundation.org.uk/"}


def build(builder) -> None:
    network = Network.objects.get(name=content.NETWORK_NAME)
    if ResearchProject.objects.filter(network=network, title=TITLE).exists():
        return
    people = {
        m.user.email: m
        for m in Membership.objects.active()
        .filter(school__network_memberships__network=network, user__email__in=_emails())
        .select_related("user", "school")
        .prefetch_related("roles")
    }
    tags = _descriptors(builder)
    lead = people[LEAD]
    today = school_today(lead.school)
    project = services.start_project(
        actor=lead.user,
        membership=lead,
        network=network,
        title=TITLE,
        question=QUESTION,
        subjects=[builder.subjects["mathematics"]],
        phases=["primary", "secondary"],
        descriptors=[tags[c] for c in ("eef:EEF-M2", "ts:TS2.b", "pd:PD2") if c in tags],
        launch_on=today - datetime.timedelta(weeks=12),
        update_on=today - datetime.timedelta(weeks=6),
        dissemination_on=today - datetime.timedelta(weeks=1),
    )
    for email in MEMBERS:
        services.join_project(actor=people[email].user, membership=people[email], project=project)
    for stage, notes in NOTES.items():
        for email, text in notes:
            services.add_note(
                actor=people[email].user, membership=people[email], project=project, stage=stage, text=text
            )
    riverside = people["teacher@riverside.example"]
    services.add_file(
        actor=riverside.user,
        membership=riverside,
        project=project,
        stage=Stage.UPDATE,
        uploaded=SimpleUploadedFile("fractions-scores.csv", DATA_FILE.encode(), content_type="text/csv"),
    )
    services.save_finding(actor=lead.user, membership=lead, project=project, summary=FINDING_SUMMARY, body=FINDING_BODY)
    publisher = people[PUBLISHER]
    services.publish_finding(actor=publisher.user, membership=publisher, project=project)
    for email, kind, title, summary, body, subjects, phases, codes in RESOURCES:
        member = people[email]
        services.share_resource(
            actor=member.user,
            membership=member,
            network=network,
            kind=kind,
            title=title,
            summary=summary,
            body=body,
            link=LINKS.get(title, ""),
            subjects=[builder.subjects[s] for s in subjects],
            phases=phases,
            descriptors=[tags[c] for c in codes if c in tags],
        )
    session = NetworkSession.objects.filter(network=network, title=MATERIAL_SESSION).select_related("leader").first()
    if session is not None:
        leader = Membership.objects.select_related("user", "school").get(pk=session.leader_id)
        title, summary, body = MATERIAL
        services.share_resource(
            actor=leader.user,
            membership=leader,
            network=network,
            title=title,
            summary=summary,
            body=body,
            subjects=[builder.subjects["mathematics"]],
            phases=["primary", "secondary"],
            descriptors=[tags[c] for c in ("eef:EEF-M7", "ts:TS3.a") if c in tags],
            session=session,
        )


def _emails() -> set[str]:
    return {LEAD, *MEMBERS, PUBLISHER, *(r[0] for r in RESOURCES)}


def _descriptors(builder) -> dict[str, Descriptor]:
    by_id = Descriptor.objects.in_bulk(builder.descriptors.values())
    return {code: by_id[pk] for code, pk in builder.descriptors.items() if pk in by_id}
