"""Builds the demo alliance: schools, staff and two years of professional learning.

This is a seeding tool, not a user action, so it writes rows directly (in bulk, for speed) and records no audit
events, but it keeps the same invariants as the services: every activity has a follow-up owned by the same
person at the same school, and subject_specific is true exactly when the activity has subjects.

Every choice comes from a random generator seeded from content.SEED and a stable key (the school, the post),
so a fresh database always gets the same data for the same day, and one person's history does not depend on
whose history was generated before it.
"""

from __future__ import annotations

import datetime
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from staffroom.accounts.models import Membership, MembershipRole, NetworkMembership, User
from staffroom.accounts.roles import NetworkRole, SchoolRole, StaffGroup, staff_group_for
from staffroom.frameworks.models import Descriptor, Framework
from staffroom.frameworks.services import adopt_framework
from staffroom.learning.models import Activity, ActivityKind, Evidence, FollowUp, Visibility
from staffroom.organisations.calendar import Period, academic_year, academic_year_starting, school_today, term, terms
from staffroom.organisations.models import Department, Network, NetworkSchool, School, Subject

from . import community as community_demo
from . import content, research
from .appraisals import AppraisalSeeder
from .content import SchoolSpec, Slot, Topic
from .improvement import ImprovementSeeder
from .network import seed_network_offer
from .observations import ObservationSeeder
from .pdf import minimal_pdf
from .records import seed_records
from .talent import seed_budgets_and_talent

K = ActivityKind

HOURS = {
    K.COURSE: ["3", "3.5", "4", "5", "6"],
    K.COACHING: ["0.5", "1", "1"],
    K.READING: ["1", "1.5", "2"],
    K.LESSON_STUDY: ["2", "3", "4"],
    K.OBSERVATION_RECEIVED: ["1"],
    K.OBSERVATION_GIVEN: ["1"],
    K.ENQUIRY: ["2", "2.5", "3"],
    K.ONLINE: ["1", "1.5", "2", "3"],
    K.MENTORING: ["1", "1.5", "2"],
    K.CONFERENCE: ["5", "5.5", "6"],
    K.NETWORK_SESSION: ["2", "2.5"],
    K.OTHER: ["1", "1.5", "2"],
    K.INSET: ["5", "5.5", "6"],
    K.QUALIFICATION: [str(h) for h in range(40, 85, 5)],
}

TITLE_PREFIX = {
    K.READING: "Reading",
    K.COACHING: "Coaching",
    K.LESSON_STUDY: "Lesson study",
    K.OBSERVATION_RECEIVED: "Observed lesson",
    K.OBSERVATION_GIVEN: "Peer observation",
    K.ENQUIRY: "Enquiry",
    K.ONLINE: "Online course",
    K.MENTORING: "Mentoring",
    K.CONFERENCE: "Conference workshop",
}

# The EEF mechanism each kind of activity most plainly uses, linked now and then alongside the standards.
KIND_MECHANISM = {
    K.COACHING: "eef:EEF-M9",
    K.LESSON_STUDY: "eef:EEF-M7",
    K.COURSE: "eef:EEF-M6",
    K.READING: "eef:EEF-M4",
    K.OBSERVATION_RECEIVED: "eef:EEF-M9",
    K.OBSERVATION_GIVEN: "eef:EEF-M8",
    K.ENQUIRY: "eef:EEF-M13",
    K.ONLINE: "eef:EEF-M1",
    K.MENTORING: "eef:EEF-M7",
    K.NETWORK_SESSION: "eef:EEF-M7",
    K.CONFERENCE: "eef:EEF-M4",
    K.INSET: "eef:EEF-M6",
    K.OTHER: "eef:EEF-M12",
    K.QUALIFICATION: "pd:PD4",
}

# Yearly number of activities beyond INSET and network sessions, by the person's main tag.
PERSONAL_PER_YEAR = {
    "head": (4, 7),
    "senior": (6, 9),
    "leader": (6, 9),
    "teacher": (5, 9),
    "ta": (3, 6),
    "support": (1, 3),
    "midday": (1, 2),
}
ROLE_TOPIC_WEIGHT = {"head": 5, "senior": 3, "leader": 2}
ROLE_TAGS = frozenset({"leader", "senior", "head", "mentor", "cpd"})
VISIBILITY_WEIGHTS = [(Visibility.PRIVATE, 65), (Visibility.LINE_MANAGER, 20), (Visibility.SCHOOL, 15)]
# Subjects any primary class teacher teaches, so a course in one of them is plausible for anyone.
PRIMARY_CLASS_SUBJECTS = frozenset({"mathematics", "science", "history", "geography", "computing", "art-and-design"})
FOUNDATION_SUBJECTS = frozenset(
    {
        "history",
        "geography",
        "art-and-design",
        "computing",
        "design-and-technology",
        "music",
        "religious-education",
        "languages",
        "physical-education",
    }
)
SUBJECT_IN_A_SENTENCE = {"English": "English", "PSHE and RSE": "PSHE and RSE", "SEND": "SEND"}
INSET_ATTENDANCE = 0.85
SHOWCASE_DUE_FOLLOW_UPS = 2


