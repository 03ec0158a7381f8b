"""Every change to self-evaluation, metrics and surveys. Each write is audited."""

import csv
import datetime
import io
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from staffroom.core.audit import record_event
from staffroom.organisations.models import Phase

from . import policies
from .models import (
    Answer,
    DataPoint,
    EvaluationArea,
    EvidenceLink,
    JudgementLevel,
    Metric,
    MetricCohort,
    MetricTarget,
    Question,
    Response,
    Survey,
    SurveyCompletion,
)

# Results of an anonymous survey are shown only from this many responses, so no single answer can be singled out.
MIN_ANONYMOUS_RESULTS = 3

DEFAULT_AREAS = [
    gettext_lazy("Quality of education"),
    gettext_lazy("Behaviour and attitudes"),
    gettext_lazy("Personal development"),
    gettext_lazy("Leadership and management"),
    gettext_lazy("Pupil well-being"),
    gettext_lazy("Pupil voice"),
    gettext_lazy("Staff development"),
    gettext_lazy("Community"),
]
EARLY_YEARS = gettext_lazy("Early years")
SIXTH_FORM = gettext_lazy("Sixth form")
DEFAULT_JUDGEMENTS = [
    gettext_lazy("Needs attention"),
    gettext_lazy("Developing"),
    gettext_lazy("Secure"),
    gettext_lazy("Strong"),
]


def _require_leader(membership):
    if not policies.can_lead(membership):
        raise PermissionDenied


def default_area_names(school) -> list[str]:
    names = [str(n) for n in DEFAULT_AREAS]
    if school.phase in {Phase.NURSERY, Phase.PRIMARY, Phase.ALL_THROUGH}:
        names.insert(4, str(EARLY_YEARS))
    if school.phase in {Phase.ALL_THROUGH, Phase.SIXTH_FORM} or (
        school.phase == Phase.SECONDARY and "ks5" in school.key_stages
    ):
        names.insert(4, str(SIXTH_FORM))
    return names


@transaction.atomic
def ensure_default_areas(school) -> bool:
    """Give a school the default areas and judgement scale the first time; never touches a school that has any."""
    if EvaluationArea.objects.filter(school=school).exists():
        return False
    EvaluationArea.objects.bulk_create(
        EvaluationArea(school=school, name=name, slug=slugify(name), order=index)
        for index, name in enumerate(default_area_names(school))
    )
    if not JudgementLevel.objects.filter(school=school).exists():
        JudgementLevel.objects.bulk_create(
            JudgementLevel(school=school, name=str(name), rank=index + 1)
            for index, name in enumerate(DEFAULT_JUDGEMENTS)
        )
    record_event(actor=None, school=school, verb="evaluation.defaults_created")
    return True


@dataclass
class AreaData:
    name: str
    evaluation: str = ""
    strengths: str = ""
    areas_to_develop: str = ""
    judgement: JudgementLevel | None = None
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (title, url)


@transaction.atomic
def save_area(*, actor, membership, area: EvaluationArea | None, data: AreaData) -> EvaluationArea:
    _require_leader(membership)
    school = membership.school
    if data.judgement is not None and data.judgement.school_id != school.pk:
        raise ValidationError({"judgement": _("Choose a judgement from your school's scale.")})
    slug = slugify(data.name)[:120] or "area"
    clash = EvaluationArea.objects.filter(school=school, slug=slug)
    if area is not None:
        clash = clash.exclude(pk=area.pk)
    if clash.exists():
        raise ValidationError({"name": _("Your school already has an area with this name.")})
    created = area is None
    if created:
        order = EvaluationArea.objects.filter(school=school).count()
        area = EvaluationArea(school=school, order=order)
    area.name = data.name
    area.slug = slug
    area.evaluation = data.evaluation
    area.strengths = data.strengths
    area.areas_to_develop = data.areas_to_develop
    area.judgement = data.judgement
    area.updated_by = actor
    area.save()
    area.evidence_links.all().delete()
    EvidenceLink.objects.bulk_create(EvidenceLink(area=area, title=t, url=u) for t, u in data.evidence)
    record_event(
        actor=actor,
        school=school,
        verb="evaluation.area_created" if created else "evaluation.area_updated",
        target=area,
    )
    return area


