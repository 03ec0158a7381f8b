"""Objectives link to the school's improvement plan priorities once the school has a plan for the cycle's year."""

import pytest
from django.urls import reverse

from staffroom.appraisal.models import Objective
from staffroom.improvement.models import ImprovementPlan, Priority

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Better questioning in Year 4 maths",
    "success_criteria": "Pupils explain their method in full sentences.",
    "priority": "",
}


def test_without_a_plan_the_form_keeps_the_plain_text_priority_only(oak, login):
    page = login(oak.teacher).get(reverse("appraisal:objective_create", args=[oak.appraisal.pk]))
    assert "plan_priority" not in page.context["form"].fields


def test_with_a_plan_the_appraisee_chooses_one_of_its_priorities(oak, login):
    plan = ImprovementPlan.objects.create(school=oak.school, year_start=oak.year)
    priority = Priority.objects.create(school=oak.school, plan=plan, title="Reasoning in maths")
    client = login(oak.teacher)
    url = reverse("appraisal:objective_create", args=[oak.appraisal.pk])
    assert "Reasoning in maths" in client.get(url).content.decode()

    assert client.post(url, {**FORM, "plan_priority": priority.pk}).status_code == 302
    assert Objective.objects.get(appraisal=oak.appraisal).plan_priority == priority


def test_another_schools_priority_is_refused(oak, login):
    ImprovementPlan.objects.create(school=oak.school, year_start=oak.year)
    Priority.objects.create(school=oak.school, plan=ImprovementPlan.objects.get(school=oak.school), title="Ours")
    river_plan = ImprovementPlan.objects.create(school=oak.river, year_start=oak.year)
    theirs = Priority.objects.create(school=oak.river, plan=river_plan, title="Theirs")
    response = login(oak.teacher).post(
        reverse("appraisal:objective_create", args=[oak.appraisal.pk]), {**FORM, "plan_priority": theirs.pk}
    )
    assert response.status_code == 200
    assert not Objective.objects.filter(appraisal=oak.appraisal).exists()


def test_the_objective_and_appraisal_pages_show_the_linked_priority_with_a_link_to_the_plan(oak, login):
    plan = ImprovementPlan.objects.create(school=oak.school, year_start=oak.year)
    priority = Priority.objects.create(school=oak.school, plan=plan, title="Reasoning in maths")
    client = login(oak.teacher)
    client.post(reverse("appraisal:objective_create", args=[oak.appraisal.pk]), {**FORM, "plan_priority": priority.pk})
    objective = Objective.objects.get(appraisal=oak.appraisal)
    link = f"{reverse('improvement:plan')}?year={oak.year}#priority-{priority.pk}"
    for url in (
        reverse("appraisal:objective_detail", args=[objective.pk]),
        reverse("appraisal:detail", args=[oak.appraisal.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Reasoning in maths" in page
        assert link in page
