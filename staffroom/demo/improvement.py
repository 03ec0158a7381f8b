"""Demo school improvement: Oakfield's self-evaluation, its own metrics (with two years of termly data imported
from CSV), a pupil-voice and a staff well-being survey that feed metrics, and this year's improvement plan with
priorities, subject and team plans, actions owned across the staff, proposals and the priority survey.

Everything goes through the evaluation and improvement services, so the audit trail reads as if the head had done
it. A school that already has this year's plan is left alone: a second run adds nothing.

The issue's walk-through is kept open on purpose: the teaching assistant has not yet proposed "Reading buddies",
so `ta@oakfield.example` can propose it and `head@oakfield.example` can accept it into the English plan with the
"Attendance" metric (disadvantaged target 95%) as its success criterion. The other two schools get the default
areas and an attendance metric that shares Oakfield's benchmark key, so the network benchmark explains that it
needs five schools before it shows anything.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from staffroom.accounts.roles import StaffGroup
from staffroom.evaluation import services as evaluation
from staffroom.evaluation.models import DataPoint, EvaluationArea, JudgementLevel, Metric, Survey
from staffroom.improvement import services as improvement
from staffroom.improvement.models import Action, ImprovementPlan, Proposal, SubPlan
from staffroom.organisations.calendar import academic_year, school_today
from staffroom.organisations.models import Subject

AREA_WRITING = {
    "quality-of-education": (
        "Strong",
        "The curriculum is well sequenced in mathematics and science; reading is improving but fluency in Years 3 "
        "and 4 lags behind, most for disadvantaged pupils.",
        "Mathematics mastery approach consistent across classes.\nPhonics screening above national for three years.",
        "Reading fluency in lower Key Stage 2.\nWriting stamina for boys in Year 5.",
        [("Reading audit, autumn", "https://intranet.oakfield.example/reading-audit")],
    ),
    "behaviour-and-attitudes": (
        "Secure",
        "Calm classrooms and good relationships; attendance of disadvantaged pupils is below the rest.",
        "Consistent routines at the start of lessons.\nPupils say adults listen to them.",
        "Attendance and persistent absence of disadvantaged pupils.",
        [],
    ),
    "personal-development": (
        "Strong",
        "Pupils take on responsibility through the school council, eco team and reading ambassadors.",
        "Wide range of clubs, taken up by most disadvantaged pupils.",
        "Careers-related learning in Key Stage 2.",
        [],
    ),
    "leadership-and-management": (
        "Secure",
        "Leaders at every level, including teaching assistants, lead parts of the plan.",
        "Professional learning is planned around the plan's priorities.",
        "Workload: marking and data drops still take too much time.",
        [("Staff well-being survey results", "https://intranet.oakfield.example/wellbeing")],
    ),
    "pupil-well-being": (
        "Developing",
        "More pupils report worrying about friendships since the merger of two Year 3 classes.",
        "Nurture group at lunchtime.",
        "Well-being check-ins in Years 3 and 4.",
        [],
    ),
}

ATTENDANCE_ROWS = (
    # (cohort, whole-school values for the last six terms)
    ("", ("95.1", "94.6", "95.4", "95.8", "95.2", "95.9")),
    ("Disadvantaged", ("90.2", "89.4", "91.0", "91.8", "92.1", "92.9")),
    ("SEND", ("91.0", "90.6", "91.3", "91.9", "91.5", "92.4")),
)
ABSENCE_ROWS = (
    ("", ("11.8", "12.4", "10.9", "10.2", "10.6", "9.4")),
    ("Disadvantaged", ("21.5", "23.0", "19.8", "18.1", "17.6", "16.2")),
)
PUPIL_ANSWERS = "4445354345443525444534453"  # 25 pupils' answers on a 1–5 scale
STAFF_ANSWERS = "344243434453"


def _year_terms(this_year: int) -> list[tuple[int, int]]:
    """The six terms before this one, oldest first: two full academic years."""
    return [(year, term) for year in (this_year - 2, this_year - 1) for term in (1, 2, 3)]


def metrics_csv(this_year: int) -> bytes:
    """The CSV a school would export from its MIS; the demo imports it twice to show nothing changes."""
    lines = ["metric,cohort,year,term,value"]
    terms = _year_terms(this_year)
    for metric, rows in (("Attendance", ATTENDANCE_ROWS), ("Persistent absence", ABSENCE_ROWS)):
        for cohort, values in rows:
            for (year, term), value in zip(terms, values, strict=True):
                lines.append(f"{metric},{cohort},{year}/{str(year + 1)[-2:]},{term},{value}")
    return ("\n".join(lines) + "\n").encode()


def _member(slots, *keys):
    return next(slots[key].membership for key in keys if key in slots)


class ImprovementSeeder:
    def __init__(self, builder) -> None:
        self.builder = builder

    def build(self, people: list) -> None:
        by_school: dict[int, dict[str, object]] = {}
        for person in people:
            if person.membership.is_active:
                by_school.setdefault(person.school.pk, {})[person.slot.key] = person
        for slots in by_school.values():
            some = next(iter(slots.values()))
            if some.spec.key == "oakfield":
                self._oakfield(slots)
            else:
                self._benchmark_school(slots)
        summary = self.builder.summary
        schools = list(by_school)
        summary.improvement_metrics = Metric.objects.filter(school__in=schools).count()
        summary.improvement_data_points = DataPoint.objects.filter(metric__school__in=schools).count()
        summary.improvement_actions = Action.objects.filter(school__in=schools).count()
        summary.improvement_proposals = Proposal.objects.filter(school__in=schools).count()

    # --- the other schools: defaults and a shared attendance measure -----------------------------------------

    def _benchmark_school(self, slots) -> None:
        head = slots.get("head")
        if head is None:
            return
        school = head.school
        evaluation.ensure_default_areas(school)
        if Metric.objects.filter(school=school, benchmark_key="attendance").exists():
            return
        metric = evaluation.save_metric(
            actor=head.membership.user,
            membership=head.membership,
            metric=None,
            data=evaluation.MetricData(name="Attendance", unit="%", benchmark_key="attendance"),
        )
        year = self._this_year(school)
        for (year_start, term), value in zip(
            _year_terms(year), ("94.0", "93.2", "94.4", "94.8", "94.1", "95.0"), strict=True
        ):
            evaluation.record_data_point(
                actor=head.membership.user,
                membership=head.membership,
                metric=metric,
                cohort=None,
                year_start=year_start,
                term=term,
                value=Decimal(value),
            )

    # --- Oakfield ----------------------------------------------------------------------------------------------

    @staticmethod
    def _this_year(school) -> int:
        return academic_year(school_today(school), school.academic_year_start_month).start.year

    def _oakfield(self, slots) -> None:
        head = slots["head"].membership
        school = head.school
        year = self._this_year(school)
        if ImprovementPlan.objects.filter(school=school, year_start=year).exists():
            return
        evaluation.ensure_default_areas(school)
        self._self_evaluation(head)
        metrics = self._metrics(head, year)
        self._surveys(head, slots, metrics, year)
        self._plan(slots, metrics, year)

    def _self_evaluation(self, head) -> None:
        levels = {level.name: level for level in JudgementLevel.objects.filter(school=head.school)}
        areas = {area.slug: area for area in EvaluationArea.objects.filter(school=head.school)}
        for slug, (judgement, text, strengths, develop, links) in AREA_WRITING.items():
            area = areas.get(slug)
            if area is None:
                continue
            evaluation.save_area(
                actor=head.user,
                membership=head,
                area=area,
                data=evaluation.AreaData(
                    name=area.name,
                    evaluation=text,
                    strengths=strengths,
                    areas_to_develop=develop,
                    judgement=levels.get(judgement),
                    evidence=links,
                ),
            )

    def _metrics(self, head, year) -> dict[str, Metric]:
        areas = {area.slug: area for area in EvaluationArea.objects.filter(school=head.school)}
        specs = {
            "Attendance": evaluation.MetricData(
                name="Attendance",
                unit="%",
                description="Sessions attended as a share of possible sessions, from the MIS.",
                source=Metric.Source.CSV,
                area=areas.get("behaviour-and-attitudes"),
                cohorts=["Disadvantaged", "SEND"],
                benchmark_key="attendance",
            ),
            "Persistent absence": evaluation.MetricData(
                name="Persistent absence",
                unit="%",
                description="Pupils missing 10% or more of sessions.",
                direction=Metric.Direction.LOWER,
                source=Metric.Source.CSV,
                area=areas.get("behaviour-and-attitudes"),
                cohorts=["Disadvantaged"],
            ),
            "Enjoyment of reading (pupil voice)": evaluation.MetricData(
                name="Enjoyment of reading (pupil voice)",
                unit="points",
                description="Mean answer to “I enjoy reading at school” on a 1–5 scale.",
                min_value=Decimal(1),
                max_value=Decimal(5),
                source=Metric.Source.SURVEY,
                area=areas.get("pupil-voice"),
            ),
            "Staff well-being": evaluation.MetricData(
                name="Staff well-being",
                unit="points",
                description="Mean answer to “My workload is manageable” on a 1–5 scale.",
                min_value=Decimal(1),
                max_value=Decimal(5),
                source=Metric.Source.SURVEY,
                area=areas.get("staff-development"),
            ),
        }
        metrics = {
            name: evaluation.save_metric(actor=head.user, membership=head, metric=None, data=data)
            for name, data in specs.items()
        }
        content = metrics_csv(year)
        for _twice in range(2):
            evaluation.import_metrics_csv(actor=head.user, membership=head, content=content)
        attendance = metrics["Attendance"]
        july = datetime.date(year + 1, 7, 31)
        evaluation.set_target(
            actor=head.user,
            membership=head,
            metric=attendance,
            cohort=attendance.cohorts.get(name="Disadvantaged"),
            value=Decimal("95"),
            by_date=july,
        )
        evaluation.set_target(
            actor=head.user, membership=head, metric=attendance, cohort=None, value=Decimal("96"), by_date=july
        )
        absence = metrics["Persistent absence"]
        evaluation.set_target(
            actor=head.user,
            membership=head,
            metric=absence,
            cohort=absence.cohorts.get(name="Disadvantaged"),
            value=Decimal("15"),
            by_date=july,
        )
        return metrics

    def _surveys(self, head, slots, metrics, year) -> None:
        today = school_today(head.school)
        last_term = today - datetime.timedelta(days=40)
        pupils = evaluation.save_survey(
            actor=head.user,
            membership=head,
            survey=None,
            data=evaluation.SurveyData(
                title="Pupil voice: reading",
                introduction="Tell us what you think about reading at school. You do not write your name.",
                audience=Survey.Audience.PUPILS,
                opens_on=last_term,
                closes_on=today + datetime.timedelta(days=14),
            ),
        )
        enjoy = evaluation.add_question(
            actor=head.user,
            membership=head,
            survey=pupils,
            text="I enjoy reading at school.",
            kind="likert",
            metric=metrics["Enjoyment of reading (pupil voice)"],
        )
        where = evaluation.add_question(
            actor=head.user,
            membership=head,
            survey=pupils,
            text="Where do you most like to read?",
            kind="choice",
            choices="In class\nIn the library\nAt home\nI don't like reading",
        )
        places = where.choice_list
        for index, answer in enumerate(PUPIL_ANSWERS):
            evaluation.submit_public_response(
                survey=pupils,
                answers={f"q{enjoy.pk}": answer, f"q{where.pk}": places[index % len(places)]},
                today=last_term,
            )
        evaluation.feed_metric_from_survey(actor=head.user, membership=head, question=enjoy, year_start=year, term=1)

        staff = evaluation.save_survey(
            actor=head.user,
            membership=head,
            survey=None,
            data=evaluation.SurveyData(
                title="Staff well-being, autumn",
                introduction="Anonymous: nobody, including the head, can see who answered what.",
                audience=Survey.Audience.STAFF,
                opens_on=last_term,
                closes_on=today + datetime.timedelta(days=7),
            ),
        )
        workload = evaluation.add_question(
            actor=head.user,
            membership=head,
            survey=staff,
            text="My workload is manageable.",
            kind="likert",
            metric=metrics["Staff well-being"],
        )
        evaluation.add_question(
            actor=head.user,
            membership=head,
            survey=staff,
            text="One thing that would give you time back",
            kind="text",
            required=False,
        )
        # The journey logins are left free to answer it themselves.
        answering = [
            p.membership
            for key, p in slots.items()
            if key not in {"head", "ta", "teacher"} and p.membership.staff_group != StaffGroup.GOVERNANCE
        ]
        for member, answer in zip(answering, STAFF_ANSWERS, strict=False):
            evaluation.submit_staff_response(
                actor=member.user, membership=member, survey=staff, answers={f"q{workload.pk}": answer}, today=last_term
            )
        if len(answering) >= evaluation.MIN_ANONYMOUS_RESULTS:
            evaluation.feed_metric_from_survey(
                actor=head.user, membership=head, question=workload, year_start=year, term=1
            )

    def _plan(self, slots, metrics, year) -> None:
        head = slots["head"].membership
        user = head.user
        # A trimmed demo (--staff-per-school) keeps only the essential posts; others fall back to the deputy or head.
        deputy = _member(slots, "deputy", "head")
        english_lead = _member(slots, "english_lead", "ks2_lead", "deputy", "head")
        senco = _member(slots, "senco", "deputy", "head")
        teacher = slots["teacher"].membership
        ta = slots["ta"].membership
        areas = EvaluationArea.objects.filter(school=head.school)
        subjects = {s.slug: s for s in Subject.objects.filter(slug__in=("english", "mathematics"))}
        plan = improvement.create_plan(actor=user, school=head.school, year_start=year)
        reading = improvement.add_priority(
            actor=user,
            plan=plan,
            title="Every pupil reads fluently and for pleasure",
            description="Fluency gaps in Years 3 and 4, widest for disadvantaged pupils.",
            evaluation_areas=areas.filter(slug__in=("quality-of-education", "pupil-voice")),
            metrics=Metric.objects.filter(pk=metrics["Enjoyment of reading (pupil voice)"].pk),
        )
        english = improvement.add_sub_plan(
            actor=user, priority=reading, kind=SubPlan.Kind.SUBJECT, subject=subjects["english"], lead=english_lead
        )
        attendance = improvement.add_priority(
            actor=user,
            plan=plan,
            title="Disadvantaged pupils attend as well as their peers",
            description="Close the attendance gap by working with families early.",
            evaluation_areas=areas.filter(slug="behaviour-and-attitudes"),
            metrics=Metric.objects.filter(pk__in=[metrics["Attendance"].pk, metrics["Persistent absence"].pk]),
        )
        pastoral = improvement.add_sub_plan(actor=user, priority=attendance, kind=SubPlan.Kind.TEAM, lead=senco)
        wellbeing = improvement.add_priority(
            actor=user,
            plan=plan,
            title="Staff well-being and workload",
            evaluation_areas=areas.filter(slug__in=("leadership-and-management", "staff-development")),
            metrics=Metric.objects.filter(pk=metrics["Staff well-being"].pk),
        )
        workload = improvement.add_sub_plan(actor=user, priority=wellbeing, kind=SubPlan.Kind.TEAM, lead=deputy)
        maths = improvement.add_sub_plan(
            actor=user, priority=reading, kind=SubPlan.Kind.SUBJECT, subject=subjects["mathematics"], lead=deputy
        )
        start = datetime.date(year, 9, 8)
        july = datetime.date(year + 1, 7, 15)
        actions = [
            (english, english_lead, "Daily fluency practice in Years 3 and 4", (teacher, ta), Action.Status.ON_TRACK,
             "Every Year 3 and 4 class does 10 minutes of repeated reading daily.", None),
            (english, english_lead, "Refresh class libraries with pupils' choices", (), Action.Status.DONE,
             "Each class library has 20 new titles chosen by pupils.", None),
            (pastoral, senco, "First-day calls and family breakfasts", (_member(slots, "office", "deputy"),),
             Action.Status.AT_RISK, "Attendance of disadvantaged pupils at least 95% by July.",
             (metrics["Attendance"], Decimal("95"))),
            (workload, deputy, "Replace written marking with whole-class feedback", (teacher,), Action.Status.ON_TRACK,
             "Staff well-being at least 3.8 by the summer survey.", (metrics["Staff well-being"], Decimal("3.8"))),
            (maths, deputy, "Times-tables fluency for Year 4 multiplication check", (teacher,),
             Action.Status.NOT_STARTED, "Year 4 average at least 22 out of 25.", None),
        ]  # fmt: skip
        created = {}
        for sub_plan, owner, title, collaborators, status, criteria, target in actions:
            metric, value = target or (None, None)
            action = improvement.add_action(
                actor=user,
                sub_plan=sub_plan,
                data=improvement.ActionData(
                    title=title,
                    owner=owner,
                    collaborators=collaborators,
                    starts_on=start,
                    due_on=july,
                    success_criteria=criteria,
                    metric=metric,
                    target_comparison="gte" if metric else "",
                    target_value=value,
                ),
            )
            created[title] = action
            if status != Action.Status.NOT_STARTED:
                improvement.change_status(actor=owner.user, action=action, status=status, version=action.version)
        fluency = created["Daily fluency practice in Years 3 and 4"]
        improvement.post_update(
            actor=english_lead.user,
            action=fluency,
            text="All four classes started repeated reading; Year 3 timetables moved so it happens after lunch.",
        )
        improvement.post_update(
            actor=ta.user,
            action=fluency,
            text="My Year 4 group of six read the same passage three times; four were faster by Friday.",
        )
        for title, due in (("Train staff in repeated reading", start + datetime.timedelta(days=21)),
                           ("Baseline words-per-minute for Years 3 and 4", start + datetime.timedelta(days=35)),
                           ("Second fluency check", datetime.date(year + 1, 2, 6))):  # fmt: skip
            improvement.add_milestone(actor=english_lead.user, action=fluency, title=title, due_on=due)
        for milestone in fluency.milestones.filter(due_on__lt=school_today(head.school)):
            improvement.set_milestone_done(actor=english_lead.user, milestone=milestone, done=True)
        calls = created["First-day calls and family breakfasts"]
        improvement.post_update(
            actor=senco.user,
            action=calls,
            text="Breakfasts are well attended, but first-day calls slipped when the office was short-staffed.",
        )

        # A proposal still being discussed, and a declined one whose reason the proposer sees.
        open_idea = improvement.propose(
            actor=_member(slots, "y3", "english_lead", "deputy", "head").user,
            school=head.school,
            data=improvement.ProposalData(
                title="Pupil-led book reviews in assembly",
                problem="Pupils rarely hear what their friends enjoy reading.",
                idea="Two pupils a week recommend a book in Friday assembly.",
                evidence="Our pupil voice survey: children choose books their friends recommend.",
                subject=subjects["english"],
            ),
        )
        improvement.support_proposal(actor=teacher.user, proposal=open_idea)
        improvement.comment_on_proposal(
            actor=english_lead.user, proposal=open_idea, text="Happy to pair this with the class library refresh."
        )
        declined = improvement.propose(
            actor=teacher.user,
            school=head.school,
            data=improvement.ProposalData(
                title="Scrap weekly spelling tests",
                problem="Weekly tests take 30 minutes and do not change how pupils spell in their writing.",
                idea="Replace them with spelling in context during writing lessons.",
            ),
        )
        improvement.decline_proposal(
            actor=user,
            proposal=declined,
            reason="We are reviewing spelling with the English lead this term; please bring this to that review.",
        )

        # The priority survey, so leaders see a spread rather than a single number.
        scores = {reading.pk: 5, attendance.pk: 4, wellbeing.pk: 3}
        for key, shift in (("english_lead", 0), ("senco", -1), ("y3", 0), ("y5", -2), ("hlta", 1), ("deputy", 0)):
            member = slots.get(key)
            if member is not None:
                improvement.rate_priorities(
                    actor=member.membership.user,
                    plan=plan,
                    scores={pk: max(1, min(5, score + shift * (pk == wellbeing.pk))) for pk, score in scores.items()},
                )