@dataclass
class Summary:
    users_created: int = 0
    memberships_created: int = 0
    people_with_new_history: int = 0
    activities_created: int = 0
    evidence_created: int = 0
    schools: int = 0
    memberships: int = 0
    activities: int = 0
    follow_ups_answered: int = 0
    follow_ups_due: int = 0
    follow_ups_scheduled: int = 0
    evidence: int = 0
    appraisals_created: int = 0
    appraisal_cycles: int = 0
    appraisals: int = 0
    objectives: int = 0
    check_ins: int = 0
    self_reviews: int = 0
    reviews_signed: int = 0
    reviews_approved: int = 0
    reviews_in_progress: int = 0
    observation_schools_created: int = 0
    observations: int = 0
    open_slots: int = 0
    coaching_sessions: int = 0
    peer_profiles: int = 0
    improvement_metrics: int = 0
    improvement_data_points: int = 0
    improvement_actions: int = 0
    improvement_proposals: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Person:
    spec: SchoolSpec
    slot: Slot
    school: School
    membership: Membership
    subjects: tuple[str, ...]
    tags: frozenset[str]
    has_line_manager: bool
    rng: random.Random

    @property
    def staff_group(self) -> str:
        return self.membership.staff_group

    @property
    def is_teacher(self) -> bool:
        return self.staff_group == StaffGroup.TEACHERS

    @property
    def main_tag(self) -> str:
        for tag in ("head", "senior", "leader", "teacher", "ta", "support", "midday"):
            if tag in self.tags:
                return tag
        return "support"

    def group(self) -> str:
        """The pupils this person works with, as a phrase that reads well inside a reflection."""
        group = self.slot.group or self.rng.choice(content.SECONDARY_GROUPS)
        if self.is_teacher and not group.startswith("pupils"):
            group = f"my {group}"
        return group


