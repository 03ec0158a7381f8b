"""The service's operators manage accounts in django-admin without making accounts that clash on login."""

import pytest
from django.test import Client

from staffroom.accounts.models import User
from staffroom.testing.factories import PASSWORD, UserFactory

from .conftest import password_login

pytestmark = pytest.mark.django_db

ADD_USER = "/django-admin/accounts/user/add/"


@pytest.fixture
def operator_client(client):
    client.force_login(
        UserFactory(is_staff=True, is_superuser=True), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def add_user(client, email):
    return client.post(ADD_USER, {"email": email, "password1": "Chalk-and-talk-99", "password2": "Chalk-and-talk-99"})


def test_an_operator_adds_an_account_whose_email_is_kept_in_lower_case(operator_client):
    response = add_user(operator_client, "New.Person@Oakfield.example")

    assert response.status_code == 302
    assert User.objects.filter(email="new.person@oakfield.example").exists()


def test_an_account_differing_only_in_case_is_refused(operator_client):
    UserFactory(email="taken@oakfield.example")

    response = add_user(operator_client, "Taken@Oakfield.example")

    assert response.status_code == 200
    assert User.objects.filter(email__iexact="taken@oakfield.example").count() == 1


def test_logging_in_is_not_confused_by_case(db):
    UserFactory(email="someone@oakfield.example")
    browser = Client()
    assert password_login(browser, "SOMEONE@oakfield.EXAMPLE", PASSWORD).status_code == 302
