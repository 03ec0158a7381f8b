import pytest
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.testing.factories import SchoolFactory, make_member


@pytest.fixture
def school(db):
    return SchoolFactory(name="Oakfield Primary")


@pytest.fixture
def admin(school):
    return make_member(school, SchoolRole.SCHOOL_ADMIN, email="office@oakfield.example", first_name="Olive")


@pytest.fixture
def head(school):
    return make_member(school, SchoolRole.HEADTEACHER, SchoolRole.TEACHER, email="head@oakfield.example")


@pytest.fixture
def teacher(school):
    return make_member(school, SchoolRole.TEACHER, email="t.jones@oakfield.example", first_name="Tom")


def password_login(client, email, password):
    """Logs in the way a person does, through the login form, so that axes and allauth see the attempt."""
    return client.post(reverse("account_login"), {"login": email, "password": password})