def _move_in_order(rows: list, row, direction: str) -> bool:
    """Renumbers `rows` 0…n-1 with `row` one place up or down. Renumbering them all also mends any gaps or ties
    left by earlier removals. Returns False when the row is already at that end."""
    index = next((i for i, r in enumerate(rows) if r.pk == row.pk), None)
    if index is None or direction not in {"up", "down"}:
        raise ValidationError(_("Choose up or down."))
    swap = index - 1 if direction == "up" else index + 1
    if not 0 <= swap < len(rows):
        return False
    rows[index], rows[swap] = rows[swap], rows[index]
    for order, r in enumerate(rows):
        r.order = order
    type(row).objects.bulk_update(rows, ["order"])
    return True


@transaction.atomic
def move_area(*, actor, membership, area: EvaluationArea, direction: str) -> bool:
    _require_leader(membership)
    if area.school_id != membership.school_id:
        raise PermissionDenied
    # Locking the school's areas makes two leaders reordering at once take turns instead of interleaving.
    rows = list(EvaluationArea.objects.select_for_update().filter(school_id=area.school_id).order_by("order", "name"))
    moved = _move_in_order(rows, area, direction)
    if moved:
        record_event(
            actor=actor, school=membership.school, verb="evaluation.area_moved", target=area, data={"to": direction}
        )
    return moved


@transaction.atomic
def remove_area(*, actor, membership, area: EvaluationArea) -> None:
    _require_leader(membership)
    if area.school_id != membership.school_id:
        raise PermissionDenied
    record_event(
        actor=actor, school=membership.school, verb="evaluation.area_removed", target=area, data={"name": area.name}
    )
    area.delete()


@transaction.atomic
def save_judgement_scale(*, actor, membership, names: list[str]) -> None:
    """Replace the school's scale, weakest first. Levels kept by name keep their areas' judgements."""
    _require_leader(membership)
    school = membership.school
    names = [n.strip()[:80] for n in names if n.strip()]
    if len(names) < 2:
        raise ValidationError({"names": _("A scale needs at least two levels.")})
    if len({n.lower() for n in names}) != len(names):
        raise ValidationError({"names": _("Each level needs a different name.")})
    existing = {level.name: level for level in JudgementLevel.objects.filter(school=school)}
    JudgementLevel.objects.filter(school=school).exclude(name__in=names).delete()
    for rank, name in enumerate(names, start=1):
        level = existing.get(name) or JudgementLevel(school=school, name=name)
        level.rank = rank
        level.save()
    record_event(actor=actor, school=school, verb="evaluation.scale_updated", data={"levels": names})


@dataclass
class MetricData:
    name: str
    unit: str = ""
    description: str = ""
    direction: str = Metric.Direction.HIGHER
    min_value: Decimal = Decimal(0)
    max_value: Decimal = Decimal(100)
    source: str = Metric.Source.ENTERED
    area: EvaluationArea | None = None
    cohorts: list[str] = field(default_factory=list)
    responsible: list = field(default_factory=list)
    benchmark_key: str = ""