@dataclass
class Planned:
    title: str
    kind: str
    date: datetime.date
    hours: Decimal
    subjects: list[str]
    descriptors: list[str]
    learned: str
    will_try: str
    pupils: str
    success: str
    visibility: str
    changed: tuple[str, ...]
    evidence: list[tuple[str, bytes, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Calendar:
    today: datetime.date
    now: datetime.datetime
    previous: Period
    current: Period
    this_term: Period
    holiday_month: int

    @property
    def years(self) -> tuple[Period, Period]:
        return (self.previous, self.current)


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _weekday_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _email_part(name: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", name.lower())


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    # Keep capitals that start an acronym or a name such as "Year 2" or "SEND".
    if len(text) > 1 and (text[1].isupper() or text.split()[0] in {"Year", "English", "French"}):
        return text
    return text[:1].lower() + text[1:]


class DemoBuilder:
    def __init__(self, *, staff_per_school: int | None = None) -> None:
        self.staff_per_school = staff_per_school
        self.summary = Summary()
        self._password_hash: str | None = None

    # --- Structure -----------------------------------------------------------------------------------------

    @transaction.atomic
    def build(self) -> Summary:
        self.subjects = self._ensure_subjects()
        network, _created = Network.objects.get_or_create(
            name=content.NETWORK_NAME, defaults={"kind": Network.Kind.TEACHING_SCHOOL_ALLIANCE}
        )
        frameworks = {
            prefix: Framework.objects.get(slug=content.FRAMEWORKS[prefix], is_current=True)
            for prefix in content.ENGLISH_SCHOOL_FRAMEWORKS
        }
        self.descriptors = self._descriptor_ids()
        people: list[Person] = []
        schools = []
        for spec in content.SCHOOLS:
            school = self._ensure_school(spec)
            schools.append(school)
            NetworkSchool.objects.get_or_create(network=network, school=school)
            for framework in frameworks.values():
                adopt_framework(actor=None, school=school, framework=framework)
            people += self._ensure_people(spec, school)
        cpd_lead = User.objects.get(email=content.NETWORK_CPD_LEAD_EMAIL)
        NetworkMembership.objects.get_or_create(user=cpd_lead, network=network, role=NetworkRole.NETWORK_CPD_LEAD)
        self._ensure_history(people)
        AppraisalSeeder(self).build(people)
        ObservationSeeder(self).build(people)
        ImprovementSeeder(self).build(people)
        seed_records(schools)
        seed_budgets_and_talent()
        seed_network_offer(network=network, people=people, descriptor_ids=self.descriptors)
        research.build(self)
        community_demo.build(network)
        self._count(schools)
        return self.summary

    def _ensure_subjects(self) -> dict[str, Subject]:
        wanted = {slugify(name): name for name in content.SUBJECTS}
        existing = Subject.objects.filter(Q(slug__in=wanted) | Q(name__in=wanted.values()))
        by_slug = {s.slug: s for s in existing}
        by_name = {s.name: s for s in existing}
        missing = [
            Subject(name=name, slug=slug)
            for slug, name in wanted.items()
            if slug not in by_slug and name not in by_name
        ]
        Subject.objects.bulk_create(missing)
        result = {}
        for subject in list(existing) + missing:
            slug = subject.slug if subject.slug in wanted else slugify(subject.name)
            result[slug] = subject
        return result

    def _descriptor_ids(self) -> dict[str, int]:
        prefix_by_slug = {slug: prefix for prefix, slug in content.FRAMEWORKS.items()}
        rows = Descriptor.objects.filter(
            framework__slug__in=prefix_by_slug, framework__is_current=True, career_stage__isnull=True
        ).values_list("framework__slug", "code", "id")
        return {f"{prefix_by_slug[slug]}:{code}": pk for slug, code, pk in rows}

    def _ensure_school(self, spec: SchoolSpec) -> School:
        school = School.objects.filter(urn=spec.urn).first() or School.objects.filter(name=spec.name).first()
        if school is None:
            # The demo logins must work without an authenticator app, so the demo schools start with two-factor
            # sign-in required of nobody; School settings turns it on (a new real school requires it of leaders).
            school = School.objects.create(name=spec.name, urn=spec.urn, phase=spec.phase, mfa_required_roles=[])
        for name in spec.departments:
            Department.objects.get_or_create(school=school, name=name)
        return school

    def _selected_slots(self, spec: SchoolSpec) -> list[Slot]:
        if self.staff_per_school is None:
            return list(spec.slots)
        room = max(self.staff_per_school - sum(s.essential for s in spec.slots), 0)
        chosen = []
        for slot in spec.slots:
            if slot.essential:
                chosen.append(slot)
            elif room:
                chosen.append(slot)
                room -= 1
        return chosen

    def _names(self, spec: SchoolSpec) -> dict[str, tuple[str, str, str]]:
        """First name, last name and email for every post in the full roster, whatever is selected."""
        rng = random.Random(f"{content.SEED}:{spec.key}:names")
        fixed_surnames = {s.name[1] for school in content.SCHOOLS for s in school.slots if s.name}
        surnames = [n for n in content.SURNAMES if n not in fixed_surnames]
        firsts = rng.sample(content.FIRST_NAMES, len(spec.slots))
        lasts = rng.sample(surnames, len(spec.slots))
        names = {}
        for slot, first, last in zip(spec.slots, firsts, lasts, strict=True):
            if slot.name:
                first, last = slot.name
            email = slot.email or f"{_email_part(first)}.{_email_part(last)}@{spec.domain}"
            names[slot.key] = (first, last, email)
        return names

    def _hashed_password(self) -> str:
        # Hashing is deliberately slow, so one hash is made and shared by every demo account.
        if self._password_hash is None:
            user = User()
            user.set_password(content.DEMO_PASSWORD)
            self._password_hash = user.password
        return self._password_hash

    def _ensure_people(self, spec: SchoolSpec, school: School) -> list[Person]:
        slots = self._selected_slots(spec)
        names = self._names(spec)
        emails = [names[s.key][2] for s in slots]
        users = {u.email: u for u in User.objects.filter(email__in=emails)}
        new_users = [
            User(email=email, first_name=first, last_name=last, password=self._hashed_password())
            for first, last, email in (names[s.key] for s in slots)
            if email not in users
        ]
        User.objects.bulk_create(new_users)
        users.update({u.email: u for u in new_users})
        self.summary.users_created += len(new_users)

        user_by_slot = {s.key: users[names[s.key][2]] for s in slots}
        existing = {
            m.user_id: m
            for m in Membership.objects.filter(school=school, user__in=user_by_slot.values()).prefetch_related(
                "subjects"
            )
        }
        departments = {d.name: d for d in school.departments.all()}
        position = {s.key: i for i, s in enumerate(spec.slots, start=1)}
        new_members = {}
        for slot in slots:
            user = user_by_slot[slot.key]
            if user.pk in existing:
                continue
            new_members[slot.key] = Membership(
                user=user,
                school=school,
                job_title=slot.job_title,
                staff_group=staff_group_for(slot.roles),
                department=departments.get(slot.department) if slot.department else None,
                mis_id="" if SchoolRole.GOVERNOR in slot.roles else f"{spec.mis_prefix}{position[slot.key]:04d}",
            )
        Membership.objects.bulk_create(new_members.values())
        self.summary.memberships_created += len(new_members)
        MembershipRole.objects.bulk_create(
            [MembershipRole(membership=m, role=r) for key, m in new_members.items() for r in _slot(spec, key).roles]
        )
        Membership.subjects.through.objects.bulk_create(
            [
                Membership.subjects.through(membership_id=m.pk, subject_id=self.subjects[slug].pk)
                for key, m in new_members.items()
                for slug in _slot(spec, key).subjects
            ]
        )

        by_key = {s.key: existing.get(user_by_slot[s.key].pk) or new_members[s.key] for s in slots}
        selected = set(by_key)
        for key, membership in new_members.items():
            manager = _slot(spec, key).manager
            # A trimmed roster may leave out someone's manager; their manager's manager stands in.
            while manager and manager not in selected:
                manager = _slot(spec, manager).manager
            membership.line_manager = by_key[manager] if manager else None
        Membership.objects.bulk_update(new_members.values(), ["line_manager"])

        people = []
        for slot in slots:
            membership = by_key[slot.key]
            subjects = (
                tuple(slot.subjects)
                if slot.key in new_members
                else tuple(sorted(s.slug for s in membership.subjects.all()))
            )
            people.append(
                Person(
                    spec=spec,
                    slot=slot,
                    school=school,
                    membership=membership,
                    subjects=subjects,
                    tags=_tags(slot, membership.staff_group),
                    has_line_manager=membership.line_manager_id is not None,
                    rng=random.Random(f"{content.SEED}:{spec.key}:{slot.key}"),
                )
            )
        return people

    # --- History -------------------------------------------------------------------------------------------

    def _ensure_history(self, people: list[Person]) -> None:
        recorded = set(
            Activity.objects.filter(school__in={p.school.pk for p in people})
            .values_list("owner_id", "school_id")
            .distinct()
        )
        calendars = {}
        insets = {}
        for person in people:
            if person.school.pk not in calendars:
                calendars[person.school.pk] = self._calendar(person.school)
                insets[person.school.pk] = self._inset_days(person.spec, calendars[person.school.pk])
        network_dates = self._network_dates(next(iter(calendars.values()))) if calendars else []

        activities, follow_ups, plans = [], [], []
        for person in people:
            if (person.membership.user_id, person.school.pk) in recorded:
                continue
            calendar = calendars[person.school.pk]
            planned = self._plan(person, calendar, insets[person.school.pk], network_dates)
            if not planned:
                continue
            self.summary.people_with_new_history += 1
            for item in planned:
                activities.append(
                    Activity(
                        school=person.school,
                        owner_id=person.membership.user_id,
                        title=item.title[:200],
                        kind=item.kind,
                        date=item.date,
                        hours=item.hours,
                        subject_specific=bool(item.subjects),
                        learned=item.learned,
                        will_try=item.will_try,
                        pupils=item.pupils[:200],
                        success_measure=item.success,
                        visibility=item.visibility,
                    )
                )
                plans.append((person, item))
            follow_ups += self._follow_ups(person, calendar, planned)

        Activity.objects.bulk_create(activities, batch_size=500)
        self.summary.activities_created += len(activities)
        subject_rows, descriptor_rows, evidence = [], [], []
        for activity, (person, item), follow_up in zip(activities, plans, follow_ups, strict=True):
            follow_up.activity = activity
            subject_rows += [
                Activity.subjects.through(activity_id=activity.pk, subject_id=self.subjects[slug].pk)
                for slug in item.subjects
            ]
            descriptor_rows += [
                Activity.descriptors.through(activity_id=activity.pk, descriptor_id=self.descriptors[code])
                for code in item.descriptors
            ]
            for name, data, content_type in item.evidence:
                record = Evidence(
                    school=person.school,
                    activity=activity,
                    original_name=name,
                    content_type=content_type,
                    size=len(data),
                    uploaded_by_id=person.membership.user_id,
                )
                record.file.save(name, ContentFile(data), save=False)
                evidence.append(record)
        Activity.subjects.through.objects.bulk_create(subject_rows, batch_size=1000)
        Activity.descriptors.through.objects.bulk_create(descriptor_rows, batch_size=1000)
        FollowUp.objects.bulk_create(follow_ups, batch_size=500)
        Evidence.objects.bulk_create(evidence)
        self.summary.evidence_created += len(evidence)

    def _calendar(self, school: School) -> Calendar:
        today = school_today(school)
        start_month = school.academic_year_start_month
        current = academic_year(today, start_month)
        return Calendar(
            today=today,
            now=timezone.now(),
            previous=academic_year_starting(current.start.year - 1, start_month),
            current=current,
            this_term=term(today, start_month),
            # The last month of the year is the long summer holiday in an English-pattern calendar.
            holiday_month=(start_month - 2) % 12 + 1,
        )

    def _inset_days(self, spec: SchoolSpec, calendar: Calendar) -> list[tuple[datetime.date, Topic, Decimal]]:
        """The school's training days: two at the start of the year, one at the start of the other terms, and
        one before the summer holiday. Safeguarding always comes first."""
        rng = random.Random(f"{content.SEED}:{spec.key}:inset")
        themes = [t for t in content.INSET_THEMES if spec.phase in t.phases]
        rng.shuffle(themes)
        days = []
        for year in calendar.years:
            autumn, spring, summer = terms(year)
            first = _weekday_on_or_after(autumn.start)
            dates = [
                first,
                _weekday_on_or_after(first + datetime.timedelta(days=1)),
                _weekday_on_or_after(spring.start + datetime.timedelta(days=4)),
                _weekday_on_or_after(summer.start + datetime.timedelta(days=14)),
                _weekday_on_or_before(summer.start + datetime.timedelta(days=110)),
            ]
            for position, day in enumerate(dates):
                topic = content.INSET_SAFEGUARDING if position == 0 else themes.pop(0)
                hours = Decimal(rng.choice(HOURS[K.INSET]))
                if day <= calendar.today:
                    days.append((day, topic, hours))
        return days

    def _network_dates(self, calendar: Calendar) -> list[datetime.date]:
        """Alliance twilight sessions, on the same Wednesdays for every school."""
        dates = []
        for year in calendar.years:
            for offset in (40, 150, 270):
                day = year.start + datetime.timedelta(days=offset)
                day += datetime.timedelta(days=(2 - day.weekday()) % 7)
                if day <= calendar.today:
                    dates.append(day)
        return dates

    def _plan(self, person: Person, calendar: Calendar, insets, network_dates) -> list[Planned]:
        if person.staff_group == StaffGroup.GOVERNANCE:
            return self._governor_plan(person, calendar)
        rng = person.rng
        planned: list[Planned] = []
        quiet_from = calendar.this_term.start if person.slot.quiet else None

        def allowed(day: datetime.date) -> bool:
            return quiet_from is None or day < quiet_from

        attends_inset = person.staff_group in (StaffGroup.TEACHERS, StaffGroup.TEACHING_ASSISTANTS)
        for day, topic, hours in insets:
            if not allowed(day):
                continue
            if not (attends_inset or (topic is content.INSET_SAFEGUARDING and "support" in person.tags)):
                continue
            if not person.slot.showcase and rng.random() > INSET_ATTENDANCE:
                continue
            planned.append(self._from_topic(person, topic, K.INSET, day, hours=hours))

        for index, day in enumerate(network_dates):
            if allowed(day):
                item = self._network_session(person, index, day)
                if item:
                    planned.append(item)

        if person.slot.npq:
            planned.append(self._qualification(person, calendar))

        used: Counter[str] = Counter()
        for year in calendar.years:
            end = min(year.end, calendar.today)
            if quiet_from is not None:
                end = min(end, quiet_from - datetime.timedelta(days=1))
            low, high = PERSONAL_PER_YEAR[person.main_tag]
            share = min(1.0, max(0.0, (min(year.end, calendar.today) - year.start).days / 330))
            for _ in range(round(rng.randint(low, high) * share)):
                day = self._school_day(rng, year.start, end, calendar)
                if day:
                    planned.append(self._personal(person, day, used))

        # Everyone who is not deliberately quiet has something this term, so the head's list stays short.
        this_term = [p for p in planned if p.date >= calendar.this_term.start]
        if not person.slot.quiet and not this_term:
            day = self._school_day(rng, calendar.this_term.start, calendar.today, calendar)
            if day:
                planned.append(self._personal(person, day, used))
        if person.slot.showcase:
            this_year = sum(p.date >= calendar.current.start for p in planned)
            for _ in range(max(0, 3 - this_year)):
                day = self._school_day(rng, calendar.current.start, calendar.today, calendar)
                if day:
                    planned.append(self._personal(person, day, used))
            self._add_showcase_evidence(person, planned)
        planned.sort(key=lambda p: (p.date, p.title))
        return planned

    def _governor_plan(self, person: Person, calendar: Calendar) -> list[Planned]:
        rng = person.rng
        count = 2 if person.slot.key == "governor" else rng.choice([0, 1])
        planned = []
        for topic, year in zip(content.GOVERNOR_TOPICS, calendar.years[:count], strict=False):
            day = self._school_day(rng, year.start, min(year.end, calendar.today), calendar)
            if day:
                item = self._from_topic(person, topic, rng.choice(topic.kinds), day)
                item.visibility = Visibility.PRIVATE
                planned.append(item)
        return planned

    def _school_day(self, rng, start: datetime.date, end: datetime.date, calendar: Calendar):
        if end < start:
            return None
        for _attempt in range(40):
            day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
            if day.weekday() < 5 and day.month != calendar.holiday_month:
                return day
        return None

    def _eligible(self, person: Person, topic: Topic) -> bool:
        if not (topic.audience & person.tags) or person.spec.phase not in topic.phases:
            return False
        subject = topic.subject
        if subject is None:
            return True
        if subject == "own":
            return person.is_teacher and bool(person.subjects)
        if subject in person.subjects:
            return True
        if subject == "early-years":
            return person.slot.department == "Early Years"
        if person.is_teacher:
            return person.spec.phase == "primary" and subject in PRIMARY_CLASS_SUBJECTS
        return True

    def _personal(self, person: Person, day: datetime.date, used: Counter) -> Planned:
        rng = person.rng
        eligible = [t for t in content.TOPICS if self._eligible(person, t)]
        if person.is_teacher:
            specific = [t for t in eligible if t.subject is not None]
            general = [t for t in eligible if t.subject is None]
            # About half of a teacher's own learning is about their subject.
            pool = (specific if rng.random() < 0.5 else general) or eligible
        else:
            pool = eligible

        def weight(topic: Topic) -> float:
            base = 1.0
            if topic.audience & person.tags & ROLE_TAGS:
                base = ROLE_TOPIC_WEIGHT.get(person.main_tag, 1)
            return base / (1 + 2 * used[topic.title])

        topic = rng.choices(pool, weights=[weight(t) for t in pool])[0]
        used[topic.title] += 1
        kind = rng.choice(topic.kinds)
        item = self._from_topic(person, topic, kind, day)
        if kind in (K.COURSE, K.CONFERENCE) and rng.random() < 0.05:
            item.evidence.append(_handout(item))
        elif kind == K.READING and rng.random() < 0.05:
            item.evidence.append(_reading_notes(item))
        return item

    def _from_topic(
        self, person: Person, topic: Topic, kind: str, day: datetime.date, *, hours: Decimal | None = None
    ) -> Planned:
        rng = person.rng
        subjects = []
        if topic.subject == "own":
            if person.subjects:
                subjects = [rng.choice(person.subjects)]
        elif topic.subject:
            subjects = [topic.subject]
        subject_phrase = self._subject_phrase(subjects[0]) if subjects else "my subject"
        group = person.group()

        def fill(text: str) -> str:
            return text.format(group=group, subject=subject_phrase)

        title = fill(topic.title)
        prefix = TITLE_PREFIX.get(kind)
        if prefix and ":" not in title and prefix.split()[0].lower() not in title.lower():
            title = f"{prefix}: {_lower_first(title)}"
        return Planned(
            title=title,
            kind=kind,
            date=day,
            hours=hours if hours is not None else Decimal(rng.choice(HOURS[kind])),
            subjects=subjects,
            descriptors=self._choose_descriptors(person, topic.codes, kind),
            learned=fill(topic.learned),
            will_try=fill(topic.will_try),
            pupils=_sentence_case(fill(topic.pupils)),
            success=fill(topic.success),
            visibility=self._visibility(person),
            changed=tuple(fill(text) for text in topic.changed),
        )

    def _subject_phrase(self, slug: str) -> str:
        name = self.subjects[slug].name
        return SUBJECT_IN_A_SENTENCE.get(name, name.lower())

    def _choose_descriptors(self, person: Person, codes: tuple[str, ...], kind: str) -> list[str]:
        rng = person.rng
        standards = [c for c in codes if c.startswith("ts:")] if person.is_teacher else []
        headship = [c for c in codes if c.startswith("ht:")] if person.tags & {"senior", "head"} else []
        others = [c for c in codes if c.split(":")[0] in ("eef", "pd")]
        chosen = rng.sample(standards, rng.randint(1, min(3, len(standards)))) if standards else []
        if person.staff_group == StaffGroup.TEACHING_ASSISTANTS:
            chosen += rng.sample(content.TA_STANDARD_CODES, rng.randint(1, 2))
        chosen += [c for c in headship + others if rng.random() < 0.6]
        mechanism_chance = {StaffGroup.TEACHERS: 0.3, StaffGroup.TEACHING_ASSISTANTS: 0.5}.get(person.staff_group, 0.2)
        if rng.random() < mechanism_chance:
            chosen.append(KIND_MECHANISM[kind])
        return list(dict.fromkeys(chosen))

    def _visibility(self, person: Person) -> str:
        choices, weights = zip(*VISIBILITY_WEIGHTS, strict=True)
        visibility = person.rng.choices(choices, weights=weights)[0]
        if visibility == Visibility.LINE_MANAGER and not person.has_line_manager:
            return Visibility.PRIVATE
        return visibility

    def _network_session(self, person: Person, index: int, day: datetime.date) -> Planned | None:
        rng = person.rng
        interests = set(person.subjects)
        if person.staff_group == StaffGroup.TEACHING_ASSISTANTS:
            interests |= {"early-years"} if person.slot.department == "Early Years" else set()
            interests |= {"send"} if person.slot.department == "Inclusion" else set()
            interests |= {"mathematics"} if "maths" in person.slot.key else set()
        matches = []
        for name, subject, audience, foci in content.NETWORK_SESSIONS:
            if not set(audience.split()) & person.tags:
                continue
            if name == "foundation subjects":
                subject_choices = sorted(interests & FOUNDATION_SUBJECTS)
                if not subject_choices:
                    continue
                subject = rng.choice(subject_choices)
            elif subject is not None and subject not in interests:
                continue
            matches.append((name, subject, foci))
        if not matches:
            return None
        chance = 0.9 if "cpd" in person.tags else 0.6 if person.tags & {"leader", "senco"} else 0.2
        if rng.random() > chance:
            return None
        name, subject, foci = rng.choice(matches)
        focus = foci[index % len(foci)]
        group = person.group()
        reflection = content.NETWORK_REFLECTION

        def fill(text: str) -> str:
            return text.format(group=group, focus=focus)

        return Planned(
            title=f"Alliance {name} network: {focus}",
            kind=K.NETWORK_SESSION,
            date=day,
            hours=Decimal(rng.choice(HOURS[K.NETWORK_SESSION])),
            subjects=[subject] if subject else [],
            descriptors=self._choose_descriptors(person, ("ts:TS3.b", "ts:TS8.b", "pd:PD3"), K.NETWORK_SESSION),
            learned=fill(reflection["learned"]),
            will_try=fill(reflection["will_try"]),
            pupils=_sentence_case(fill(reflection["pupils"])),
            success=reflection["success"],
            visibility=self._visibility(person),
            changed=reflection["changed"],
        )

    def _qualification(self, person: Person, calendar: Calendar) -> Planned:
        rng = person.rng
        day = _weekday_on_or_before(calendar.previous.start + datetime.timedelta(days=rng.randint(285, 305)))
        reflection = content.NPQ_REFLECTION
        codes = ("ts:TS8.d", "pd:PD4", "pd:PD2", "ht:HT6", "ht:HT8")
        item = Planned(
            title=person.slot.npq,
            kind=K.QUALIFICATION,
            date=day,
            hours=Decimal(rng.choice(HOURS[K.QUALIFICATION])),
            subjects=["send"] if "Special Educational Needs" in person.slot.npq else [],
            descriptors=self._choose_descriptors(person, codes, K.QUALIFICATION),
            learned=reflection["learned"],
            will_try=reflection["will_try"],
            pupils=reflection["pupils"],
            success=reflection["success"],
            visibility=Visibility.SCHOOL,
            changed=reflection["changed"],
        )
        item.evidence.append(_certificate(person, item))
        return item

    def _add_showcase_evidence(self, person: Person, planned: list[Planned]) -> None:
        if any(p.evidence for p in planned):
            return
        inset = next((p for p in planned if p.kind == K.INSET), None)
        if inset:
            inset.evidence.append(_certificate(person, inset))

    def _follow_ups(self, person: Person, calendar: Calendar, planned: list[Planned]) -> list[FollowUp]:
        rng = person.rng
        weeks = datetime.timedelta(weeks=person.school.follow_up_weeks)
        tz = person.school.tz
        follow_ups = []
        for item in planned:
            due_on = item.date + weeks
            follow_up = FollowUp(school=person.school, owner_id=person.membership.user_id, due_on=due_on)
            if due_on <= calendar.today:
                follow_up.reminder_sent_at = datetime.datetime.combine(due_on, datetime.time(7, 0), tzinfo=tz)
                recent = (calendar.today - due_on).days <= 42
                if rng.random() >= (0.35 if recent else 0.04):
                    self._answer(follow_up, item, rng, calendar)
            follow_ups.append(follow_up)
        if person.slot.showcase:
            # A demo login opens on a couple of "What changed for your pupils?" prompts, and no old backlog.
            due = [(f, item) for f, item in zip(follow_ups, planned, strict=True) if f.due_on <= calendar.today]
            due.sort(key=lambda pair: pair[0].due_on)
            for position, (follow_up, item) in enumerate(due):
                if position >= len(due) - SHOWCASE_DUE_FOLLOW_UPS:
                    follow_up.answered_at, follow_up.what_changed, follow_up.guskey_level = None, "", None
                elif follow_up.answered_at is None:
                    self._answer(follow_up, item, rng, calendar)
        return follow_ups

    def _answer(self, follow_up: FollowUp, item: Planned, rng: random.Random, calendar: Calendar) -> None:
        tz = follow_up.school.tz
        day = follow_up.due_on + datetime.timedelta(days=rng.randint(0, 10))
        answered = datetime.datetime.combine(day, datetime.time(15, 30), tzinfo=tz) + datetime.timedelta(
            minutes=rng.randint(0, 150)
        )
        follow_up.answered_at = min(answered, calendar.now - datetime.timedelta(minutes=5))
        follow_up.what_changed = rng.choice(item.changed)
        levels, weights = zip(*content.GUSKEY_WEIGHTS.items(), strict=True)
        follow_up.guskey_level = rng.choices(levels, weights=weights)[0]

    # --- Summary -------------------------------------------------------------------------------------------

    def _count(self, schools: list[School]) -> None:
        summary = self.summary
        today = max(school_today(s) for s in schools)
        follow_ups = FollowUp.objects.filter(school__in=schools)
        summary.schools = len(schools)
        summary.memberships = Membership.objects.filter(school__in=schools).count()
        summary.activities = Activity.objects.filter(school__in=schools).count()
        summary.follow_ups_answered = follow_ups.filter(answered_at__isnull=False).count()
        summary.follow_ups_due = follow_ups.filter(answered_at__isnull=True, due_on__lte=today).count()
        summary.follow_ups_scheduled = follow_ups.filter(answered_at__isnull=True, due_on__gt=today).count()
        summary.evidence = Evidence.objects.filter(school__in=schools).count()
        present = set(
            User.objects.filter(email__in=[e for e, _ in content.DEMO_LOGINS]).values_list("email", flat=True)
        )
        summary.logins = [(email, label) for email, label in content.DEMO_LOGINS if email in present]


def _slot(spec: SchoolSpec, key: str) -> Slot:
    return next(s for s in spec.slots if s.key == key)


def _tags(slot: Slot, staff_group: str) -> frozenset[str]:
    roles = set(slot.roles)
    tags = set()
    if staff_group == StaffGroup.TEACHERS:
        tags.add("teacher")
        if roles & {SchoolRole.MIDDLE_LEADER, SchoolRole.SENIOR_LEADER, SchoolRole.HEADTEACHER}:
            tags.add("leader")
        if roles & {SchoolRole.SENIOR_LEADER, SchoolRole.HEADTEACHER}:
            tags.add("senior")
        if SchoolRole.HEADTEACHER in roles:
            tags.add("head")
    elif staff_group == StaffGroup.TEACHING_ASSISTANTS:
        tags.add("ta")
    elif staff_group == StaffGroup.SUPPORT:
        tags.add("support")
        if SchoolRole.SCHOOL_ADMIN in roles or slot.key in ("office", "bursar"):
            tags.add("office")
        if slot.key in ("site", "caretaker"):
            tags.add("site")
        if slot.key == "exams":
            tags.add("exams")
    elif staff_group == StaffGroup.MIDDAY:
        tags.add("midday")
    elif staff_group == StaffGroup.GOVERNANCE:
        tags.add("governor")
    if SchoolRole.CPD_COORDINATOR in roles:
        tags.add("cpd")
    if slot.key == "senco":
        tags.add("senco")
    if slot.mentor:
        tags.add("mentor")
    if slot.ect:
        tags.add("ect")
    return frozenset(tags)


def _certificate(person: Person, item: Planned) -> tuple[str, bytes, str]:
    name = person.membership.user.display_name
    lines = [
        "Certificate of completion",
        "",
        item.title,
        f"Awarded to {name}, {person.school.name}",
        f"Completed on {item.date.day} {item.date:%B %Y} ({item.hours} hours)",
    ]
    return _file_name(item.title, "certificate", "pdf"), minimal_pdf(lines), "application/pdf"


def _handout(item: Planned) -> tuple[str, bytes, str]:
    lines = [item.title, "", "Key points", item.learned, "", "Next steps", item.will_try]
    return _file_name(item.title, "handout", "pdf"), minimal_pdf(lines), "application/pdf"


def _reading_notes(item: Planned) -> tuple[str, bytes, str]:
    text = f"{item.title}\n\nNotes\n{item.learned}\n\nTo try\n{item.will_try}\n"
    return _file_name(item.title, "notes", "txt"), text.encode("utf-8"), "text/plain; charset=utf-8"


def _file_name(title: str, what: str, extension: str) -> str:
    words = slugify(title.split(": ", 1)[-1]).split("-")
    while len("-".join(words)) > 50:
        words.pop()
    return f"{'-'.join(words)}-{what}.{extension}"
