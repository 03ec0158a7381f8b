import pytest
from django.urls import reverse

from staffroom.core.models import AuditEvent
from staffroom.improvement.models import ImprovementPlan, Priority, SubPlan

from .helpers import make_world, this_year


@pytest.mark.django_db
def test_head_starts_a_plan_and_shapes_it_without_javascript(login):
    world = make_world()
    world.plan.delete()
    client = login(world.head)
    hub = client.get(reverse("improvement:hub")).content.decode()
    assert "no improvement plan for this year" in hub
    assert reverse("evaluation:profile") in hub

    year = this_year(world.school)
    response = client.post(reverse("improvement:plan_create"), {"year_start": year})
    plan = ImprovementPlan.objects.get(school=world.school, year_start=year)
    assert response["Location"] == f"{reverse('improvement:plan')}?year={year}"
    client.post(reverse("improvement:priority_add", args=[plan.pk]), {"title": "Attendance"})
    priority = Priority.objects.get(plan=plan)
    client.post(reverse("improvement:sub_plan_add", args=[priority.pk]), {"kind": "team", "lead": world.lead.pk})
    assert SubPlan.objects.get(priority=priority).lead == world.lead
    assert AuditEvent.objects.filter(verb__startswith="improvement.").count() == 3
    assert "Attendance" in client.get(reverse("improvement:plan")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["improvement:plan", "improvement:board", "improvement:ratings"])
def test_pages_needing_a_plan_go_to_the_hub_when_there_is_none(login, name):
    world = make_world()
    world.plan.delete()
    response = login(world.other).get(reverse(name))
    assert response.status_code == 302 and response["Location"] == reverse("improvement:hub")


@pytest.mark.django_db
def test_plan_create_refuses_junk_years_and_non_leaders(login):
    world = make_world()
    assert login(world.head).post(reverse("improvement:plan_create"), {"year_start": "abc"}).status_code == 302
    assert login(world.lead).post(reverse("improvement:plan_create"), {"year_start": 2030}).status_code == 403
    assert not ImprovementPlan.objects.filter(year_start=2030).exists()


@pytest.mark.django_db
def test_network_lead_sees_each_schools_plan_status_as_counts(login):
    from staffroom.accounts.roles import NetworkRole
    from staffroom.improvement.models import Action
    from staffroom.testing.factories import NetworkFactory, SchoolFactory, add_network_role, join_network, make_member

    world = make_world()
    other_school = SchoolFactory(name="Riverside Academy")
    network = NetworkFactory(name="Fenland Learning Alliance")
    join_network(network, world.school, other_school)
    lead = make_member(other_school)
    add_network_role(lead.user, network, NetworkRole.NETWORK_LEAD)
    Action.objects.filter(pk=world.action.pk).update(status=Action.Status.AT_RISK)

    rows = login(lead).get(reverse("improvement:hub")).context["networks"][0][1]
    by_school = {row["school"].name: row for row in rows}
    assert by_school[world.school.name]["has_plan"] and by_school[world.school.name]["counts"] == [0, 0, 1, 0]
    assert not by_school["Riverside Academy"]["has_plan"]
    assert login(world.other).get(reverse("improvement:hub")).context["networks"] == []


@pytest.mark.django_db
def test_network_view_uses_each_schools_own_academic_year(login):
    from staffroom.accounts.roles import NetworkRole
    from staffroom.improvement.models import ImprovementPlan
    from staffroom.organisations.calendar import academic_year, school_today
    from staffroom.testing.factories import NetworkFactory, SchoolFactory, add_network_role, join_network, make_member

    september = SchoolFactory(name="September School", academic_year_start_month=9)
    # A school whose year runs with the calendar (as in Australia): its current year differs for part of the year.
    january = SchoolFactory(name="January School", academic_year_start_month=1)
    network = NetworkFactory()
    join_network(network, september, january)
    lead = make_member(september)
    add_network_role(lead.user, network, NetworkRole.NETWORK_LEAD)
    years = {s.pk: academic_year(school_today(s), s.academic_year_start_month).start.year for s in (september, january)}
    for school in (september, january):
        ImprovementPlan.objects.create(school=school, year_start=years[school.pk])

    rows = login(lead).get(reverse("improvement:hub")).context["networks"][0][1]
    assert all(row["has_plan"] for row in rows)
    by_name = {row["school"].name: row["year_label"] for row in rows}
    assert by_name["January School"].startswith(str(years[january.pk]))
    assert by_name["September School"].startswith(str(years[september.pk]))