@transaction.atomic
def save_metric(*, actor, membership, metric: Metric | None, data: MetricData) -> Metric:
    _require_leader(membership)
    school = membership.school
    if data.min_value >= data.max_value:
        raise ValidationError({"max_value": _("The highest valid value must be above the lowest.")})
    if data.area is not None and data.area.school_id != school.pk:
        raise ValidationError({"area": _("Choose one of your school's areas.")})
    if any(m.school_id != school.pk for m in data.responsible):
        raise ValidationError({"responsible": _("Choose staff from your school.")})
    clash = Metric.objects.filter(school=school, name=data.name)
    if metric is not None:
        clash = clash.exclude(pk=metric.pk)
    if clash.exists():
        raise ValidationError({"name": _("Your school already has a metric with this name.")})
    created = metric is None
    if created:
        metric = Metric(school=school)
    for name in ("name", "unit", "description", "direction", "min_value", "max_value", "source", "area"):
        setattr(metric, name, getattr(data, name))
    metric.benchmark_key = slugify(data.benchmark_key)[:80]
    metric.save()
    metric.responsible.set(data.responsible)
    wanted = {c.strip()[:80] for c in data.cohorts if c.strip()}
    # Removing a cohort removes its data, so only add here; cohorts are never silently deleted by an edit.
    have = set(metric.cohorts.values_list("name", flat=True))
    MetricCohort.objects.bulk_create(MetricCohort(metric=metric, name=n) for n in sorted(wanted - have))
    record_event(
        actor=actor,
        school=school,
        verb="evaluation.metric_created" if created else "evaluation.metric_updated",
        target=metric,
    )
    return metric


@transaction.atomic
def remove_metric(*, actor, membership, metric: Metric) -> None:
    """Removes the metric with its data and targets. Plan actions that used it as their success criterion keep
    their written criteria and lose only the link."""
    _require_leader(membership)
    if metric.school_id != membership.school_id:
        raise PermissionDenied
    record_event(
        actor=actor,
        school=membership.school,
        verb="evaluation.metric_removed",
        target=metric,
        data={"name": metric.name, "data_points": metric.data_points.count()},
    )
    metric.delete()


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def _check_range(metric: Metric, value: Decimal) -> None:
    if not (metric.min_value <= value <= metric.max_value):
        raise ValidationError(
            {
                "value": _("%(value)s is outside this metric's valid range, %(low)s to %(high)s.")
                % {"value": _plain(value), "low": _plain(metric.min_value), "high": _plain(metric.max_value)}
            }
        )


def _upsert_point(*, actor, metric, cohort, year_start, term, value, note="") -> bool:
    """Returns True when the stored value changed."""
    existing = DataPoint.objects.filter(metric=metric, cohort=cohort, year_start=year_start, term=term).first()
    if existing is not None:
        if existing.value == value and existing.note == note:
            return False
        existing.value, existing.note, existing.recorded_by = value, note, actor
        existing.save()
        return True
    DataPoint.objects.create(
        metric=metric, cohort=cohort, year_start=year_start, term=term, value=value, note=note, recorded_by=actor
    )
    return True


def _check_term(year_start: int, term: int) -> None:
    if term not in DataPoint.Term.values:
        raise ValidationError({"term": _("Choose autumn, spring or summer.")})
    if not 2000 <= year_start <= 2100:
        raise ValidationError({"year_start": _("Give the year the academic year starts in, such as 2025.")})


@transaction.atomic
def record_data_point(
    *,
    actor,
    membership,
    metric: Metric,
    cohort: MetricCohort | None,
    year_start: int,
    term: int,
    value: Decimal,
    note: str = "",
) -> None:
    if not policies.can_enter_data(membership, metric):
        raise PermissionDenied
    if cohort is not None and cohort.metric_id != metric.pk:
        raise ValidationError({"cohort": _("Choose one of this metric's cohorts.")})
    _check_term(year_start, term)
    _check_range(metric, value)
    _upsert_point(actor=actor, metric=metric, cohort=cohort, year_start=year_start, term=term, value=value, note=note)
    record_event(
        actor=actor,
        school=metric.school,
        verb="evaluation.data_recorded",
        target=metric,
        data={"cohort": cohort.name if cohort else "", "year": year_start, "term": term, "value": str(value)},
    )


