"""Demo appraisals: last year's finished cycle and this year's, for everyone on the staff of each demo school.

Written straight to the database like the rest of the demo. Cycles, stages, advisers and appraisals are found
by their natural keys; everything inside an appraisal (reviewers, objectives, check-ins, self-review, reviews,
access log) is written only when the appraisal itself is new, so a second run adds nothing and never undoes
what someone has changed while trying the demo.

Every choice comes from a generator seeded with the school, the post and the year, so one person's appraisal
does not depend on whose was planned before it; only who carries an objective over is chosen per school, so
that every school has its share.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db.models import Count, Q

from staffroom.accounts.models import Membership, MembershipRole, User
from staffroom.accounts.roles import SchoolRole, StaffGroup
from staffroom.appraisal import rules
from staffroom.appraisal.models import (
    AccessLog,
    Appraisal,
    AppraisalCycle,
    CheckIn,
    Objective,
    OutcomeStatement,
    Reviewer,
    ReviewMeeting,
    SelfRating,
    SelfReview,
    Stage,
)
from staffroom.frameworks.models import Framework, Standard
from staffroom.learning.models import Activity
from staffroom.organisations.calendar import academic_year_starting
from staffroom.organisations.models import School

from . import appraisal_content as text
from . import content

S = Stage.Kind
STAGE_ORDER = (S.PLANNING, S.MID_YEAR, S.END_OF_YEAR)
COMPLETE, IN_PROGRESS, NOT_STARTED = "complete", "in_progress", "not_started"
# The access log's wording, as the app writes it.
SET_UP = "Set up the appraisal"
OVERVIEW = "Appraisal overview"
REVIEW_PAGE = "Review: {stage}"
CARRY_OVER_SHARE = 0.2
# The demo login whose appraiser has written planning notes that nobody has agreed yet, for a journey to finish.
JOURNEY_TEACHER = "teacher@oakfield.example"
ONE_OBJECTIVE_THIS_YEAR = frozenset({JOURNEY_TEACHER, "ta@oakfield.example"})


@dataclass
class SchoolContext:
    spec: content.SchoolSpec
    school: School
    calendar: object
    head: object | None  # Person
    governors: list
    adviser: Membership | None
    cycles: dict[int, AppraisalCycle] = field(default_factory=dict)
    stages: dict[tuple[int, str], Stage] = field(default_factory=dict)
    statements: list[OutcomeStatement] = field(default_factory=list)
    # Posts whose appraisal carries one objective over from last year into this one.
    carry_over: frozenset[str] = frozenset()


@dataclass
class PlannedObjective:
    objective: Objective
    idea: text.Idea | None
    descriptor_ids: list[int]
    activity_ids: list[int]
    check_ins: list[CheckIn] = field(default_factory=list)


@dataclass
class PlannedSelfReview:
    self_review: SelfReview
    activity_ids: list[int]
    ratings: list[tuple[SelfRating, list[int]]]


@dataclass
class AppraisalPlan:
    objectives: list[PlannedObjective] = field(default_factory=list)
    self_review: PlannedSelfReview | None = None
    reviews: list[ReviewMeeting] = field(default_factory=list)
    logs: list[AccessLog] = field(default_factory=list)


class AppraisalSeeder:
    def __init__(self, builder) -> None:
        self.builder = builder
        self.summary = builder.summary

    def build(self, people: list) -> None:
        # For teachers, for teaching assistants and support staff, and for the headteacher.
        self.frameworks = {
            prefix: Framework.objects.get(slug=content.FRAMEWORKS[prefix], is_current=True)
            for prefix in ("ts", "ta", "ht")
        }
        self.standards: dict[int, list[Standard]] = {}
        for standard in Standard.objects.filter(framework__in=self.frameworks.values()).order_by("order", "pk"):
            self.standards.setdefault(standard.framework_id, []).append(standard)
        contexts = self._contexts(people)
        staff = [
            p
            for p in people
            if p.membership.is_active and p.staff_group != StaffGroup.GOVERNANCE and p.school.pk in contexts
        ]
        new_appraisals = self._ensure_appraisals(contexts, staff)
        self.activities = self._activities(staff)
        managers = self._managers(staff)
        self.summary.appraisals_created = len(new_appraisals)

        # Last year first, so that this year can carry over what last year left unfinished.
        for current in (False, True):
            plans, reviewers = [], []
            carried, earlier_titles = self._last_year(contexts, new_appraisals) if current else ({}, {})
            for appraisal, person, ctx, is_current in new_appraisals:
                if is_current != current:
                    continue
                panel = self._reviewers(ctx, person, managers)
                reviewers += [
                    Reviewer(
                        school=ctx.school,
                        appraisal=appraisal,
                        membership=member,
                        role=role,
                        assigned_by_id=ctx.head.membership.user_id if ctx.head else None,
                    )
                    for member, role in panel
                ]
                rng = random.Random(
                    f"{content.SEED}:{ctx.spec.key}:{person.slot.key}:appraisal:{appraisal.cycle.year_start}"
                )
                planner = _Planner(self, ctx, person, appraisal, panel, rng)
                plans.append(
                    planner.plan(
                        current=current,
                        carried=carried.get(person.membership.pk, []),
                        avoid=earlier_titles.get(person.membership.pk, set()),
                    )
                )
            self._save_reviewers(reviewers)
            self._save(plans)
        with_outcome = [a for a, *_rest in new_appraisals if a.outcome_statement_id]
        Appraisal.objects.bulk_update(with_outcome, ["outcome_statement"])
        self._count([ctx.school for ctx in contexts.values()])

    # --- Structure -----------------------------------------------------------------------------------------

    def _contexts(self, people: list) -> dict[int, SchoolContext]:
        specs = {spec.key: spec for spec in content.SCHOOLS}
        by_school: dict[int, list] = {}
        for person in people:
            by_school.setdefault(person.school.pk, []).append(person)
        advisers = self._ensure_advisers({group[0].spec.key: group[0].school for group in by_school.values()})
        contexts = {}
        for school_pk, group in by_school.items():
            spec, school = specs[group[0].spec.key], group[0].school
            active = [p for p in group if p.membership.is_active]
            head = next((p for p in active if "head" in p.tags), None)
            governors = [p for p in active if SchoolRole.GOVERNOR in p.slot.roles]
            calendar = self.builder._calendar(school)
            # Chosen per school rather than by each person's own roll, so every school has its share.
            candidates = sorted(
                p.slot.key
                for p in active
                if p.staff_group != StaffGroup.GOVERNANCE and p.membership.user.email not in ONE_OBJECTIVE_THIS_YEAR
            )
            chooser = random.Random(f"{content.SEED}:{spec.key}:{calendar.previous.start.year}:carry-over")
            ctx = SchoolContext(
                spec=spec,
                school=school,
                calendar=calendar,
                head=head,
                governors=governors,
                adviser=advisers.get(school_pk),
                carry_over=frozenset(chooser.sample(candidates, round(len(candidates) * CARRY_OVER_SHARE))),
            )
            self._ensure_cycles(ctx)
            contexts[school_pk] = ctx
        return contexts

    def _ensure_advisers(self, schools: dict[str, School]) -> dict[int, Membership]:
        specs = {spec.key: spec for spec in content.SCHOOLS}
        wanted = {f"adviser@{specs[key].domain}": (key, school) for key, school in schools.items()}
        users = {u.email: u for u in User.objects.filter(email__in=wanted)}
        new_users = [
            User(email=email, first_name=first, last_name=last, password=self.builder._hashed_password())
            for email, (key, _school) in wanted.items()
            if email not in users
            for first, last in [text.ADVISERS[key]]
        ]
        User.objects.bulk_create(new_users)
        users.update({u.email: u for u in new_users})
        self.summary.users_created += len(new_users)

        existing = {
            m.school_id: m
            for m in Membership.objects.filter(user__in=users.values(), school__in=[s for _k, s in wanted.values()])
        }
        new_members = [
            Membership(
                user=users[email],
                school=school,
                job_title=text.ADVISER_JOB_TITLE,
                staff_group=StaffGroup.GOVERNANCE,
            )
            for email, (_key, school) in wanted.items()
            if school.pk not in existing
        ]
        Membership.objects.bulk_create(new_members)
        MembershipRole.objects.bulk_create(
            [MembershipRole(membership=m, role=SchoolRole.EXTERNAL_ADVISER) for m in new_members]
        )
        self.summary.memberships_created += len(new_members)
        existing.update({m.school_id: m for m in new_members})
        return {pk: m for pk, m in existing.items() if m.is_active}

    def _ensure_cycles(self, ctx: SchoolContext) -> None:
        calendar = ctx.calendar
        head_user = ctx.head.membership.user_id if ctx.head else None
        years = [calendar.previous, calendar.current]
        found = {c.year_start: c for c in AppraisalCycle.objects.filter(school=ctx.school)}
        for year in years:
            cycle = found.get(year.start.year)
            if cycle is None:
                cycle = AppraisalCycle.objects.create(
                    school=ctx.school,
                    year_start=year.start.year,
                    teacher_framework=self.frameworks["ts"],
                    support_framework=self.frameworks["ta"],
                    headteacher_framework=self.frameworks["ht"],
                    outcome_statements_enabled=ctx.spec.key in text.OUTCOME_STATEMENTS,
                    created_by_id=head_user,
                )
                # auto_now_add stamps today; the cycle was really set up before its year began.
                cycle.created_at = _moment(year.start - datetime.timedelta(days=10), 10, 0, ctx.school)
                AppraisalCycle.objects.filter(pk=cycle.pk).update(created_at=cycle.created_at)
            ctx.cycles[year.start.year] = cycle

        have = {(s.cycle_id, s.kind) for s in Stage.objects.filter(cycle__in=ctx.cycles.values())}
        new_stages = []
        for cycle in ctx.cycles.values():
            # The app's own defaults: planning by the end of October, mid-year by the end of February and the
            # end-of-year review by mid-July, for a September start.
            for order, default in enumerate(rules.default_stages(ctx.school, cycle.year_start)):
                if (cycle.pk, default.kind) not in have:
                    new_stages.append(
                        Stage(
                            school=ctx.school,
                            cycle=cycle,
                            kind=default.kind,
                            name=default.name,
                            opens_on=default.opens_on,
                            due_on=default.due_on,
                            order=order,
                        )
                    )
        Stage.objects.bulk_create(new_stages)
        for stage in Stage.objects.filter(cycle__in=ctx.cycles.values()).exclude(kind=S.OTHER):
            ctx.stages.setdefault((stage.cycle_id, stage.kind), stage)

        wording = text.OUTCOME_STATEMENTS.get(ctx.spec.key, ())
        have_text = {s.text: s for s in OutcomeStatement.objects.filter(school=ctx.school)}
        OutcomeStatement.objects.bulk_create(
            [
                OutcomeStatement(school=ctx.school, text=line, order=order)
                for order, line in enumerate(wording, start=1)
                if line not in have_text
            ]
        )
        if wording:
            ctx.statements = list(OutcomeStatement.objects.filter(school=ctx.school, text__in=wording))
            ctx.statements.sort(key=lambda s: wording.index(s.text))

    def _ensure_appraisals(self, contexts: dict[int, SchoolContext], staff: list) -> list[tuple]:
        cycles = [c for ctx in contexts.values() for c in ctx.cycles.values()]
        have = set(Appraisal.objects.filter(cycle__in=cycles).values_list("cycle_id", "appraisee_id"))
        new = []
        for person in staff:
            ctx = contexts[person.school.pk]
            for is_current, year in ((False, ctx.calendar.previous), (True, ctx.calendar.current)):
                cycle = ctx.cycles[year.start.year]
                if (cycle.pk, person.membership.pk) in have:
                    continue
                appraisal = Appraisal(
                    school=ctx.school,
                    cycle=cycle,
                    appraisee=person.membership,
                    kind=Appraisal.Kind.HEADTEACHER if "head" in person.tags else Appraisal.Kind.STAFF,
                )
                opened = _moment(year.start + datetime.timedelta(days=2), 8, 0, ctx.school)
                appraisal.created_at = min(opened, ctx.calendar.now - datetime.timedelta(hours=1))
                new.append((appraisal, person, ctx, is_current))
        _insert_dated(Appraisal, [a for a, *_rest in new], ["created_at"])
        return new

    def _activities(self, staff: list) -> dict[tuple[int, int], list[tuple[datetime.date, int]]]:
        rows = (
            Activity.objects.filter(
                school__in={p.school.pk for p in staff}, owner__in={p.membership.user_id for p in staff}
            )
            .order_by("date", "title", "pk")
            .values_list("owner_id", "school_id", "date", "pk")
        )
        result: dict[tuple[int, int], list] = {}
        for owner_id, school_id, day, pk in rows:
            result.setdefault((owner_id, school_id), []).append((day, pk))
        return result

    def _managers(self, staff: list) -> dict[int, Membership]:
        known = {p.membership.pk: p.membership for p in staff}
        missing = {p.membership.line_manager_id for p in staff} - set(known) - {None}
        known.update({m.pk: m for m in Membership.objects.filter(pk__in=missing)})
        return {pk: m for pk, m in known.items() if m.is_active}

    def _reviewers(self, ctx: SchoolContext, person, managers: dict[int, Membership]) -> list[tuple]:
        if "head" in person.tags:
            panel = [(g.membership, Reviewer.Role.GOVERNOR) for g in ctx.governors[:2]]
            if ctx.adviser:
                panel.append((ctx.adviser, Reviewer.Role.ADVISER))
            return panel
        manager = managers.get(person.membership.line_manager_id)
        if manager is None or manager.pk == person.membership.pk:
            manager = ctx.head.membership if ctx.head else None
        if manager is None or manager.pk == person.membership.pk:
            return []
        return [(manager, Reviewer.Role.APPRAISER)]

    def _last_year(self, contexts, new_appraisals) -> tuple[dict, dict]:
        """Objectives carried over from last year, still waiting for their copy, and last year's titles."""
        appraisees = {a.appraisee_id for a, _p, _c, is_current in new_appraisals if is_current}
        previous = [ctx.cycles[ctx.calendar.previous.start.year] for ctx in contexts.values()]
        objectives = Objective.objects.filter(
            appraisal__cycle__in=previous, appraisal__appraisee__in=appraisees
        ).select_related("appraisal")
        carried: dict[int, list[Objective]] = {}
        titles: dict[int, set[str]] = {}
        waiting = set(
            objectives.filter(status=Objective.Status.CARRIED_OVER, carried_to__isnull=True).values_list(
                "pk", flat=True
            )
        )
        for objective in objectives.prefetch_related("descriptors", "evidence").order_by("order", "pk"):
            titles.setdefault(objective.appraisal.appraisee_id, set()).add(objective.title)
            if objective.pk in waiting:
                carried.setdefault(objective.appraisal.appraisee_id, []).append(objective)
        return carried, titles

    # --- Writing -------------------------------------------------------------------------------------------

    def _save_reviewers(self, reviewers: list[Reviewer]) -> None:
        for reviewer in reviewers:
            reviewer.assigned_at = reviewer.appraisal.created_at
        _insert_dated(Reviewer, reviewers, ["assigned_at"])

    def _save(self, plans: list[AppraisalPlan]) -> None:
        planned = [p for plan in plans for p in plan.objectives]
        _insert_dated(Objective, [p.objective for p in planned], ["created_at", "updated_at"])
        Objective.descriptors.through.objects.bulk_create(
            [
                Objective.descriptors.through(objective_id=p.objective.pk, descriptor_id=pk)
                for p in planned
                for pk in p.descriptor_ids
            ],
            batch_size=1000,
        )
        Objective.evidence.through.objects.bulk_create(
            [
                Objective.evidence.through(objective_id=p.objective.pk, activity_id=pk)
                for p in planned
                for pk in p.activity_ids
            ],
            batch_size=1000,
        )
        check_ins = []
        for p in planned:
            for check_in in p.check_ins:
                check_in.objective = p.objective
                check_ins.append(check_in)
        _insert_dated(CheckIn, check_ins, ["created_at"])

        reviews = [p.self_review for p in plans if p.self_review]
        _insert_dated(SelfReview, [r.self_review for r in reviews], ["updated_at"])
        SelfReview.evidence.through.objects.bulk_create(
            [
                SelfReview.evidence.through(selfreview_id=r.self_review.pk, activity_id=pk)
                for r in reviews
                for pk in r.activity_ids
            ]
        )
        ratings = []
        for r in reviews:
            for rating, _ids in r.ratings:
                rating.self_review = r.self_review
                ratings.append(rating)
        SelfRating.objects.bulk_create(ratings, batch_size=500)
        SelfRating.evidence.through.objects.bulk_create(
            [
                SelfRating.evidence.through(selfrating_id=rating.pk, activity_id=pk)
                for r in reviews
                for rating, ids in r.ratings
                for pk in ids
            ]
        )

        ReviewMeeting.objects.bulk_create([r for plan in plans for r in plan.reviews], batch_size=500)
        logs = [log for plan in plans for log in plan.logs]
        _insert_dated(AccessLog, logs, ["at"])

    def _count(self, schools: list[School]) -> None:
        summary = self.summary
        in_schools = Q(school__in=schools)
        summary.appraisal_cycles = AppraisalCycle.objects.filter(in_schools).count()
        summary.appraisals = Appraisal.objects.filter(in_schools).count()
        summary.objectives = Objective.objects.filter(in_schools).count()
        summary.check_ins = CheckIn.objects.filter(in_schools).count()
        summary.self_reviews = SelfReview.objects.filter(in_schools).count()
        signed = Q(appraisee_signed_at__isnull=False, reviewer_signed_at__isnull=False)
        written = ~Q(appraisee_notes="") | ~Q(reviewer_notes="") | ~Q(agreed_record="")
        reviews = ReviewMeeting.objects.filter(in_schools).aggregate(
            signed=Count("pk", filter=signed),
            approved=Count("pk", filter=Q(approved_at__isnull=False)),
            in_progress=Count("pk", filter=written & ~signed),
        )
        summary.reviews_signed = reviews["signed"]
        summary.reviews_approved = reviews["approved"]
        summary.reviews_in_progress = reviews["in_progress"]


