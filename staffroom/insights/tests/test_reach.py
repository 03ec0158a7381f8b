from decimal import Decimal

import pytest
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.core.models import AuditEvent
from staffroom.insights.models import CpdBudget, Spend
from staffroom.learning.models import ActivityKind
from staffroom.testing.factories import SchoolFactory, make_activity, make_member

from .conftest import day_in
from .helpers import csv_sections

pytestmark = pytest.mark.django_db


def _url(name, reach, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"year": reach.year.start.year, **extra}.items())
    return f"{reverse(name)}?{query}"


def test_reach_figures_match_a_hand_count(reach_school, login):
    """Teachers: 10+4+6+0+5 = 25 hours over 5 people = 5.0 each; 21 of the 25 subject-specific (84%); the head, B and
    C had nothing in the last term (3 of 5). TAs (3) and midday staff (2) are too few alone, so they are combined:
    3+2+1 = 6 hours over 5 people = 1.2; F, G and M2 had nothing in the last term. The governor's hours, last year's
    and another school's do not count."""
    client = login(reach_school.head)
    sections = csv_sections(client.get(_url("insights:reach", reach_school, format="csv")))
    hours = sections["Hours per person this year against the entitlement"]
    assert hours[0][:4] == ["Staff group", "People", "Hours this year", "Hours per person"]
    assert hours[1:] == [
        ["Teachers", "5", "25", "5", "35", "84", "3", "60"],
        ["Teaching assistants, Midday staff, combined", "5", "6", "1.2", "35", "0", "3", "60"],
        ["All staff", "10", "31", "3.1", "35", "68", "6", "60"],
    ]


def test_reach_page_shows_charts_tables_and_the_names_to_leaders(reach_school, login):
    response = login(reach_school.head).get(_url("insights:reach", reach_school))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<svg") >= 4 and "<table" in body
    assert "People with nothing recorded this term" in body
    assert reach_school.members["C"].user.display_name in body


def test_governors_read_counts_but_not_names_and_cannot_change_the_budget(reach_school, login):
    client = login(reach_school.governor)
    body = client.get(_url("insights:reach", reach_school)).content.decode()
    assert "Hours per person this year" in body
    assert reach_school.members["C"].user.display_name not in body
    assert "Save budget" not in body
    assert client.post(reverse("insights:budget_set"), {"amount": "5"}).status_code == 403
    assert client.post(reverse("insights:spend_add"), {}).status_code == 403
    assert not CpdBudget.objects.exists()


@pytest.mark.parametrize("role", [SchoolRole.TEACHER, SchoolRole.TEACHING_ASSISTANT, SchoolRole.MIDDLE_LEADER])
def test_staff_without_a_leading_role_get_403_on_every_page(login, role):
    client = login(make_member(SchoolFactory(), role))
    for name in (
        "insights:index",
        "insights:reach",
        "insights:impact",
        "insights:quality",
        "insights:progress",
        "insights:network",
    ):
        assert client.get(reverse(name)).status_code == 403, name


def test_spend_against_budget(reach_school, login):
    client = login(reach_school.cpd)
    year = reach_school.year
    response = client.post(_url("insights:budget_set", reach_school), {"amount": "1000"})
    assert response.status_code == 302
    client.post(
        reverse("insights:spend_add"),
        {
            "spent_on": day_in(year, 5).isoformat(),
            "description": "Course fees",
            "kind": ActivityKind.COURSE,
            "amount": "250",
        },
    )
    client.post(
        reverse("insights:spend_add"),
        {
            "spent_on": day_in(year, 40).isoformat(),
            "description": "=cmd|' /C calc'!A0",
            "kind": ActivityKind.COACHING,
            "amount": "100.50",
        },
    )
    # Spending in another year is not this year's.
    client.post(
        reverse("insights:spend_add"),
        {
            "spent_on": day_in(year, 400).isoformat(),
            "description": "Later",
            "kind": ActivityKind.COURSE,
            "amount": "999",
        },
    )
    assert Spend.objects.count() == 3
    assert AuditEvent.objects.filter(verb="insights.spend_added").count() == 3
    body = client.get(_url("insights:reach", reach_school)).content.decode()
    assert "Budget £1000.00; spent £350.50; remaining £649.50." in body
    spend = csv_sections(client.get(_url("insights:reach", reach_school, format="csv")))["Spending against the budget"]
    assert spend[1:] == [["Course", "250.00"], ["Coaching", "100.50"], ["Total spent", "350.50"]]


def test_csv_cells_that_look_like_formulas_are_kept_as_text(reach_school, login):
    client = login(reach_school.head)
    Spend.objects.create(
        school=reach_school.school,
        spent_on=day_in(reach_school.year, 3),
        description="x",
        kind=ActivityKind.COURSE,
        amount=Decimal(1),
    )
    reach_school.school.name = '=HYPERLINK("http://evil")'
    reach_school.school.save()
    text = client.get(_url("insights:reach", reach_school, format="csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n=" not in text and ",=" not in text


def test_bad_budget_and_spending_are_explained_and_what_was_typed_is_kept(reach_school, login):
    client = login(reach_school.head)
    response = client.post(_url("insights:budget_set", reach_school), {"amount": "-4"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    response = client.post(
        reverse("insights:spend_add"),
        {"spent_on": "31/02/2025", "description": "Supply cover", "kind": "junk", "amount": "1e99"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="Supply cover"' in body
    assert not Spend.objects.exists() and not CpdBudget.objects.exists()


@pytest.mark.parametrize("query", ["year=junk", "year=1066", "year=%00", "format=xls", "year=2025.5&format=csv"])
def test_junk_filters_never_break_a_page(reach_school, login, query):
    client = login(reach_school.head)
    for name in ("insights:reach", "insights:impact", "insights:quality", "insights:progress"):
        response = client.get(f"{reverse(name)}?{query}")
        assert response.status_code == 200, (name, query)


def test_removing_spending_from_another_school_is_a_404(reach_school, login):
    other = SchoolFactory()
    spend = Spend.objects.create(
        school=other,
        spent_on=day_in(reach_school.year, 3),
        description="x",
        kind=ActivityKind.COURSE,
        amount=Decimal(1),
    )
    response = login(reach_school.head).post(reverse("insights:spend_remove", args=[spend.pk]))
    assert response.status_code == 404
    assert Spend.objects.filter(pk=spend.pk).exists()


def test_reach_queries_stay_flat_as_staff_and_activities_grow(reach_school, login, django_assert_max_num_queries):
    client = login(reach_school.head)
    url = _url("insights:reach", reach_school)
    client.get(url)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        member = make_member(reach_school.school, SchoolRole.TEACHER)
        for n in range(3):
            make_activity(member, date=day_in(reach_school.year, 20 + n), hours="1")
    assert count() == before
