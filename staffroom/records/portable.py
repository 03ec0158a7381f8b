"""What goes into a person's portable record, gathered from every app that holds something of theirs."""

from django.db.models import Count, Q
from django.utils import timezone

from staffroom.appraisal.models import Appraisal
from staffroom.learning.models import Activity
from staffroom.network.models import NetworkSession
from staffroom.network.services import session_hours
from staffroom.observation.models import CoachingSession, Observation

from .archive import safe_file_name
from .models import ImportedAppraisal, ImportedCoachingStep, ImportedObservation, ImportedSessionLed, Qualification

# The feedback questions whose answers travel as counts per rating; the attendees' own words stay behind.
FEEDBACK_QUESTIONS = ("worthwhile", "relevant", "learned")
RATINGS = ("1", "2", "3", "4", "5")


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat()


class _Files:
    """Collects file contents under safe, numbered names, or only the names when contents are not wanted."""

    def __init__(self, *, with_contents: bool):
        self.with_contents = with_contents
        self.contents: dict[str, bytes] = {}
        self._count = 0

    def add(self, field_file, name: str) -> str | None:
        self._count += 1
        path = safe_file_name(self._count, name)
        if not self.with_contents:
            return path
        try:
            with field_file.open("rb") as handle:
                self.contents[path] = handle.read()
        except (FileNotFoundError, ValueError):
            return None  # a row whose file has gone from storage travels without it
        return path


def _activities(user, school, files: _Files) -> list[dict]:
    rows = (
        Activity.objects.filter(school=school, owner=user)
        .select_related("follow_up")
        .prefetch_related("subjects", "descriptors__framework", "evidence")
        .order_by("date", "id")
    )
    result = []
    for a in rows:
        follow_up = getattr(a, "follow_up", None)
        result.append(
            {
                "title": a.title,
                "kind": a.kind,
                "kind_label": str(a.get_kind_display()),
                "date": _iso(a.date),
                "hours": str(a.hours),
                "subjects": [s.name for s in a.subjects.all()],
                "standards": [
                    {"framework": d.framework.slug, "version": d.framework.version, "code": d.code, "text": d.text}
                    for d in a.descriptors.all()
                ],
                "learned": a.learned,
                "will_try": a.will_try,
                "pupils": a.pupils,
                "success_measure": a.success_measure,
                "follow_up": (
                    {
                        "due_on": _iso(follow_up.due_on),
                        "answered_at": _iso(follow_up.answered_at),
                        "what_changed": follow_up.what_changed,
                        "guskey_level": follow_up.guskey_level,
                    }
                    if follow_up
                    else None
                ),
                "evidence": [
                    {"name": e.original_name, "content_type": e.content_type, "path": path}
                    for e in a.evidence.all()
                    if (path := files.add(e.file, e.original_name))
                ],
            }
        )
    return result


def _observations(user, school) -> list[dict]:
    kept = (
        Observation.objects.filter(
            school=school,
            observed__user=user,
            status__in=[Observation.Status.WRITTEN, Observation.Status.COMPLETED],
        )
        .select_related("observer__user", "focus_descriptor", "focus_objective", "focus_action_step")
        .order_by("planned_on", "id")
    )
    result = [
        {
            "planned_on": _iso(o.planned_on),
            "observer": o.observer.user.display_name,
            "focus": o.focus_label,
            "lesson": o.lesson,
            "responses": o.responses,
            "conversation_on": _iso(o.conversation_on),
            "conversation_notes": o.conversation_notes,
            "next_steps": o.next_steps,
        }
        for o in kept
    ]
    # What arrived from an earlier school moves on with the person.
    result += [
        {
            "planned_on": _iso(o.planned_on),
            "observer": o.observer_name,
            "focus": o.focus,
            "lesson": o.lesson,
            "responses": o.responses,
            "conversation_on": _iso(o.conversation_on),
            "conversation_notes": o.conversation_notes,
            "next_steps": o.next_steps,
        }
        for o in ImportedObservation.objects.filter(school=school, owner=user).order_by("planned_on", "id")
    ]
    return result


def _coaching(user, school) -> list[dict]:
    sessions = (
        CoachingSession.objects.filter(school=school, pair__coachee__user=user)
        .select_related("pair__coach__user", "action_step")
        .order_by("visited_on", "id")
    )
    result = [
        {
            "visited_on": _iso(s.visited_on),
            "coach": s.pair.coach.user.display_name,
            "action_step": s.action_step.title,
            "success": s.action_step.success,
            "practice": s.action_step.practice,
            "previous_progress": s.previous_progress,
            "rehearsed": s.rehearsed,
            "praise": s.praise,
            "notes": s.notes,
        }
        for s in sessions
    ]
    result += [
        {
            "visited_on": _iso(s.visited_on),
            "coach": s.coach_name,
            "action_step": s.action_step,
            "success": s.success,
            "practice": s.practice,
            "previous_progress": s.previous_progress,
            "rehearsed": s.rehearsed,
            "praise": s.praise,
            "notes": s.notes,
        }
        for s in ImportedCoachingStep.objects.filter(school=school, owner=user).order_by("visited_on", "id")
    ]
    return result