@transaction.atomic
def set_target(
    *, actor, membership, metric: Metric, cohort: MetricCohort | None, value: Decimal, by_date
) -> MetricTarget:
    _require_leader(membership)
    if metric.school_id != membership.school_id:
        raise PermissionDenied
    if cohort is not None and cohort.metric_id != metric.pk:
        raise ValidationError({"cohort": _("Choose one of this metric's cohorts.")})
    _check_range(metric, value)
    target = MetricTarget.objects.create(metric=metric, cohort=cohort, value=value, by_date=by_date)
    record_event(actor=actor, school=metric.school, verb="evaluation.target_set", target=target)
    return target


@transaction.atomic
def remove_target(*, actor, membership, target: MetricTarget) -> None:
    _require_leader(membership)
    if target.metric.school_id != membership.school_id:
        raise PermissionDenied
    record_event(actor=actor, school=target.metric.school, verb="evaluation.target_removed", target=target)
    target.delete()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


CSV_COLUMNS = ("metric", "cohort", "year", "term", "value")
_TERM_NAMES = {"1": 1, "2": 2, "3": 3, "autumn": 1, "spring": 2, "summer": 3}


def _parse_year(text: str) -> int:
    # Accept "2025" and "2025/26".
    return int(text.strip().split("/")[0])


@transaction.atomic
def import_metrics_csv(*, actor, membership, content: bytes) -> ImportResult:
    """Rows of metric, cohort (blank for whole school), year, term, value. Re-importing the same file changes
    nothing. Bad rows are reported by line and skipped; good rows are kept."""
    _require_leader(membership)
    school = membership.school
    result = ImportResult()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((1, _("The file is not UTF-8 text. Save it from your spreadsheet as CSV UTF-8.")))
        return result
    reader = csv.DictReader(io.StringIO(text))
    headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in headers and c != "cohort"]
    if missing:
        result.errors.append((1, _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}))
        return result
    reader.fieldnames = headers
    metrics = {m.name.lower(): m for m in Metric.objects.filter(school=school).prefetch_related("cohorts")}
    seen: set = set()
    for row in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in row.items() if k}
        metric = metrics.get(row.get("metric", "").lower())
        if metric is None:
            result.errors.append((line, _("No metric called “%(name)s”.") % {"name": row.get("metric", "")}))
            continue
        cohort = None
        if row.get("cohort"):
            cohort = next((c for c in metric.cohorts.all() if c.name.lower() == row["cohort"].lower()), None)
            if cohort is None:
                result.errors.append(
                    (line, _("%(metric)s has no cohort “%(name)s”.") % {"metric": metric.name, "name": row["cohort"]})
                )
                continue
        try:
            year = _parse_year(row.get("year", ""))
            term = _TERM_NAMES[row.get("term", "").lower()]
            _check_term(year, term)
        except (ValueError, KeyError):
            result.errors.append((line, _("Give the year (such as 2025) and the term (autumn, spring or summer).")))
            continue
        except ValidationError as error:
            result.errors.append((line, " ".join(error.messages)))
            continue
        try:
            value = Decimal(row.get("value", "").replace(",", ""))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            result.errors.append((line, _("“%(value)s” is not a number.") % {"value": row.get("value", "")}))
            continue
        try:
            _check_range(metric, value)
        except ValidationError as error:
            result.errors.append((line, " ".join(error.messages)))
            continue
        key = (metric.pk, cohort.pk if cohort else None, year, term)
        if key in seen:
            result.errors.append((line, _("This metric, cohort and term already appear earlier in the file.")))
            continue
        seen.add(key)
        value = value.quantize(Decimal("0.01"))
        existed = DataPoint.objects.filter(metric=metric, cohort=cohort, year_start=year, term=term).exists()
        changed = _upsert_point(actor=actor, metric=metric, cohort=cohort, year_start=year, term=term, value=value)
        if not changed:
            result.unchanged += 1
        elif existed:
            result.updated += 1
        else:
            result.created += 1
    record_event(
        actor=actor,
        school=school,
        verb="evaluation.csv_imported",
        data={
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "errors": len(result.errors),
        },
    )
    return result


# Surveys


@dataclass
class SurveyData:
    title: str
    introduction: str = ""
    audience: str = Survey.Audience.STAFF
    anonymous: bool = True
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None


