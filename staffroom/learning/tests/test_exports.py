"""Taking your record away: the whole record as CSV, one year as a PDF portfolio."""

import csv
import datetime
import io

import pytest
import weasyprint
from django.urls import reverse

from staffroom.learning import services
from staffroom.learning.models import ActivityKind
from staffroom.organisations.calendar import academic_year
from staffroom.testing.factories import make_activity, make_member

from .conftest import activity_form, descriptor, pdf, today

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    # The byte-order mark tells Excel the file is UTF-8.
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_csv_holds_every_activity_with_its_reflection_follow_up_and_evidence(
    login, school, teacher, maths, teachers_standards
):
    client = login(teacher)
    client.post(
        reverse("learning:create"),
        activity_form(
            school,
            title="Retrieval practice twilight",
            subjects=[maths.pk],
            descriptors=[descriptor(teachers_standards, "TS2.b").pk],
            files=[pdf("slides.pdf"), pdf("handout.pdf")],
        ),
    )
    answered = make_activity(
        teacher, title="Coaching cycle", kind=ActivityKind.COACHING, date=datetime.date(2020, 1, 6)
    )
    services.answer_follow_up(
        actor=teacher.user,
        follow_up=answered.follow_up,
        what_changed="Pupils explained their thinking.",
        guskey_level=5,
    )
    make_activity(make_member(school), title="Someone else's")

    response = client.get(reverse("learning:export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="staffroom-learning-')
    header, *rows = csv_rows(response)
    assert header[:4] == ["Date", "Title", "Kind", "Hours"]
    assert len(rows) == 2
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_title) == {"Retrieval practice twilight", "Coaching cycle"}

    recent = by_title["Retrieval practice twilight"]
    assert recent["Date"] == today(school).isoformat()
    assert recent["Hours"] == "1.50"
    assert recent["Subjects"] == "Mathematics"
    assert recent["Linked standards"] == "TS2.b"
    assert recent["What I learned"] == "Low-stakes quizzes at the start of lessons."
    assert recent["What I will try"] == "A five-question starter every maths lesson."
    assert recent["With which pupils"] == "Year 4 maths group"
    assert recent["How I will know it worked"] == "Fewer errors in the end-of-unit check."
    assert recent["Evidence files"] == "slides.pdf; handout.pdf"
    assert recent["What changed for pupils"] == ""

    older = by_title["Coaching cycle"]
    assert older["Kind"] == "Coaching"
    assert older["What changed for pupils"] == "Pupils explained their thinking."
    assert older["Impact level"] == "5. Pupils learn or do better because of it"


@pytest.mark.parametrize("title", ['=HYPERLINK("https://evil.example","Click")', "+1+2", "-2+3", "@SUM(A1)", "\t=1+1"])
def test_the_csv_neutralises_formulas(login, teacher, title):
    make_activity(teacher, title=title, learned="=cmd|' /C calc'!A0")

    header, row = csv_rows(login(teacher).get(reverse("learning:export_csv")))

    record = dict(zip(header, row, strict=True))
    assert record["Title"] == "'" + title
    assert record["What I learned"] == "'=cmd|' /C calc'!A0"


def test_an_empty_record_is_just_the_header(login, teacher):
    rows = csv_rows(login(teacher).get(reverse("learning:export_csv")))

    assert len(rows) == 1


@pytest.fixture
def rendered_portfolios(monkeypatch):
    """The HTML each PDF was made from, so that its content can be read; the PDF is still made."""
    seen = []
    real = weasyprint.HTML

    def spy(*args, **kwargs):
        seen.append(kwargs["string"])
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    return seen


def test_the_pdf_portfolio_holds_only_the_chosen_year(login, school, teacher, rendered_portfolios):
    current = academic_year(today(school), school.academic_year_start_month)
    last = academic_year(current.start - datetime.timedelta(days=1), school.academic_year_start_month)
    make_activity(teacher, date=current.start, title="This year's course")
    make_activity(teacher, date=last.start, title="Last year's course", hours="3")
    make_activity(make_member(school), date=last.start, title="A colleague's course")
    client = login(teacher)

    response = client.get(reverse("learning:export_pdf"), {"year": last.start.year})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="staffroom-portfolio-tess-teacher-{last.start.year}.pdf"'
    )
    (html,) = rendered_portfolios
    assert "Last year&#x27;s course" in html
    assert "This year&#x27;s course" not in html
    assert "A colleague&#x27;s course" not in html
    assert f"Academic year {last.label}" in html
    assert "1 activity" in html

    client.get(reverse("learning:export_pdf"))
    assert "This year&#x27;s course" in rendered_portfolios[1]
    assert "Last year&#x27;s course" not in rendered_portfolios[1]


def test_the_pdf_portfolio_with_a_junk_year_is_the_current_year(login, school, teacher, rendered_portfolios):
    make_activity(teacher, title="This year's course")

    response = login(teacher).get(reverse("learning:export_pdf"), {"year": "abc"})

    assert response.status_code == 200
    assert "This year&#x27;s course" in rendered_portfolios[0]