def feedback_counts(rows) -> dict:
    counts = {"responses": len(rows)}
    for question in FEEDBACK_QUESTIONS:
        counts[question] = {rating: 0 for rating in RATINGS}
        for row in rows:
            counts[question][str(getattr(row, question))] += 1
    return counts


def _sessions_led(user, school) -> list[dict]:
    led = (
        NetworkSession.objects.filter(
            school=school,
            leader__user=user,
            status=NetworkSession.Status.PUBLISHED,
            starts_at__lte=timezone.now(),
        )
        .select_related("host_school")
        .annotate(attended_count=Count("bookings", filter=Q(bookings__attended=True), distinct=True))
        .prefetch_related("feedback")
        .order_by("starts_at", "id")
    )
    result = [
        {
            "title": s.title,
            "starts_at": _iso(s.starts_at),
            "ends_at": _iso(s.ends_at),
            "hours": str(session_hours(s)),
            "host_school": s.host_school.name,
            "attended": s.attended_count,
            "feedback": feedback_counts(list(s.feedback.all())),
        }
        for s in led
    ]
    result += [
        {
            "title": s.title,
            "starts_at": _iso(s.starts_at),
            "ends_at": _iso(s.ends_at),
            "hours": str(s.hours),
            "host_school": s.host_school_name,
            "attended": s.attended,
            "feedback": s.feedback,
        }
        for s in ImportedSessionLed.objects.filter(school=school, owner=user).order_by("starts_at", "id")
    ]
    return result


def _qualifications(user, school, files: _Files) -> list[dict]:
    result = []
    for q in Qualification.objects.filter(school=school, owner=user).order_by("awarded_on", "id"):
        certificate = None
        if q.file:
            path = files.add(q.file, q.original_name)
            if path:
                certificate = {"name": q.original_name, "content_type": q.content_type, "path": path}
        result.append(
            {
                "title": q.title,
                "awarding_body": q.awarding_body,
                "awarded_on": _iso(q.awarded_on),
                "certificate": certificate,
            }
        )
    return result


def _appraisals(user, school) -> list[dict]:
    appraisals = (
        Appraisal.objects.filter(school=school, appraisee__user=user)
        .select_related("cycle", "self_review")
        .prefetch_related("objectives__check_ins__author", "reviews__stage")
        .order_by("cycle__year_start")
    )
    result = []
    for a in appraisals:
        self_review = getattr(a, "self_review", None)
        result.append(
            {
                "year_start": a.cycle.year_start,
                "objectives": [
                    {
                        "title": o.title,
                        "rationale": o.rationale,
                        "priority": o.priority,
                        "success_criteria": o.success_criteria,
                        "measures": o.measures,
                        "support_needed": o.support_needed,
                        "status": o.status,
                        "check_ins": [
                            {
                                "date": _iso(c.created_at.date()),
                                "by": c.author.display_name if c.author else "",
                                "text": c.text,
                            }
                            for c in o.check_ins.all()
                        ],
                    }
                    for o in a.objectives.all()
                ],
                "self_review": self_review.summary if self_review else "",
                # The appraiser's own notes before a meeting are theirs, not the appraisee's.
                "reviews": [
                    {
                        "stage": r.stage.name,
                        "meeting_on": _iso(r.meeting_on),
                        "my_notes": r.appraisee_notes,
                        "agreed_record": r.agreed_record,
                    }
                    for r in a.reviews.all()
                ],
            }
        )
    result += [
        {**a.content, "year_start": a.year_start}
        for a in ImportedAppraisal.objects.filter(school=school, owner=user).order_by("year_start", "id")
    ]
    return result


def collect(*, user, school, include_appraisal: bool, with_files: bool = True) -> tuple[dict, dict[str, bytes]]:
    files = _Files(with_contents=with_files)
    record = {
        "archive_id": None,
        "exported_at": timezone.now().isoformat(),
        "person": {"name": user.display_name, "email": user.email},
        "school": {"name": school.name},
        "includes_appraisal": include_appraisal,
        "learning": _activities(user, school, files),
        "observations": _observations(user, school),
        "coaching": _coaching(user, school),
        "qualifications": _qualifications(user, school, files),
        "sessions_led": _sessions_led(user, school),
        "appraisals": _appraisals(user, school) if include_appraisal else [],
    }
    return record, files.contents