@transaction.atomic
def save_survey(*, actor, membership, survey: Survey | None, data: SurveyData) -> Survey:
    _require_leader(membership)
    if data.opens_on is None or data.closes_on is None or data.opens_on > data.closes_on:
        raise ValidationError({"closes_on": _("The survey must close on or after the day it opens.")})
    if data.audience == Survey.Audience.PUPILS and not data.anonymous:
        raise ValidationError({"anonymous": _("Pupil surveys are always anonymous.")})
    created = survey is None
    if created:
        survey = Survey(school=membership.school, created_by=actor, token=secrets.token_urlsafe(24))
    elif survey.responses.exists() and survey.anonymous and not data.anonymous:
        raise ValidationError({"anonymous": _("People answered on the promise of anonymity; it cannot be removed.")})
    for name in ("title", "introduction", "audience", "anonymous", "opens_on", "closes_on"):
        setattr(survey, name, getattr(data, name))
    survey.save()
    record_event(
        actor=actor,
        school=membership.school,
        verb="evaluation.survey_created" if created else "evaluation.survey_updated",
        target=survey,
    )
    return survey


@transaction.atomic
def add_question(
    *, actor, membership, survey: Survey, text: str, kind: str, choices: str = "", required=True, metric=None
) -> Question:
    _require_leader(membership)
    if survey.school_id != membership.school_id:
        raise PermissionDenied
    if survey.responses.exists():
        raise ValidationError(_("People have already answered; questions cannot be added now."))
    if kind == Question.Kind.CHOICE and len([c for c in choices.splitlines() if c.strip()]) < 2:
        raise ValidationError({"choices": _("Give at least two choices, one a line.")})
    if (
        metric is not None
        and kind == Question.Kind.LIKERT
        and metric.school_id == survey.school_id
        and not (metric.min_value <= 1 and metric.max_value >= 5)
    ):
        raise ValidationError(
            {"metric": _("A 1–5 scale question can only feed a metric whose valid range covers 1 to 5.")}
        )
    if metric is not None and (
        metric.school_id != survey.school_id or kind not in {Question.Kind.LIKERT, Question.Kind.NUMBER}
    ):
        raise ValidationError({"metric": _("Only scale and number questions from your school can feed a metric.")})
    question = Question.objects.create(
        survey=survey,
        text=text,
        kind=kind,
        choices=choices if kind == Question.Kind.CHOICE else "",
        required=required,
        metric=metric,
        order=survey.questions.count(),
    )
    record_event(actor=actor, school=survey.school, verb="evaluation.question_added", target=question)
    return question


def _survey_question(membership, question: Question) -> None:
    _require_leader(membership)
    if question.survey.school_id != membership.school_id:
        raise PermissionDenied


@transaction.atomic
def move_question(*, actor, membership, question: Question, direction: str) -> bool:
    _survey_question(membership, question)
    rows = list(Question.objects.select_for_update().filter(survey_id=question.survey_id).order_by("order", "id"))
    moved = _move_in_order(rows, question, direction)
    if moved:
        record_event(
            actor=actor,
            school=membership.school,
            verb="evaluation.question_moved",
            target=question,
            data={"to": direction},
        )
    return moved


@transaction.atomic
def remove_question(*, actor, membership, question: Question) -> None:
    _survey_question(membership, question)
    if question.survey.responses.exists():
        raise ValidationError(_("People have already answered; questions cannot be removed now."))
    record_event(
        actor=actor,
        school=membership.school,
        verb="evaluation.question_removed",
        target=question,
        data={"text": question.text[:200]},
    )
    question.delete()


def survey_is_open(survey: Survey, today: datetime.date) -> bool:
    return survey.opens_on <= today <= survey.closes_on


