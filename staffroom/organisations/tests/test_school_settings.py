"""An admin changes the school's settings; bad values are explained and nothing is saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from staffroom.core.models import AuditEvent
from staffroom.organisations.models import School
from staffroom.testing.factories import SchoolFactory

pytestmark = pytest.mark.django_db

URL = reverse("organisations:school_settings")


def settings_form(**overrides):
    data = {
        "name": "Oakfield Primary",
        "urn": "123456",
        "phase": "primary",
        "academic_year_start_month": "9",
        "time_zone": "Europe/London",
        "entitlement_hours": "35",
        "subject_specific_share": "50",
        "follow_up_weeks": "6",
    }
    data.update(overrides)
    return data


def test_an_admin_saves_the_schools_settings(school, admin_client):
    response = admin_client.post(
        URL, settings_form(entitlement_hours="42.5", academic_year_start_month="1", time_zone="Pacific/Auckland")
    )

    assert response.status_code == 302
    school.refresh_from_db()
    assert school.entitlement_hours == Decimal("42.5")
    assert school.academic_year_start_month == 1
    assert school.time_zone == "Pacific/Auckland"
    event = AuditEvent.objects.get(verb="school.settings_changed", school=school)
    assert event.data["after"]["entitlement_hours"] == "42.5"
    assert "School settings saved." in admin_client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("entitlement_hours", "-1", "greater than or equal to 0"),
        ("entitlement_hours", "1000.5", "less than or equal to 1000"),
        ("entitlement_hours", "lots", "Enter a number."),
        ("subject_specific_share", "101", "less than or equal to 100"),
        ("subject_specific_share", "-5", "greater than or equal to 0"),
        ("time_zone", "Europe/Narnia", "is not a time zone we know"),
        ("academic_year_start_month", "13", "less than or equal to 12"),
        ("follow_up_weeks", "0", "greater than or equal to 1"),
        ("name", "", "This field is required."),
    ],
)
def test_bad_values_are_explained_and_nothing_is_saved(school, admin_client, field, value, message):
    before = School.objects.values().get(pk=school.pk)

    response = admin_client.post(URL, settings_form(**{field: value, "urn": "654321"}))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    body = response.content.decode()
    assert "There is a problem" in body
    # What was typed stays in the form, so the admin only corrects the one value.
    assert 'value="654321"' in body
    assert School.objects.values().get(pk=school.pk) == before
    assert not AuditEvent.objects.filter(verb="school.settings_changed").exists()


def test_a_urn_already_used_by_another_school_is_refused(school, admin_client):
    SchoolFactory(name="Beech Academy", urn="999999")
    response = admin_client.post(URL, settings_form(urn="999999"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"urn": ["Another school already has the URN 999999."]}


def test_settings_change_only_the_admins_own_school(school, admin_client):
    other = SchoolFactory(name="Beech Academy")
    admin_client.post(URL, settings_form(name="Oakfield Primary School"))
    other.refresh_from_db()
    assert other.name == "Beech Academy"
    school.refresh_from_db()
    assert school.name == "Oakfield Primary School"
