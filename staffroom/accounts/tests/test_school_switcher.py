"""People who work at more than one school choose which one they are looking at; nobody can choose a school
that is not theirs."""

import pytest
from django.urls import reverse

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.testing.factories import SchoolFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_school_teacher(school):
    beech = SchoolFactory(name="Beech Academy")
    at_beech = make_member(beech, SchoolRole.TEACHER, email="shared@trust.example")
    at_oakfield = Membership.objects.create(user=at_beech.user, school=school, staff_group=at_beech.staff_group)
    at_oakfield.roles.create(role=SchoolRole.TEACHER)
    return at_beech, at_oakfield


def test_a_person_at_two_schools_can_choose_either(two_school_teacher, login):
    at_beech, at_oakfield = two_school_teacher
    client = login(at_beech)

    home = client.get(reverse("home")).content.decode()
    assert f'<option value="{at_beech.pk}" selected>Beech Academy</option>' in home
    assert f'<option value="{at_oakfield.pk}">Oakfield Primary</option>' in home

    response = client.post(reverse("accounts:switch_school"), {"membership": str(at_oakfield.pk)})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert f'<option value="{at_oakfield.pk}" selected>Oakfield Primary</option>' in home
    assert '<p class="lead">Oakfield Primary' in home


def test_switching_to_someone_elses_membership_changes_nothing(two_school_teacher, login):
    at_beech, at_oakfield = two_school_teacher
    stranger_school = SchoolFactory(name="Cedar High")
    stranger = make_member(stranger_school, SchoolRole.HEADTEACHER)
    client = login(at_beech)

    for junk in (str(stranger.pk), "abc", "", "-1", "999999"):
        response = client.post(reverse("accounts:switch_school"), {"membership": junk})
        assert response.status_code == 302

    home = client.get(reverse("home")).content.decode()
    assert "Cedar High" not in home
    assert '<p class="lead">Beech Academy' in home


def test_a_deactivated_membership_cannot_be_switched_to(two_school_teacher, login):
    at_beech, at_oakfield = two_school_teacher
    at_oakfield.is_active = False
    at_oakfield.save()
    client = login(at_beech)

    client.post(reverse("accounts:switch_school"), {"membership": str(at_oakfield.pk)})

    home = client.get(reverse("home")).content.decode()
    assert "Oakfield Primary" not in home


def test_switching_needs_a_post(two_school_teacher, login):
    at_beech, at_oakfield = two_school_teacher
    response = login(at_beech).get(reverse("accounts:switch_school"), {"membership": str(at_oakfield.pk)})
    assert response.status_code == 405


def test_someone_at_one_school_sees_no_switcher(school, teacher, login):
    home = login(teacher).get(reverse("home")).content.decode()
    assert 'name="membership"' not in home
    assert '<span class="school-name">Oakfield Primary</span>' in home


def test_the_profile_lists_each_of_the_persons_schools(two_school_teacher, login):
    at_beech, _at_oakfield = two_school_teacher
    profile = login(at_beech).get(reverse("accounts:profile")).content.decode()
    assert "Beech Academy: Teacher" in profile
    assert "Oakfield Primary: Teacher" in profile
