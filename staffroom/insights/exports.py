"""The CSV download behind every insight page: the same tables the page shows, one after another."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .reports import display

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    value = display(value)
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting like a formula (a school or programme name, say); a leading quote
    # keeps it as text.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_response(*, name: str, heading: list[str], sections) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_cell(v) for v in heading])
    writer.writerow(
        [_("Blank cells: fewer than five people (not shown so that no one can be identified), or nothing to count.")]
    )
    for section in sections:
        writer.writerow([])
        writer.writerow([_cell(section.title)])
        if section.headers:
            writer.writerow([_cell(h) for h in section.headers])
        for row in section.rows:
            writer.writerow([_cell(v) for v in row])
        if not section.rows and (section.empty or section.note):
            writer.writerow([_cell(section.empty or section.note)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"staffroom-insights-{name}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