class _Planner:
    """Plans one new appraisal: its objectives, check-ins, self-review, reviews and access log."""

    def __init__(self, seeder: AppraisalSeeder, ctx: SchoolContext, person, appraisal: Appraisal, panel, rng):
        self.seeder = seeder
        self.ctx = ctx
        self.person = person
        self.appraisal = appraisal
        self.cycle = appraisal.cycle
        self.rng = rng
        self.current = appraisal.cycle.year_start == ctx.calendar.current.start.year
        self.school = ctx.school
        self.now = ctx.calendar.now
        self.today = ctx.calendar.today
        self.year = academic_year_starting(self.cycle.year_start, self.school.academic_year_start_month)
        self.stages = {kind: ctx.stages[(self.cycle.pk, kind)] for kind in STAGE_ORDER}
        self.email = person.membership.user.email
        self.is_head = "head" in person.tags
        self.reviewer = panel[0][0] if panel else None
        if self.is_head:
            self.approver = panel[0][0].user_id if panel and panel[0][1] == Reviewer.Role.GOVERNOR else None
        else:
            self.approver = ctx.head.membership.user_id if ctx.head else None
        self.set_up_by = self.cycle.created_by_id
        self.name = person.membership.user.preferred_name or person.membership.user.first_name
        self.activities = [
            (day, pk)
            for day, pk in seeder.activities.get((person.membership.user_id, self.school.pk), [])
            if self.year.start <= day <= min(self.year.end, self.today)
        ]

    # --- The year's shape ----------------------------------------------------------------------------------

    def plan(self, *, current: bool, carried: list[Objective], avoid: set[str]) -> AppraisalPlan:
        states = self._current_states() if current else self._finished_states()
        if self.reviewer is None:
            # Nobody to meet: whoever this is has only their own objectives.
            states = {kind: NOT_STARTED for kind in STAGE_ORDER}
        meetings = {}
        for kind in STAGE_ORDER:
            meetings[kind] = self._meeting_day(kind, states[kind])
            if states[kind] == COMPLETE and meetings[kind] is None:
                # Too early in the stage for the meeting to have happened yet.
                states[kind] = IN_PROGRESS
        planning = states[S.PLANNING]

        if current:
            if self.email in ONE_OBJECTIVE_THIS_YEAR:
                count = 1
            elif planning == COMPLETE:
                count = self.rng.randint(1, 3)
            elif planning == IN_PROGRESS:
                count = self.rng.randint(1, 2) if self.rng.random() < 0.5 else 0
            else:
                count = 1 if self.rng.random() < 0.1 else 0
            carried = carried[: max(count, 1)] if self.email not in ONE_OBJECTIVE_THIS_YEAR else []
        else:
            count = self.rng.randint(2, 3)
            carried = []
        set_on = meetings[S.PLANNING] if planning == COMPLETE else None
        objectives = [self._copy(objective, set_on) for objective in carried]
        taken = {p.objective.title for p in objectives}
        objectives += self._new_objectives(max(count - len(objectives), 0), avoid, set_on, taken)
        for order, planned in enumerate(objectives):
            planned.objective.order = order

        if not current:
            self._finish(objectives, states)
        plan = AppraisalPlan(objectives=objectives)
        if self.rng.random() < (0.33 if current else 0.85):
            plan.self_review = self._self_review(current, meetings)
        plan.logs.append(self._log(self.set_up_by, AccessLog.Action.CHANGED, SET_UP, self.appraisal.created_at))
        for planned in objectives:
            if planned.objective.carried_from_id:
                plan.logs.append(self._carried_log(planned.objective))
        for kind in STAGE_ORDER:
            review = self._review(kind, states[kind], meetings[kind], objectives, current)
            plan.reviews.append(review)
            if not (current and self.email == JOURNEY_TEACHER):
                plan.logs += self._logs(review)
        if current and self.email == JOURNEY_TEACHER:
            plan.logs += self._journey_logs()
        return plan

    def _finished_states(self) -> dict[str, str]:
        roll = self.rng.random()
        if roll < 0.86:
            return dict.fromkeys(STAGE_ORDER, COMPLETE)
        if roll < 0.95:
            return {S.PLANNING: COMPLETE, S.MID_YEAR: COMPLETE, S.END_OF_YEAR: IN_PROGRESS}
        # A long absence: only the planning review happened.
        return {S.PLANNING: COMPLETE, S.MID_YEAR: NOT_STARTED, S.END_OF_YEAR: NOT_STARTED}

    def _current_states(self) -> dict[str, str]:
        states = {}
        previous_done = True
        for kind in STAGE_ORDER:
            opens, due = self.stages[kind].opens_on, self.stages[kind].due_on
            if opens > self.today or not previous_done:
                states[kind] = NOT_STARTED
                previous_done = False
                continue
            roll = self.rng.random()
            complete, in_progress = (0.5, 0.25) if due < self.today else (0.25, 0.35)
            states[kind] = (
                COMPLETE if roll < complete else IN_PROGRESS if roll < complete + in_progress else NOT_STARTED
            )
            previous_done = states[kind] == COMPLETE
        if self.email == JOURNEY_TEACHER:
            states = {S.PLANNING: IN_PROGRESS, S.MID_YEAR: NOT_STARTED, S.END_OF_YEAR: NOT_STARTED}
        return states

    def _meeting_day(self, kind: str, state: str) -> datetime.date | None:
        if state == NOT_STARTED:
            return None
        stage = self.stages[kind]
        start = stage.opens_on + datetime.timedelta(days=7 if kind == S.PLANNING else 0)
        end = stage.due_on
        if state == COMPLETE:
            end = min(end, self.today - datetime.timedelta(days=1))
            return _weekday(self.rng, start, end) if start <= end else None
        # Booked but not yet held: the meeting is a week or two away. Last year's never happened.
        if self.current and self.today > start:
            return _weekday(self.rng, self.today + datetime.timedelta(days=2), self.today + datetime.timedelta(days=14))
        return None

    # --- Objectives ----------------------------------------------------------------------------------------

    def _pool(self, avoid: set[str], taken: set[str], repeat: bool) -> list[tuple[text.Idea, str, str | None]]:
        """Objectives this person might set; last year's come back only if nothing else suits (`repeat`)."""
        person = self.person
        if self.is_head:
            ideas = [i for i in text.IDEAS if "head" in i.audience]
        else:
            ideas = [i for i in text.IDEAS if i.audience & person.tags and "head" not in i.audience]
        pool = []
        for idea in ideas:
            if person.spec.phase not in idea.phases:
                continue
            subject = idea.subject
            if subject == "own":
                if not person.subjects:
                    continue
                subject = self.rng.choice(person.subjects)
            title = self._fill(idea.title, subject)
            if title not in taken:
                pool.append((idea, title, subject))
        fresh = [entry for entry in pool if entry[1] not in avoid]
        return fresh or (pool if repeat else [])

    def _new_objectives(
        self, count: int, avoid: set[str], set_on: datetime.date | None, taken: set[str]
    ) -> list[PlannedObjective]:
        result = []
        for _ in range(count):
            pool = self._pool(avoid, taken, repeat=not (result or taken))
            if not pool:
                break
            # Leaders usually take on one leadership objective beside their classroom ones.
            weights = [3 if idea.audience & {"leader", "mentor", "cpd", "senco"} else 1 for idea, *_ in pool]
            idea, title, subject = self.rng.choices(pool, weights=weights)[0]
            taken.add(title)
            result.append(self._objective(idea, title, subject, set_on))
        return result

    def _objective(self, idea: text.Idea, title: str, subject: str | None, set_on) -> PlannedObjective:
        rng = self.rng
        support_chance = 0.6 if self.ctx.spec.key == "fenbridge" else 0.5
        support = rng.random() < support_chance
        created = self._created_day(set_on)
        objective = Objective(
            school=self.school,
            appraisal=self.appraisal,
            title=title[:200],
            rationale=self._fill(idea.rationale, subject),
            priority=text.PRIORITIES[self.ctx.spec.key][idea.priority],
            success_criteria=self._fill(idea.success, subject),
            measures=idea.measures,
            subject=self.seeder.builder.subjects[subject] if subject else None,
            support_needed=idea.support if support else "",
            support_theme=idea.theme if support else "",
            status=Objective.Status.ACTIVE,
        )
        objective.created_at = objective.updated_at = self._past(_moment(created, 16, rng.randint(0, 90), self.school))
        codes = list(idea.codes)
        descriptor_ids = [
            self.seeder.builder.descriptors[code]
            for code in rng.sample(codes, min(len(codes), rng.randint(1, 2)))
            if code in self.seeder.builder.descriptors
        ]
        evidence = rng.choices([0, 1, 2], weights=[35, 40, 25])[0]
        activity_ids = sorted(pk for _day, pk in rng.sample(self.activities, min(evidence, len(self.activities))))
        planned = PlannedObjective(objective, idea, descriptor_ids, activity_ids)
        planned.check_ins = self._check_ins(planned, created)
        return planned

    def _copy(self, original: Objective, set_on) -> PlannedObjective:
        created = self._created_day(set_on)
        objective = Objective(
            school=self.school,
            appraisal=self.appraisal,
            title=original.title,
            rationale=original.rationale,
            priority=original.priority,
            success_criteria=original.success_criteria,
            measures=original.measures,
            subject_id=original.subject_id,
            support_needed=original.support_needed,
            support_theme=original.support_theme,
            status=Objective.Status.ACTIVE,
            carried_from=original,
        )
        objective.created_at = objective.updated_at = self._past(_moment(created, 9, 0, self.school))
        planned = PlannedObjective(
            objective,
            None,
            [d.pk for d in original.descriptors.all()],
            [a.pk for a in original.evidence.all()],
        )
        if self.rng.random() < 0.5 and self.reviewer is not None:
            at = self._at_or_before(created + datetime.timedelta(days=self.rng.randint(5, 20)), 15)
            if at:
                planned.check_ins.append(self._check_in(self.person.membership.user_id, text.CARRIED_CHECK_IN, at))
        return planned

    def _created_day(self, set_on: datetime.date | None) -> datetime.date:
        if set_on:
            return set_on
        start = self.year.start + datetime.timedelta(days=10)
        end = min(self.stages[S.PLANNING].due_on, self.today - datetime.timedelta(days=1))
        return _weekday(self.rng, start, end) if start <= end else min(self.year.start, self.today)

    def _check_ins(self, planned: PlannedObjective, created: datetime.date) -> list[CheckIn]:
        rng = self.rng
        idea = planned.idea
        first = created + datetime.timedelta(days=14)
        last = min(self.stages[S.END_OF_YEAR].due_on, self.today - datetime.timedelta(days=1))
        if first > last:
            return []
        weeks = (last - first).days // 7
        most = 3 if weeks > 20 else 2 if weeks > 6 else 1
        count = rng.choices(range(most + 1), weights=[20, 30, 30, 20][: most + 1])[0]
        days = sorted(_weekday(rng, first, last) for _ in range(count))
        result, progress = [], 0
        for day in days:
            if self.reviewer is None and progress >= len(idea.progress):
                break
            by_reviewer = self.reviewer is not None and (rng.random() < 0.3 or progress >= len(idea.progress))
            if by_reviewer:
                comments = text.PANEL_COMMENTS if self.is_head else text.REVIEWER_COMMENTS
                author, words = self.reviewer.user_id, rng.choice(comments)
            else:
                author, words = self.person.membership.user_id, idea.progress[progress]
                progress += 1
            at = self._at_or_before(day, rng.randint(12, 19))
            if at:
                result.append(self._check_in(author, words, at))
        return result

    def _check_in(self, author_id: int, words: str, at: datetime.datetime) -> CheckIn:
        check_in = CheckIn(school=self.school, author_id=author_id, text=words)
        check_in.created_at = at
        return check_in

    def _finish(self, objectives: list[PlannedObjective], states: dict[str, str]) -> None:
        """Last year's outcomes: mostly achieved; about one person in five carries one objective over."""
        if states[S.END_OF_YEAR] != COMPLETE or not objectives:
            return
        carry = self.person.slot.key in self.ctx.carry_over
        carried = self.rng.randrange(len(objectives)) if carry else None
        for index, planned in enumerate(objectives):
            if index == carried:
                status = Objective.Status.CARRIED_OVER
            elif self.rng.random() < 0.06:
                status = Objective.Status.WITHDRAWN
            else:
                status = Objective.Status.ACHIEVED
            planned.objective.status = status
            end = self.stages[S.END_OF_YEAR].due_on
            planned.objective.updated_at = _moment(end, 17, index, self.school)

    # --- Self-review ---------------------------------------------------------------------------------------

    def _self_review(self, current: bool, meetings: dict) -> PlannedSelfReview | None:
        rng = self.rng
        framework_id = rules.framework_id_for(self.appraisal, self.cycle)
        if framework_id is None:
            return None
        standards = self.seeder.standards.get(framework_id) or list(
            Standard.objects.filter(framework_id=framework_id).order_by("order", "pk")
        )
        if current:
            start = self.year.start + datetime.timedelta(days=14)
            day = min(_weekday(rng, start, self.today - datetime.timedelta(days=1)), self.today)
        else:
            # Written in the run-up to the end-of-year review.
            before = meetings.get(S.END_OF_YEAR) or self.stages[S.END_OF_YEAR].due_on
            day = before - datetime.timedelta(days=rng.randint(3, 12))
        self_review = SelfReview(
            school=self.school,
            appraisal=self.appraisal,
            framework_id=framework_id,
            summary=rng.choice(text.SELF_REVIEW_SUMMARIES) if rng.random() < 0.8 else "",
        )
        self_review.updated_at = self._past(_moment(day, 19, rng.randint(0, 50), self.school))
        count = rng.randint(min(3, len(standards)), min(6, len(standards)))
        ratings = []
        levels, weights = zip(*text.RATING_WEIGHTS.items(), strict=True)
        for standard in sorted(rng.sample(standards, count), key=lambda s: s.order):
            level = rng.choices(levels, weights=weights)[0]
            rating = SelfRating(
                school=self.school, standard=standard, level=level, comment=rng.choice(text.RATING_COMMENTS[level])
            )
            ids = [rng.choice(self.activities)[1]] if self.activities and rng.random() < 0.35 else []
            ratings.append((rating, ids))
        evidence = sorted(
            {pk for _day, pk in rng.sample(self.activities, min(len(self.activities), rng.randint(0, 2)))}
        )
        return PlannedSelfReview(self_review, evidence, ratings)

    # --- Reviews -------------------------------------------------------------------------------------------

    def _review(self, kind, state, meeting_on, objectives, current) -> ReviewMeeting:
        stage = self.stages[kind]
        review = ReviewMeeting(school=self.school, appraisal=self.appraisal, stage=stage, meeting_on=meeting_on)
        # Like the app, every appraisal has a review row for every stage from the start, blank until used.
        if state == NOT_STARTED or self.reviewer is None:
            return review
        rng = self.rng
        words = self._words(objectives, kind)
        bank = text.STAGE_TEXT[kind]
        several = len(objectives) > 1

        def pool(part: str) -> tuple[str, ...]:
            return bank[part] + (bank.get(f"{part}_several", ()) if several else ())

        if objectives:
            appraisee_pool = pool("appraisee")
            reviewer_pool = text.PANEL_NOTES[kind] if self.is_head else pool("reviewer")
        else:
            appraisee_pool, reviewer_pool = text.NO_OBJECTIVES_TEXT["appraisee"], text.NO_OBJECTIVES_TEXT["reviewer"]
        if state == IN_PROGRESS:
            if self.email == JOURNEY_TEACHER:
                review.reviewer_notes = rng.choice(reviewer_pool).format(**words)
            else:
                write_own = rng.random() < 0.7
                review.appraisee_notes = rng.choice(appraisee_pool).format(**words) if write_own else ""
                if not write_own or rng.random() < 0.5:
                    review.reviewer_notes = rng.choice(reviewer_pool).format(**words)
            review.version = 1 + bool(review.appraisee_notes) + bool(review.reviewer_notes)
            return review

        review.appraisee_notes = rng.choice(appraisee_pool).format(**words)
        review.reviewer_notes = rng.choice(reviewer_pool).format(**words)
        review.agreed_record = rng.choice(pool("agreed")).format(**words)
        review.version = rng.randint(4, 7)
        review.reviewer_signed_at = self._at_or_before(meeting_on + datetime.timedelta(days=rng.randint(0, 3)), 17)
        review.reviewer_signed_by_id = self.reviewer.user_id if review.reviewer_signed_at else None
        review.appraisee_signed_at = self._at_or_before(meeting_on + datetime.timedelta(days=rng.randint(1, 5)), 16)
        signed = [t for t in (review.reviewer_signed_at, review.appraisee_signed_at) if t]
        if len(signed) == 2 and self.approver and not (current and rng.random() < 0.2):
            day = max(signed).astimezone(self.school.tz).date() + datetime.timedelta(days=rng.randint(1, 6))
            review.approved_at = self._at_or_before(day, 8)
            review.approved_by_id = self.approver if review.approved_at else None
        if kind == S.END_OF_YEAR and self.cycle.outcome_statements_enabled and self.ctx.statements:
            statement = rng.choices(self.ctx.statements, weights=text.OUTCOME_WEIGHTS[: len(self.ctx.statements)])
            self.appraisal.outcome_statement = statement[0]
        return review

    def _words(self, objectives: list[PlannedObjective], kind: str) -> dict[str, str]:
        titles = [p.objective.title for p in objectives]
        first = titles[0] if titles else ""
        supports = [p.objective.support_needed for p in objectives if p.objective.support_needed]
        idea = objectives[0].idea if objectives else None
        progress = ""
        if idea and idea.progress:
            progress = idea.progress[-1] if kind == S.END_OF_YEAR else idea.progress[min(1, len(idea.progress) - 1)]
        statuses = [f"- {p.objective.title}: {Objective.Status(p.objective.status).label}" for p in objectives]
        achieved = sum(p.objective.status == Objective.Status.ACHIEVED for p in objectives)
        count = len(objectives)
        if achieved == count:
            met = "both objectives" if count == 2 else f"all {_number_word(count)} objectives"
        else:
            met = f"{_number_word(achieved)} of {_number_word(count)} objectives"
        return {
            "name": self.name,
            "first": first,
            "first_lc": _lower_first(first),
            "list": "\n".join(f"- {t}" for t in titles),
            "support": " ".join(supports) if supports else text.SUPPORT_NONE,
            "progress": progress,
            "status_list": "\n".join(statuses),
            "met": "the objective" if count == 1 and achieved else met,
        }

    def _logs(self, review: ReviewMeeting) -> list[AccessLog]:
        logs = []
        stage = review.stage.name
        page = REVIEW_PAGE.format(stage=stage)
        if review.reviewer_notes and self.reviewer:
            day = review.meeting_on - datetime.timedelta(days=2) if review.meeting_on else self.today
            at = self._at_or_before(min(day, self.today), 18)
            if at:
                logs.append(self._log(self.reviewer.user_id, AccessLog.Action.VIEWED, page, at))
        if review.approved_at:
            approver, at = review.approved_by_id, review.approved_at
            logs.append(self._log(approver, AccessLog.Action.VIEWED, page, at - datetime.timedelta(minutes=2)))
            logs.append(self._log(approver, AccessLog.Action.CHANGED, f"Approved the {stage}", at))
        return logs

    def _carried_log(self, objective: Objective) -> AccessLog:
        label = rules.year_label(self.school, self.cycle.year_start - 1)
        words = f"Carried “{objective.title}” over from {label}"
        return self._log(self.person.membership.user_id, AccessLog.Action.CHANGED, words[:200], objective.created_at)

    def _journey_logs(self) -> list[AccessLog]:
        """The appraiser opened the record and wrote notes last week, and looked again a couple of days ago."""
        user = self.reviewer.user_id
        stage = self.stages[S.PLANNING].name
        entries = [
            (6, 16, AccessLog.Action.VIEWED, OVERVIEW),
            (6, 16, AccessLog.Action.VIEWED, REVIEW_PAGE.format(stage=stage)),
            (6, 16, AccessLog.Action.CHANGED, f"Changed the reviewer's notes of the {stage}"),
            (2, 8, AccessLog.Action.VIEWED, OVERVIEW),
        ]
        logs = []
        for days_ago, hour, action, what in entries:
            at = self._at_or_before(self.today - datetime.timedelta(days=days_ago), hour)
            if at and at > self.appraisal.created_at:
                logs.append(self._log(user, action, what, at + datetime.timedelta(minutes=len(logs))))
        return logs

    def _log(self, user_id: int, action: str, what: str, at: datetime.datetime) -> AccessLog:
        log = AccessLog(school=self.school, appraisal=self.appraisal, user_id=user_id, action=action, what=what)
        log.at = at
        return log

    # --- Helpers -------------------------------------------------------------------------------------------

    def _fill(self, words: str, subject: str | None) -> str:
        phrase = self.seeder.builder._subject_phrase(subject) if subject else "my subject"
        return words.format(group=self._group(), subject=phrase)

    def _group(self) -> str:
        slot = self.person.slot
        group = slot.group or content.SECONDARY_GROUPS[sum(map(ord, slot.key)) % len(content.SECONDARY_GROUPS)]
        if self.person.is_teacher and not group.startswith(("pupils", "the ")):
            return f"my {group}"
        return group

    def _past(self, at: datetime.datetime) -> datetime.datetime:
        """The time given, or a few minutes ago if that would be in the future (on the first days of a year)."""
        return min(at, self.now - datetime.timedelta(minutes=10))

    def _at_or_before(self, day: datetime.date, hour: int) -> datetime.datetime | None:
        """A time on that day, or None if it would be in the future."""
        at = _moment(day, hour, self.rng.randint(0, 59), self.school)
        return at if at <= self.now - datetime.timedelta(minutes=5) else None


def _insert_dated(model, objects: list, fields: list[str]) -> None:
    """bulk_create, keeping the past times set on `fields`.

    auto_now and auto_now_add overwrite those fields with the present on insert, and demo rows belong to the
    months before today, so the planned times are put back with one update per batch.
    """
    planned = [[getattr(obj, name) for name in fields] for obj in objects]
    model.objects.bulk_create(objects, batch_size=500)
    for obj, values in zip(objects, planned, strict=True):
        for name, value in zip(fields, values, strict=True):
            setattr(obj, name, value)
    model.objects.bulk_update(objects, fields, batch_size=500)


def _moment(day: datetime.date, hour: int, minute: int, school: School) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute % 60), tzinfo=school.tz)


def _weekday(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end < start:
        return start
    for _attempt in range(20):
        day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        if day.weekday() < 5:
            return day
    return start


def _lower_first(words: str) -> str:
    if len(words) > 1 and (words[1].isupper() or words.split()[0] in {"Year", "English", "Key"}):
        return words
    return words[:1].lower() + words[1:]


def _number_word(number: int) -> str:
    return ["no", "one", "two", "three", "four", "five"][number] if number < 6 else str(number)
