"""My learning: choosing a year, kind, subject or standard; pages; the hours against the entitlement."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from staffroom.learning.models import ActivityKind
from staffroom.organisations.calendar import academic_year
from staffroom.testing.factories import SubjectFactory, make_activity

from .conftest import descriptor, today

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


def this_year(school):
    return academic_year(today(school), school.academic_year_start_month)


def test_last_years_learning_shows_only_when_that_year_is_chosen(login, school, teacher):
    current = this_year(school)
    last = academic_year(current.start - datetime.timedelta(days=1), school.academic_year_start_month)
    make_activity(teacher, date=current.start, title="This year")
    make_activity(teacher, date=last.start + datetime.timedelta(days=40), title="Last year")
    client = login(teacher)

    page = client.get(reverse("learning:list"))
    assert titles(page) == ["This year"]
    choices = [value for value, _label in page.context["filter_form"].fields["year"].choices]
    assert choices == [str(current.start.year), str(last.start.year)]
    assert last.label in page.content.decode()

    chosen = client.get(reverse("learning:list"), {"year": last.start.year})
    assert titles(chosen) == ["Last year"]
    assert chosen.context["summary"].activities == 1


def test_learning_dated_into_next_academic_year_can_be_found(login, school, teacher):
    # Up to a month ahead is allowed, so near the end of a year an activity can fall in the next one.
    start = today(school) + datetime.timedelta(days=31)
    school.academic_year_start_month = start.month
    school.save()
    next_year_day = start.replace(day=1)
    make_activity(teacher, date=next_year_day, title="Booked for the new year")
    next_year = academic_year(next_year_day, school.academic_year_start_month)
    client = login(teacher)

    page = client.get(reverse("learning:list"))
    choices = [value for value, _label in page.context["filter_form"].fields["year"].choices]
    assert str(next_year.start.year) in choices
    # The year that is running now stays the default.
    assert page.context["filters"].year == this_year(school)
    assert titles(client.get(reverse("learning:list"), {"year": next_year.start.year})) == ["Booked for the new year"]


def test_filtering_by_kind(login, school, teacher):
    make_activity(teacher, kind=ActivityKind.COURSE, title="A course")
    make_activity(teacher, kind=ActivityKind.COACHING, title="Some coaching")

    assert titles(login(teacher).get(reverse("learning:list"), {"kind": "coaching"})) == ["Some coaching"]


def test_filtering_by_subject(login, school, teacher, maths):
    science = SubjectFactory(name="Science", slug="science")
    make_activity(teacher, subjects=[maths, science], title="Maths and science")
    make_activity(teacher, subjects=[science], title="Science only")
    make_activity(teacher, title="No subject")

    response = login(teacher).get(reverse("learning:list"), {"subject": maths.pk})

    assert titles(response) == ["Maths and science"]


def test_filtering_by_standard(login, school, teacher, teachers_standards):
    linked = make_activity(teacher, title="Linked to TS1")
    linked.descriptors.set([descriptor(teachers_standards, "TS1.a"), descriptor(teachers_standards, "TS1.b")])
    other = make_activity(teacher, title="Linked to TS2")
    other.descriptors.set([descriptor(teachers_standards, "TS2.a")])
    make_activity(teacher, title="Not linked")
    ts1 = teachers_standards.standards.get(code="TS1")

    response = login(teacher).get(reverse("learning:list"), {"standard": ts1.pk})

    # Two descriptors of the same standard must not list the activity twice.
    assert titles(response) == ["Linked to TS1"]


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1800"},
        {"subject": "999999"},
        {"subject": "maths"},
        {"standard": "x"},
        {"standard": "999999"},
        {"kind": "juggling"},
        {"page": "abc"},
        {"page": "999"},
        {"year": "abc", "subject": "999999", "standard": "x", "page": "-1"},
    ],
)
def test_junk_filters_fall_back_to_the_defaults(login, school, teacher, query):
    make_activity(teacher, title="Visible by default")

    response = login(teacher).get(reverse("learning:list"), query)

    assert response.status_code == 200
    assert response.context["filters"].year == this_year(school)
    assert titles(response) == ["Visible by default"]


def test_thirty_activities_make_two_pages(login, school, teacher):
    for n in range(30):
        make_activity(teacher, title=f"Activity {n:02d}")
    client = login(teacher)

    first = client.get(reverse("learning:list"), {"kind": "course"})
    assert len(first.context["page"].object_list) == 25
    assert "Page 1 of 2" in first.content.decode()
    # The next-page link keeps the filters chosen.
    assert "?kind=course&amp;page=2" in first.content.decode()

    second = client.get(reverse("learning:list"), {"kind": "course", "page": 2})
    assert second.status_code == 200
    assert len(second.context["page"].object_list) == 5
    assert "Page 2 of 2" in second.content.decode()


def test_an_htmx_request_gets_only_the_results(login, school, teacher):
    make_activity(teacher, kind=ActivityKind.COACHING, title="Some coaching")

    response = login(teacher).get(reverse("learning:list"), {"kind": "coaching"}, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith('<div id="activity-results">')
    assert "<html" not in text
    assert "<form" not in text
    assert "Some coaching" in text

    full = login(teacher).get(reverse("learning:list")).content.decode()
    assert "<html" in full
    assert 'id="activity-results"' in full


def chart_rows(text: str) -> dict[str, list[Decimal]]:
    """The figures table beside the hours chart, by row label."""
    table = text.split('class="table table-compact chart-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)
    return {label: [Decimal(v) for v in re.findall(r"<td>(.*?)</td>", cells)] for label, cells in rows}


def svg_values(text: str) -> list[Decimal]:
    return [Decimal(v) for v in re.findall(r'<text [^>]*class="chart-value">(.*?)</text>', text)]


def test_hours_against_the_default_entitlement(login, school, teacher, maths):
    make_activity(teacher, hours="6", subjects=[maths])
    make_activity(teacher, hours="1.5")

    response = login(teacher).get(reverse("learning:list"))

    text = response.content.decode()
    assert "7.50 of 35 hours, of which 6 subject-specific (aim: 17.5)." in text
    assert chart_rows(text) == {
        "All professional learning": [Decimal("7.5"), 35],
        "Subject-specific": [6, Decimal("17.5")],
    }
    assert svg_values(text) == [Decimal("7.5"), 6]


def test_hours_against_the_schools_own_entitlement(login, school, teacher, maths):
    school.entitlement_hours = 40
    school.subject_specific_share = 25
    school.save()
    make_activity(teacher, hours="6", subjects=[maths])

    response = login(teacher).get(reverse("learning:list"))

    text = response.content.decode()
    summary = response.context["summary"]
    assert (summary.entitlement, summary.subject_target) == (40, 10)
    assert "6 of 40 hours, of which 6 subject-specific (aim: 10)." in text
    assert chart_rows(text) == {"All professional learning": [6, 40], "Subject-specific": [6, 10]}
    home = login(teacher).get(reverse("home")).content.decode()
    assert "6 of 40 hours in" in home


def test_the_chart_is_an_image_with_a_title(login, school, teacher):
    make_activity(teacher, hours="2")

    text = login(teacher).get(reverse("learning:list")).content.decode()

    svg = re.search(r"<svg [^>]*>", text).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="hours-chart-title"' in svg
    year = this_year(school).label
    assert f'<title id="hours-chart-title">Your hours in {year} against the school&#x27;s entitlement</title>' in text


def test_caches_keep_the_fragment_and_the_full_page_apart(login, teacher):
    # hx-push-url puts the fragment's URL in the history; without Vary, Back could show a bare fragment.
    response = login(teacher).get(reverse("learning:list"))

    assert "HX-Request" in response["Vary"]