def _clean_answers(survey: Survey, raw: dict) -> list[tuple[Question, Decimal | None, str]]:
    errors = {}
    cleaned = []
    for question in survey.questions.all():
        given = (raw.get(f"q{question.pk}") or "").strip()
        key = f"q{question.pk}"
        if not given:
            if question.required:
                errors[key] = _("Answer this question.")
            continue
        if question.kind == Question.Kind.LIKERT:
            if given not in {"1", "2", "3", "4", "5"}:
                errors[key] = _("Choose one of the options.")
                continue
            cleaned.append((question, Decimal(given), ""))
        elif question.kind == Question.Kind.NUMBER:
            try:
                number = Decimal(given)
                if not number.is_finite() or abs(number) >= Decimal("1e10"):
                    raise InvalidOperation
            except InvalidOperation:
                errors[key] = _("Enter a number.")
                continue
            cleaned.append((question, number.quantize(Decimal("0.01")), ""))
        elif question.kind == Question.Kind.CHOICE:
            if given not in question.choice_list:
                errors[key] = _("Choose one of the options.")
                continue
            cleaned.append((question, None, given))
        else:
            cleaned.append((question, None, given[:5000]))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def submit_staff_response(*, actor, membership, survey: Survey, answers: dict, today: datetime.date) -> None:
    if survey.school_id != membership.school_id or survey.audience != Survey.Audience.STAFF:
        raise PermissionDenied
    if not policies.can_answer_staff_survey(membership):
        raise PermissionDenied
    if not survey_is_open(survey, today):
        raise ValidationError(_("This survey is closed."))
    cleaned = _clean_answers(survey, answers)
    completion_created = SurveyCompletion.objects.get_or_create(survey=survey, user=actor)[1]
    if not completion_created:
        raise ValidationError(_("You have already answered this survey. Thank you."))
    _store(survey, cleaned, respondent=None if survey.anonymous else actor, today=today)
    # Deliberately no audit event naming the person for anonymous surveys: it would link them to the time of answer.
    if not survey.anonymous:
        record_event(actor=actor, school=survey.school, verb="evaluation.survey_answered", target=survey)


@transaction.atomic
def submit_public_response(*, survey: Survey, answers: dict, today: datetime.date) -> None:
    """A pupil's answer through the survey's link: no account, and nothing about the device is stored."""
    if survey.audience != Survey.Audience.PUPILS:
        raise PermissionDenied
    if not survey_is_open(survey, today):
        raise ValidationError(_("This survey is closed."))
    _store(survey, _clean_answers(survey, answers), respondent=None, today=today)


def _store(survey, cleaned, *, respondent, today) -> None:
    response = Response.objects.create(survey=survey, respondent=respondent, submitted_on=today)
    Answer.objects.bulk_create(Answer(response=response, question=q, number=n, text=t) for q, n, t in cleaned)


@transaction.atomic
def feed_metric_from_survey(*, actor, membership, question: Question, year_start: int, term: int) -> Decimal:
    """Record the question's mean answer as the metric's whole-school value for the term."""
    _require_leader(membership)
    if question.survey.school_id != membership.school_id or question.metric is None:
        raise PermissionDenied
    numbers = list(question.answers.exclude(number=None).values_list("number", flat=True))
    if not numbers:
        raise ValidationError(_("No one has answered this question yet."))
    if question.survey.anonymous and len(numbers) < MIN_ANONYMOUS_RESULTS:
        raise ValidationError(_("Too few answers yet to keep them anonymous."))
    mean = (sum(numbers) / len(numbers)).quantize(Decimal("0.01"))
    metric = question.metric
    _check_term(year_start, term)
    _check_range(metric, mean)
    _upsert_point(
        actor=actor,
        metric=metric,
        cohort=None,
        year_start=year_start,
        term=term,
        value=mean,
        note=_("Mean of %(n)s answers to “%(survey)s”") % {"n": len(numbers), "survey": question.survey.title},
    )
    record_event(
        actor=actor,
        school=metric.school,
        verb="evaluation.survey_fed_metric",
        target=metric,
        data={"question": question.pk, "value": str(mean), "year": year_start, "term": term},
    )
    return mean
