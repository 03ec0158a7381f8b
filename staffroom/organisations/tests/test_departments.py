"""An admin keeps the school's list of departments and teams."""

import pytest
from django.urls import reverse

from staffroom.organisations.models import Department
from staffroom.testing.factories import SchoolFactory, make_member

pytestmark = pytest.mark.django_db

URL = reverse("organisations:departments")


def test_an_admin_adds_a_department_and_sees_who_is_in_it(school, admin_client):
    response = admin_client.post(URL, {"name": "  Early   Years "})

    assert response.status_code == 302
    early_years = Department.objects.get(school=school)
    assert early_years.name == "Early Years"
    for active in (True, True, False):
        member = make_member(school)
        member.department, member.is_active = early_years, active
        member.save()
    page = admin_client.get(URL).content.decode()
    assert "<tr><td>Early Years</td><td>2</td>" in page


def test_the_same_name_twice_is_refused_beside_the_field(school, admin_client):
    Department.objects.create(school=school, name="Maths")

    response = admin_client.post(URL, {"name": "maths"})

    assert response.status_code == 200
    assert "There is already a department called" in " ".join(response.context["form"].errors["name"])
    assert Department.objects.filter(school=school).count() == 1


def test_an_empty_name_is_refused(school, admin_client):
    response = admin_client.post(URL, {"name": ""})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Department.objects.exists()


def test_removing_a_department_leaves_its_members_in_the_school(school, admin_client):
    maths = Department.objects.create(school=school, name="Maths")
    member = make_member(school)
    member.department = maths
    member.save()

    response = admin_client.post(reverse("organisations:department_remove", args=[maths.pk]))

    assert response.status_code == 302
    assert not Department.objects.filter(pk=maths.pk).exists()
    member.refresh_from_db()
    assert member.department is None
    assert member.is_active


def test_another_schools_department_cannot_be_removed_or_seen(school, admin_client):
    theirs = Department.objects.create(school=SchoolFactory(name="Beech Academy"), name="Beech Science")

    assert admin_client.post(reverse("organisations:department_remove", args=[theirs.pk])).status_code == 404
    assert Department.objects.filter(pk=theirs.pk).exists()
    assert "Beech Science" not in admin_client.get(URL).content.decode()


def test_a_department_name_is_free_at_each_school(school, admin_client):
    Department.objects.create(school=SchoolFactory(name="Beech Academy"), name="Maths")
    assert admin_client.post(URL, {"name": "Maths"}).status_code == 302
    assert Department.objects.filter(name="Maths").count() == 2
