"""Demo network community for the alliance: directory profiles, a heads' forum and a maths subject network with
threads, last year's annual impact and needs survey with its answers, and a cluster's training need with two
proposals from specialist leaders. Everything is written through the community services (so it is audited) and
is skipped when it already exists, so loading the demo twice changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from staffroom.accounts.models import Membership, NetworkMembership
from staffroom.accounts.roles import NetworkRole, SchoolRole
from staffroom.community import notifications, services
from staffroom.community.models import (
    Cluster,
    Designation,
    Group,
    ImpactSurvey,
    SurveyRecipient,
    TrainingNeed,
)
from staffroom.organisations.calendar import academic_year, school_today
from staffroom.organisations.models import Network, Subject

from . import content

SURVEY_TITLE = "Annual impact and needs survey"
NEEDS = [
    "Adaptive teaching and SEND",
    "Behaviour and routines",
    "Early reading and phonics",
    "Maths mastery",
    "Feedback and assessment",
    "Leadership development",
]
COMMENTS = [
    "More time between sessions to try things in class.",
    "Sessions led by teaching assistants were the most practical.",
    "Visiting another school's classrooms helped more than any course.",
    "Twilight sessions are hard after a full day; an INSET slot would help.",
    "A follow-up a few weeks later would keep it going.",
]


def build(network: Network) -> None:
    with notifications.suppressed():
        people = _people(network)
        if people["cpd_lead"] is None:
            return
        _profiles(people)
        _groups(network, people)
        _survey(network, people)
        _commissioning(network, people)


def _member(email: str) -> Membership | None:
    return Membership.objects.select_related("user", "school").filter(user__email=email, is_active=True).first()


def _by_title(school_key: str, starts: str) -> Membership | None:
    return (
        Membership.objects.select_related("user", "school")
        .filter(user__email__endswith=f"@{school_key}.example", job_title__startswith=starts, is_active=True)
        .order_by("user__email")
        .first()
    )


def _people(network) -> dict:
    people = {
        "cpd_lead": _member(content.NETWORK_CPD_LEAD_EMAIL),
        "oak_head": _member("head@oakfield.example"),
        "oak_teacher": _member("teacher@oakfield.example"),
        "oak_ta": _member("ta@oakfield.example"),
        "river_head": _member("head@riverside.example"),
        "river_teacher": _member("teacher@riverside.example"),
        "fen_maths": _by_title("fenbridge", "Key Stage 2 phase leader"),
        "fen_senco": _by_title("fenbridge", "SENCo"),
    }
    for key in ("fen_maths", "fen_senco"):
        if people[key] is not None:
            NetworkMembership.objects.get_or_create(
                user=people[key].user, network=network, role=NetworkRole.SPECIALIST_LEADER
            )
    return people


def _profiles(people) -> None:
    subject = {s.slug: s for s in Subject.objects.filter(slug__in=["mathematics", "send", "phonics-and-early-reading"])}
    wanted = [
        ("river_teacher", ["mathematics"], [Designation.MATHS_HUB], "Maths mastery from Year 6 to Year 8; bar models."),
        ("oak_head", [], [Designation.LLE], "Leading a small primary through an inspection; sharing INSET days."),
        ("oak_ta", ["phonics-and-early-reading"], [], "Phonics catch-up for older readers."),
        ("cpd_lead", [], [Designation.RESEARCH_LEAD, Designation.NPQ_FACILITATOR], "Lesson study and coaching."),
        ("fen_maths", ["mathematics"], [Designation.SLE], "Reasoning in upper Key Stage 2 maths."),
        ("fen_senco", ["send"], [Designation.SLE, Designation.SENCO], "Adaptive teaching; working with TAs."),
    ]
    for key, subjects, designations, expertise in wanted:
        member = people.get(key)
        if member is None:
            continue
        services.save_profile(
            actor=member.user,
            membership=member,
            listed=True,
            show_job_title=True,
            show_roles=key.endswith("head"),
            show_email=key != "oak_ta",
            subjects=[subject[s] for s in subjects if s in subject],
            designations=designations,
            expertise=expertise,
        )


def _groups(network, people) -> None:
    lead = people["cpd_lead"]
    maths = Subject.objects.filter(slug="mathematics").first()
    plans = [
        (
            "Heads' forum",
            Group.Kind.FORUM,
            None,
            [SchoolRole.HEADTEACHER],
            "For the alliance's headteachers: shared INSET, staffing, the questions you can't ask at school.",
            [
                (
                    "oak_head",
                    "Aligning INSET days next year",
                    "Could we put at least one INSET day on the same date so staff can go to each other's sessions?",
                    [("river_head", "Yes. We have 2 January and the first Monday in June still free.")],
                ),
            ],
        ),
        (
            "Maths subject network",
            Group.Kind.SUBJECT,
            maths,
            [],
            "Anyone who teaches maths, from Reception to Year 8: what works, what doesn't, what we are trying.",
            [
                (
                    "river_teacher",
                    "Bar models from Year 3 to Year 8",
                    "Our Year 7s arrive using bar models in different ways. Could we agree one way of drawing them?",
                    [
                        ("oak_teacher", "We follow the Year 4 guidance; I'll bring examples of pupils' books."),
                        ("fen_maths", "Happy to host a lesson study cycle on this in the spring term."),
                    ],
                ),
                (
                    "oak_ta",
                    "Times tables for pupils who have fallen behind",
                    "I run a Year 5 catch-up group. What has worked in your schools?",
                    [("fen_maths", "Little and often: five minutes every day beat one long session for us.")],
                ),
            ],
        ),
    ]
    for name, kind, subject, roles, description, threads in plans:
        if Group.objects.filter(network=network, name=name).exists():
            continue
        group = services.create_group(
            actor=lead.user,
            membership=lead,
            network_id=network.pk,
            name=name,
            description=description,
            kind=kind,
            subject=subject,
            roles=roles,
        )
        for author_key, title, body, replies in threads:
            author = people.get(author_key)
            if author is None or not (not roles or author.has_role(*roles)):
                continue
            thread = services.start_thread(actor=author.user, membership=author, group=group, title=title, body=body)
            for reply_key, text in replies:
                replier = people.get(reply_key)
                if replier is not None:
                    services.reply_to_thread(actor=replier.user, membership=replier, thread=thread, body=text)


def _survey(network, people) -> None:
    lead = people["cpd_lead"]
    this_year = academic_year(school_today(lead.school), lead.school.academic_year_start_month).start.year
    year_start = this_year - 1
    if ImpactSurvey.objects.filter(network=network, title=SURVEY_TITLE, year_start=year_start).exists():
        return
    survey = services.create_survey(
        actor=lead.user,
        membership=lead,
        network_id=network.pk,
        title=SURVEY_TITLE,
        introduction="Ten minutes on what difference the alliance's CPD made this year, and what you need next.",
        year_start=year_start,
    )
    questions = [
        ("Professional learning across the alliance this year improved my practice.", "likert", "", "impact"),
        ("I have used something from a network session in my own work.", "likert", "", ""),
        ("What would help you most next year?", "multi", "\n".join(NEEDS), "need"),
        ("How many network sessions did you go to?", "choice", "None\nOne or two\nThree or more", ""),
        ("What one change would make network CPD more useful?", "text", "", ""),
    ]
    for text, kind, choices, purpose in questions:
        services.add_question(
            actor=lead.user,
            membership=lead,
            survey=survey,
            text=text,
            kind=kind,
            choices=choices,
            purpose=purpose,
            required=kind != "text",
        )
    # Sent in last year's summer term, as it would have been.
    sent_on = datetime.date(year_start + 1, 6, 9)
    services.send_survey(
        actor=lead.user,
        membership=lead,
        survey=survey,
        roles=[SchoolRole.TEACHER, SchoolRole.TEACHING_ASSISTANT, SchoolRole.MIDDLE_LEADER],
        closes_on=sent_on + datetime.timedelta(days=21),
        today=sent_on,
    )
    survey.refresh_from_db()
    ids = {q.kind + q.purpose: q.pk for q in survey.questions.all()}
    recipients = list(
        SurveyRecipient.objects.filter(survey=survey).select_related("user", "school").order_by("user__email")
    )
    memberships = {
        (m.user_id, m.school_id): m
        for m in Membership.objects.filter(user__in=[r.user for r in recipients]).prefetch_related("roles")
    }
    # Oakfield's staff were the most positive and Fenbridge's the least; every fifth person did not answer.
    leaning = {"oakfield": [5, 4, 4, 5, 4, 3], "riverside": [4, 4, 3, 5, 2, 4], "fenbridge": [4, 3, 2, 4, 3, 5]}
    for index, recipient in enumerate(recipients):
        if index % 5 == 4:
            continue
        member = memberships[(recipient.user_id, recipient.school_id)]
        key = recipient.user.email.rsplit("@", 1)[1].split(".")[0]
        scale = leaning.get(key, [4, 3, 4])
        answers = {
            f"q{ids['likertimpact']}": str(scale[index % len(scale)]),
            f"q{ids['likert']}": str(min(5, scale[(index + 1) % len(scale)] + 1)),
            f"q{ids['multineed']}": [NEEDS[0], NEEDS[index % 6]] if index % 3 else [NEEDS[(index * 5 + 3) % 6]],
            f"q{ids['choice']}": ("One or two", "Three or more", "None", "One or two")[index % 4],
            f"q{ids['text']}": COMMENTS[index % len(COMMENTS)] if index % 3 == 0 else "",
        }
        services.submit_response(
            actor=recipient.user,
            membership=member,
            survey=survey,
            answers=answers,
            today=sent_on + datetime.timedelta(days=index % 14),
        )


def _commissioning(network, people) -> None:
    oak_head, river = people["oak_head"], people["river_head"]
    if oak_head is None or river is None:
        return
    cluster, _created = Cluster.objects.get_or_create(network=network, name="Fen north cluster")
    cluster.schools.add(oak_head.school, river.school)
    title = "Adaptive teaching for pupils with SEND"
    if TrainingNeed.objects.filter(cluster=cluster, title=title).exists():
        return
    today = school_today(oak_head.school)
    need = services.post_need(
        actor=oak_head.user,
        membership=oak_head,
        cluster=cluster,
        title=title,
        description=(
            "Teachers and teaching assistants in both schools want practical ways to adapt lessons for pupils "
            "with SEND without writing separate plans: three twilight sessions next term, with classroom "
            "practice in between."
        ),
        budget=Decimal("1800"),
        respond_by=today + datetime.timedelta(days=21),
        today=today,
    )
    for key, summary, sessions, fee in (
        (
            "fen_senco",
            "Three sessions: scaffolds that fade, working with TAs in the room, and checking what stuck. "
            "Between sessions each teacher tries one strategy and brings pupils' work.",
            3,
            Decimal("1500"),
        ),
        (
            "fen_maths",
            "Two sessions on adaptive teaching in maths lessons, with a lesson study cycle in between.",
            2,
            Decimal("1100"),
        ),
    ):
        specialist = people.get(key)
        if specialist is not None:
            services.propose(
                actor=specialist.user,
                membership=specialist,
                need=need,
                summary=summary,
                sessions=sessions,
                fee=fee,
                today=today,
            )
