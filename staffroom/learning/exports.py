"""A person's own record as CSV (every year) or as a PDF portfolio (one academic year)."""

import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import selectors
from .models import GuskeyLevel

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting like a formula; a leading quote keeps it as text.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def _rows(activities):
    yield [
        _("Date"),
        _("Title"),
        _("Kind"),
        _("Hours"),
        _("Subjects"),
        _("Linked standards"),
        _("What I learned"),
        _("What I will try"),
        _("With which pupils"),
        _("How I will know it worked"),
        _("Shared with"),
        _("Revisit on"),
        _("What changed for pupils"),
        _("Impact level"),
        _("Evidence files"),
    ]
    for a in activities:
        follow_up = getattr(a, "follow_up", None)
        yield [
            _cell(v)
            for v in (
                a.date.isoformat(),
                a.title,
                a.get_kind_display(),
                a.hours,
                "; ".join(s.name for s in a.subjects.all()),
                "; ".join(d.code for d in a.descriptors.all()),
                a.learned,
                a.will_try,
                a.pupils,
                a.success_measure,
                a.get_visibility_display(),
                follow_up.due_on.isoformat() if follow_up else "",
                follow_up.what_changed if follow_up else "",
                GuskeyLevel(follow_up.guskey_level).label if follow_up and follow_up.guskey_level else "",
                "; ".join(e.original_name for e in a.evidence.all()),
            )
        ]


def csv_response(*, user, school) -> StreamingHttpResponse:
    activities = selectors.all_own_activities(user=user, school=school)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        ("\ufeff" if i == 0 else "") + writer.writerow(row) for i, row in enumerate(_rows(activities))
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    filename = f"staffroom-learning-{slugify(user.display_name)}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_response(*, user, membership, year) -> HttpResponse:
    from weasyprint import HTML  # Imported here: it loads native libraries that most requests never need.

    school = membership.school
    activities = selectors.own_activities(
        user=user, school=school, filters=selectors.ActivityFilters(year=year)
    ).prefetch_related("evidence")
    summary = selectors.hours_summary(user=user, school=school, year=year)
    html = render_to_string(
        "learning/portfolio.html",
        {
            "person": user,
            "membership": membership,
            "school": school,
            "year": year,
            "activities": activities,
            "summary": summary,
            "generated_at": timezone.now(),
        },
    )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"staffroom-portfolio-{slugify(user.display_name)}-{year.start.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
