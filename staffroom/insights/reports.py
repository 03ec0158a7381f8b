"""Turns the selectors' figures into the sections each insight page shows: a chart, the table of the same figures
beside it, and the same table again in the CSV download."""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from staffroom.accounts.roles import StaffGroup
from staffroom.core.charts import Bar, TrendSeries, horizontal_bars, trend_chart
from staffroom.learning.models import ActivityKind, GuskeyLevel
from staffroom.network import selectors as network_selectors
from staffroom.observation.models import CoachingSession
from staffroom.organisations.calendar import Period, academic_year_starting, terms

from . import selectors
from .aggregates import MIN_GROUP, GroupTotals, fold_small_groups, per_person, percent


def _short(text: str, length: int = 34) -> str:
    """A chart label that fits beside its bar; the table beside the chart has the full name."""
    text = str(text)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class Money(Decimal):
    """An amount in pounds: always shown with pence."""

    def __str__(self) -> str:
        return f"{self:.2f}"


def display(value):
    """A table cell as people read it: the same figure the same way whichever database summed it."""
    if isinstance(value, Money):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


@dataclass
class Section:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    chart: object | None = None
    trend: bool = False
    note: str = ""
    empty: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def display_rows(self) -> list[list]:
        return [[display(cell) for cell in row] for row in self.rows]

    @property
    def stacked(self) -> bool:
        # Wide tables go under their chart rather than beside it, so no column is squeezed out of sight.
        return len(self.headers) > 4


def too_few_note() -> str:
    return _("Fewer than five people: not shown, so that no one can be identified.")


# ---- reach -----------------------------------------------------------------------------------------------------


def reach_sections(*, school, year: Period, this_term: Period, spend) -> list[Section]:
    people = selectors.reach_by_person(school=school, year=year, this_term=this_term)
    groups = []
    for group in selectors.REACH_GROUPS:
        members = [p for p in people if p.group == group]
        groups.append(
            GroupTotals(
                label=str(StaffGroup(group).label),
                people=len(members),
                values={
                    "hours": sum((p.hours for p in members), Decimal(0)),
                    "subject_hours": sum((p.subject_hours for p in members), Decimal(0)),
                    "nothing": sum(1 for p in members if not p.this_term),
                },
            )
        )
    shown = fold_small_groups(groups)
    entitlement = school.entitlement_hours
    sections = []
    if shown:
        everyone = GroupTotals(label=_("All staff"))
        for g in shown:
            everyone = everyone.merged_with(g, _("All staff"))
        rows = []
        for g in [*shown, everyone]:
            rows.append(
                [
                    g.label,
                    g.people,
                    g.values["hours"],
                    per_person(g.values["hours"], g.people),
                    entitlement,
                    percent(g.values["subject_hours"], g.values["hours"]),
                    g.values["nothing"],
                    percent(g.values["nothing"], g.people),
                ]
            )
        headers = [
            _("Staff group"),
            _("People"),
            _("Hours this year"),
            _("Hours per person"),
            _("Entitlement (hours a year)"),
            _("Subject-specific share (%)"),
            _("Nothing recorded this term"),
            _("Nothing this term (%)"),
        ]
        sections.append(
            Section(
                key="hours",
                title=_("Hours per person this year against the entitlement"),
                headers=headers,
                rows=rows,
                chart=horizontal_bars(
                    title=_("Hours per person this year, by staff group"),
                    unit=_("Hours per person"),
                    bars=[Bar(r[0], r[3] or Decimal(0), entitlement) for r in rows],
                ),
            )
        )
        sections.append(
            Section(
                key="subject",
                title=_("Subject-specific share of hours"),
                headers=[_("Staff group"), _("Hours this year"), _("Subject-specific share (%)")],
                rows=[[r[0], r[2], r[5]] for r in rows],
                chart=horizontal_bars(
                    title=_("Share of hours that were subject-specific, by staff group"),
                    unit="%",
                    bars=[Bar(r[0], r[5] or Decimal(0), Decimal(school.subject_specific_share)) for r in rows],
                ),
            )
        )
        sections.append(
            Section(
                key="nothing",
                title=_("Who has had nothing this term"),
                headers=[_("Staff group"), _("People"), _("Nothing recorded this term"), _("Share (%)")],
                rows=[[r[0], r[1], r[6], r[7]] for r in rows],
                chart=horizontal_bars(
                    title=_("Share of each staff group with nothing recorded this term"),
                    unit="%",
                    bars=[Bar(r[0], r[7] or Decimal(0)) for r in rows],
                ),
            )
        )
    else:
        sections.append(
            Section(key="hours", title=_("Hours against the entitlement"), headers=[], rows=[], note=too_few_note())
        )
    spend_rows = [[label, Money(amount)] for label, amount in spend.by_kind]
    spend_rows.append([_("Total spent"), Money(spend.spent)])
    bars = [Bar(_("Spent so far"), spend.spent, spend.budget)] + [Bar(label, amount) for label, amount in spend.by_kind]
    sections.append(
        Section(
            key="spend",
            title=_("Spending against the budget"),
            headers=[_("Kind of activity"), _("Spent (£)")],
            rows=spend_rows,
            chart=horizontal_bars(title=_("Spending on professional learning this year (£)"), unit="£", bars=bars),
            extra={"budget": spend.budget, "remaining": spend.remaining},
        )
    )
    return sections


