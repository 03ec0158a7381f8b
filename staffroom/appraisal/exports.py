"""The year's appraisal record as a PDF (for its readers only), and the support-needs counts as CSV."""

import csv

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import rules, selectors


def record_pdf_response(*, appraisal, viewer) -> HttpResponse:
    from weasyprint import HTML  # Imported here: it loads native libraries that most requests never need.

    cycle = appraisal.cycle
    objectives = selectors.record_objectives(appraisal=appraisal)
    self_review = selectors.self_review_of(appraisal=appraisal)
    standards = list(selectors.standards_for(framework=self_review.framework)) if self_review else []
    ratings = {r.standard_id: r for r in self_review.ratings.all()} if self_review else {}
    html = render_to_string(
        "appraisal/record_pdf.html",
        {
            "appraisal": appraisal,
            "cycle": cycle,
            "school": appraisal.school,
            "year_label": rules.year_label(appraisal.school, cycle.year_start),
            "objectives": objectives,
            "self_review": self_review,
            "rating_rows": [(s, ratings.get(s.pk)) for s in standards],
            "reviews": selectors.record_reviews(appraisal=appraisal),
            "generated_at": timezone.now(),
            "viewer": viewer,
        },
    )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"appraisal-{slugify(appraisal.appraisee.user.display_name)}-{cycle.year_start}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _cell(text: str) -> str:
    # A spreadsheet would run a cell starting like a formula; a leading quote keeps it as text.
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def needs_csv_response(*, school, cycle, year) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appraisal-support-needs-{year.year_start}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Academic year"), _("Counted by"), _("Value"), _("Objectives needing support")])
    if cycle is None:
        return response
    needs = selectors.support_needs(cycle=cycle)
    for dimension, rows in (
        (_("Theme"), needs.by_theme),
        (_("Subject"), needs.by_subject),
        (_("Staff group"), needs.by_group),
    ):
        for row in rows:
            writer.writerow([year.label, dimension, _cell(row.label), row.count])
    return response