# ---- impact ----------------------------------------------------------------------------------------------------


def _recent_terms(*, school, year: Period, today: datetime.date) -> list[Period]:
    previous = academic_year_starting(year.start.year - 1, school.academic_year_start_month)
    return [t for t in terms(previous) + terms(year) if t.start <= today]


def _share_rows(items: dict[str, list], *, other_label: str) -> list[list]:
    """items: label -> follow-up rows answered. Rows: label, people, answered, classroom change, %."""
    groups = [
        GroupTotals(
            label=label,
            people=len({r.owner_id for r in rows}),
            values={
                "answered": len(rows),
                "change": sum(1 for r in rows if (r.level or 0) >= selectors.CLASSROOM_CHANGE_LEVEL),
            },
        )
        for label, rows in items.items()
    ]
    return [
        [g.label, g.people, g.values["answered"], g.values["change"], percent(g.values["change"], g.values["answered"])]
        for g in fold_small_groups(groups, other_label=other_label)
    ]


def _normalised(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().lower()


def impact_sections(*, school, year: Period, today: datetime.date) -> list[Section]:
    periods = _recent_terms(school=school, year=year, today=today)
    rows = selectors.follow_ups(school=school, since=periods[0].start, until=min(today, year.end))
    labels = [p.label for p in periods]

    level_values = {level: [] for level in GuskeyLevel.values}
    due_rows = []
    for period in periods:
        answered = [r for r in rows if r.answered_on and r.answered_on in period and r.level]
        shown = len({r.owner_id for r in answered}) >= MIN_GROUP
        counts = Counter(r.level for r in answered)
        for level in GuskeyLevel.values:
            level_values[level].append(Decimal(counts[level]) if shown else None)
        due = [r for r in rows if r.due_on in period and r.due_on <= today]
        if len({r.owner_id for r in due}) >= MIN_GROUP:
            done = sum(1 for r in due if r.answered_on)
            due_rows.append([period.label, len(due), done, percent(done, len(due))])
        else:
            due_rows.append([period.label, None, None, None])
    top = max([v for values in level_values.values() for v in values if v is not None] + [Decimal(4)])
    guskey = trend_chart(
        title=_("Follow-ups answered at each level of impact, by term"),
        unit=_("follow-ups"),
        periods=labels,
        series=[TrendSeries(label=str(GuskeyLevel(level).label), values=level_values[level]) for level in level_values],
        low=Decimal(0),
        high=top,
    )
    sections = [
        Section(
            key="guskey",
            title=_("Evidence of impact by level over time"),
            headers=[_("Term")] + [str(GuskeyLevel(level).label) for level in level_values],
            rows=[[label] + [level_values[level][i] for level in level_values] for i, label in enumerate(labels)],
            chart=guskey,
            trend=True,
            note=_("Terms in which fewer than five people answered a follow-up are left blank."),
        ),
        Section(
            key="follow_ups",
            title=_("Follow-ups answered against those due"),
            headers=[_("Term"), _("Due"), _("Answered"), _("Answered (%)")],
            rows=due_rows,
            # Terms left blank are left out of the chart rather than drawn as nought.
            chart=horizontal_bars(
                title=_("Share of follow-ups due that were answered, by term"),
                unit="%",
                bars=[Bar(r[0], r[3]) for r in due_rows if r[3] is not None],
            )
            if any(r[3] is not None for r in due_rows)
            else None,
            note=_("Terms in which fewer than five people had a follow-up due are left blank."),
        ),
    ]

    this_year = [r for r in rows if r.answered_on and r.level and year.start <= r.activity_date <= year.end]
    by_kind = defaultdict(list)
    for r in this_year:
        by_kind[str(ActivityKind(r.kind).label)].append(r)
    kind_rows = _share_rows(dict(by_kind), other_label=_("Other kinds, combined"))
    headers = [_("People"), _("Follow-ups answered"), _("Classroom change (level 4 or 5)"), _("Classroom change (%)")]
    sections.append(
        Section(
            key="kinds",
            title=_("Which kinds of activity led to classroom change"),
            headers=[_("Kind of activity")] + headers,
            rows=kind_rows,
            chart=horizontal_bars(
                title=_("Share of answered follow-ups reporting classroom change, by kind of activity"),
                unit="%",
                bars=[Bar(r[0], r[4] or Decimal(0)) for r in kind_rows],
                label_width=230,
            ),
            empty=too_few_note(),
        )
    )
    by_title = defaultdict(list)
    titles = {}
    for r in this_year:
        key = _normalised(r.title)
        by_title[key].append(r)
        titles.setdefault(key, r.title)
    shared = {titles[k]: v for k, v in by_title.items() if len({r.owner_id for r in v}) >= MIN_GROUP}
    programme_rows = sorted(_share_rows(shared, other_label=""), key=lambda r: (-r[1], r[0]))[:12]
    sections.append(
        Section(
            key="programmes",
            title=_("Sessions and programmes taken by five or more people"),
            headers=[_("Session or programme")] + headers,
            rows=programme_rows,
            chart=horizontal_bars(
                title=_("Share reporting classroom change, by session or programme"),
                unit="%",
                bars=[Bar(_short(r[0]), r[4] or Decimal(0)) for r in programme_rows],
                label_width=300,
            )
            if programme_rows
            else None,
            empty=_("No session or programme with answered follow-ups from five or more people this year."),
        )
    )
    coaching = selectors.coaching_progress(school=school, year=year)
    coachees = len({c.coachee_id for c in coaching})
    coaching_rows = []
    if coachees >= MIN_GROUP:
        counts = Counter(c.progress for c in coaching)
        coaching_rows = [
            [str(label), counts[value], percent(counts[value], len(coaching))]
            for value, label in CoachingSession.Progress.choices
        ]
    sections.append(
        Section(
            key="coaching",
            title=_("Coaching: how the last action step went"),
            headers=[_("The previous step was"), _("Visits"), _("Share (%)")],
            rows=coaching_rows,
            chart=horizontal_bars(
                title=_("Coaching visits this year by how the previous step went"),
                unit="%",
                bars=[Bar(r[0].split(":")[0], r[2] or Decimal(0)) for r in coaching_rows],
            )
            if coaching_rows
            else None,
            note=_("%(n)s people coached this year.") % {"n": coachees} if coachees >= MIN_GROUP else "",
            empty=_("Fewer than five people were coached this year: not shown, so that no one can be identified."),
        )
    )
    return sections


# ---- programme quality -----------------------------------------------------------------------------------------

LOW_SHARE = Decimal(25)
EEF_GROUP_ADVICE = {
    "build-knowledge": gettext_lazy(
        "Little of your programme builds knowledge in manageable steps or revisits earlier learning."
    ),
    "motivate": gettext_lazy("Little of your programme starts from agreed goals or draws on credible sources."),
    "develop-techniques": gettext_lazy(
        "Little of your programme shows staff the technique, lets them practise it or gives feedback on it."
    ),
    "embed-practice": gettext_lazy(
        "Little of your programme helps staff plan, prompt and repeat new practice in their own classrooms."
    ),
}


@dataclass
class Quality:
    sections: list[Section]
    suggestions: list[str]
    activities: int
    hours: Decimal


def _term_index(day: datetime.date, periods: list[Period]) -> int | None:
    return next((i for i, p in enumerate(periods) if day in p), None)


def quality(*, school, year: Period) -> Quality:
    activities = selectors.programme_activities(school=school, year=year)
    people = len({a.owner_id for a in activities})
    if people < MIN_GROUP:
        return Quality(sections=[], suggestions=[], activities=len(activities), hours=Decimal(0))
    tags = selectors.pd_tags(activity_ids=[a.pk for a in activities])
    standards = selectors.pd_standards()
    total = sum((a.hours for a in activities), Decimal(0))

    def tagged(code: str) -> tuple[int, Decimal]:
        hits = [a for a in activities if code in tags.get(a.pk, ())]
        return len(hits), sum((a.hours for a in hits), Decimal(0))

    pd_rows = []
    for s in standards[selectors.PD_STANDARD_SLUG]:
        n, hours = tagged(s.code)
        pd_rows.append([f"{s.code} {s.name}", n, hours, percent(hours, total)])
    eef_rows = []
    eef_groups = defaultdict(set)
    for s in standards[selectors.EEF_SLUG]:
        n, hours = tagged(s.code)
        eef_rows.append([s.name, s.domain.name if s.domain else "", n, hours, percent(hours, total)])
        if s.domain:
            eef_groups[s.domain.code].add(s.code)
    group_shares = {
        code: percent(sum((a.hours for a in activities if tags.get(a.pk, set()) & codes), Decimal(0)), total)
        for code, codes in eef_groups.items()
    }

    # A strand is the activities sharing a title (a programme, a course's sessions); it is sustained when it runs
    # across at least two terms.
    periods = terms(year)
    strands = defaultdict(list)
    for a in activities:
        strands[_normalised(a.title)].append(a)
    sustained_hours = Decimal(0)
    for items in strands.values():
        spanned = {_term_index(a.date, periods) for a in items}
        if len(spanned) >= 2:
            sustained_hours += sum((a.hours for a in items), Decimal(0))
    sustained_pct = percent(sustained_hours, total) or Decimal(0)
    untagged = sum((a.hours for a in activities if not tags.get(a.pk)), Decimal(0))
    sustained_rows = [
        [_("In strands running for two terms or more"), sustained_hours, sustained_pct],
        [_("One-off, or within a single term"), total - sustained_hours, percent(total - sustained_hours, total)],
    ]

    suggestions = []
    rehearse = next((r for r in eef_rows if r[0].lower().startswith("rehearse")), None)
    repeat = next((r for r in eef_rows if "repetition" in r[0].lower()), None)
    if rehearse and repeat and (rehearse[4] or 0) < LOW_SHARE and (repeat[4] or 0) < LOW_SHARE:
        suggestions.append(_("Little of your programme includes rehearsal or follow-up in the classroom."))
    for code, share in group_shares.items():
        if (share or 0) < LOW_SHARE and code in EEF_GROUP_ADVICE:
            suggestions.append(str(EEF_GROUP_ADVICE[code]))
    for row in pd_rows:
        if (row[3] or 0) < LOW_SHARE:
            suggestions.append(
                _("Few activities are linked to “%(part)s” in the PD standard.") % {"part": row[0].split(" ", 1)[1]}
            )
    if sustained_pct < 50:
        suggestions.append(
            _(
                "Most of your programme is one-off: effective professional development lasts at least two terms, "
                "with follow-up in between."
            )
        )
    if percent(untagged, total) and percent(untagged, total) > 50:
        suggestions.append(
            _(
                "More than half of the hours are not linked to the PD standard or the EEF mechanisms, so this profile "
                "may understate your programme: ask staff to link them when they record."
            )
        )

    sections = [
        Section(
            key="pd_standard",
            title=_("The DfE standard for teachers' professional development: five parts"),
            headers=[_("Part"), _("Activities"), _("Hours"), _("Share of hours (%)")],
            rows=pd_rows,
            chart=horizontal_bars(
                title=_("Share of this year's hours linked to each part of the PD standard"),
                unit="%",
                bars=[Bar(_short(r[0]), r[3] or Decimal(0)) for r in pd_rows],
                label_width=320,
            )
            if pd_rows
            else None,
            empty=_("The PD standard is not loaded."),
        ),
        Section(
            key="eef",
            title=_("The EEF's fourteen mechanisms of effective professional development"),
            headers=[_("Mechanism"), _("Group"), _("Activities"), _("Hours"), _("Share of hours (%)")],
            rows=eef_rows,
            chart=horizontal_bars(
                title=_("Share of this year's hours that use each EEF mechanism"),
                unit="%",
                bars=[Bar(_short(r[0]), r[4] or Decimal(0)) for r in eef_rows],
                label_width=320,
            )
            if eef_rows
            else None,
            empty=_("The EEF mechanisms are not loaded."),
        ),
        Section(
            key="sustained",
            title=_("Sustained over time: at least two terms"),
            headers=[_("Hours"), _("Hours this year"), _("Share (%)")],
            rows=sustained_rows,
            chart=horizontal_bars(
                title=_("Share of this year's hours in strands lasting two terms or more"),
                unit="%",
                bars=[Bar(r[0], r[2] or Decimal(0)) for r in sustained_rows],
                label_width=300,
            ),
        ),
    ]
    return Quality(sections=sections, suggestions=suggestions, activities=len(activities), hours=total)


# ---- appraisal and plan progress -------------------------------------------------------------------------------


def progress_sections(*, school, year_start: int, today: datetime.date) -> list[Section]:
    appraisals, stages = selectors.appraisal_stage_counts(school=school, year_start=year_start, today=today)
    sections = []
    if appraisals >= MIN_GROUP:
        rows = [[s.name, s.due_on, s.done, s.overdue, s.to_come] for s in stages]
        sections.append(
            Section(
                key="appraisal",
                title=_("Appraisal stages"),
                headers=[_("Stage"), _("Due by"), _("Done"), _("Overdue"), _("Still to come")],
                rows=rows,
                chart=horizontal_bars(
                    title=_("Appraisals with each stage done"),
                    unit=_("Appraisals"),
                    bars=[Bar(r[0], Decimal(r[2]), Decimal(appraisals)) for r in rows],
                )
                if rows
                else None,
                note=_("%(n)s appraisals this year.") % {"n": appraisals},
                empty=_("This year's cycle has no review stages yet."),
            )
        )
    else:
        sections.append(
            Section(
                key="appraisal",
                title=_("Appraisal stages"),
                headers=[],
                rows=[],
                empty=_("Fewer than five appraisals this year: not shown, so that no one can be identified."),
            )
        )
    plan = selectors.plan_counts(school=school, year_start=year_start, today=today)
    rows = [[label, n] for _value, label, n in plan.by_status]
    sections.append(
        Section(
            key="plan",
            title=_("Improvement plan actions"),
            headers=[_("Status"), _("Actions")],
            rows=rows,
            chart=horizontal_bars(
                title=_("Improvement plan actions by status"),
                unit=_("Actions"),
                bars=[Bar(r[0], Decimal(r[1])) for r in rows],
            )
            if rows
            else None,
            extra={"overdue": plan.overdue, "next_due": plan.next_due, "has_plan": plan.has_plan},
            empty=_("No improvement plan for this year yet."),
        )
    )
    return sections


# ---- network ---------------------------------------------------------------------------------------------------


def network_section(*, network, year: Period, this_term: Period, year_start: int, today) -> Section:
    figures = selectors.network_figures(
        network=network, year=year, this_term=this_term, year_start=year_start, today=today
    )
    rows = []
    for f in figures:
        if not f.shown:
            rows.append([f.school.name, None, None, f.school.entitlement_hours, None, None, None, None, None, None])
            continue
        rows.append(
            [
                f.school.name,
                f.staff,
                per_person(f.hours, f.staff),
                f.school.entitlement_hours,
                percent(f.subject_hours, f.hours),
                percent(f.staff - f.active_this_term, f.staff),
                percent(f.follow_ups_answered, f.follow_ups_due),
                percent(f.classroom_change, f.follow_ups_answered),
                None if f.budget is None else Money(f.budget),
                Money(f.spent),
            ]
        )
    return Section(
        key=f"network-{network.pk}",
        title=network.name,
        headers=[
            _("School"),
            _("Staff"),
            _("Hours per person"),
            _("Entitlement (hours a year)"),
            _("Subject-specific share (%)"),
            _("Nothing recorded this term (%)"),
            _("Follow-ups answered (%)"),
            _("Classroom change (% of answered)"),
            _("Budget (£)"),
            _("Spent (£)"),
        ],
        rows=rows,
        chart=horizontal_bars(
            title=_("Hours per person this year, by school"),
            unit=_("Hours per person"),
            bars=[Bar(_short(r[0], 30), r[2], r[3]) for r in rows if r[2] is not None],
            label_width=240,
        )
        if any(r[2] is not None for r in rows)
        else None,
        note=_("Schools with fewer than five staff are left blank so that no one can be identified."),
    )


def giving_and_taking_section(*, network, membership) -> Section:
    """Each school's share of the network's CPD offer, straight from the network app's own figures. Counts of
    sessions and places belong to schools, not to people, so no school is left blank."""
    balances = network_selectors.giving_and_taking(membership=membership, network_id=network.pk)
    rows = [[b.school.name, b.sessions_led, b.places_offered, b.places_given, b.places_used] for b in balances]
    return Section(
        key=f"network-{network.pk}-giving",
        title=_("%(network)s: giving and taking") % {"network": network.name},
        headers=[
            _("School"),
            _("Sessions led"),
            _("Places offered"),
            _("Places given to other schools"),
            _("Places used at other schools"),
        ],
        rows=rows,
        chart=horizontal_bars(
            title=_("Network sessions led, by school"),
            unit=_("sessions"),
            bars=[Bar(r[0], Decimal(r[1])) for r in rows],
            label_width=240,
        )
        if any(r[1] for r in rows)
        else None,
        note=_("Published sessions in the network's CPD offer; places count confirmed bookings."),
        empty=_("No figures for this network’s CPD offer."),
    )
