"""The benchmark's dataset builder (bench/dataset.py) at a tiny scale: every table filled and the pages work."""

import pytest
from django.urls import reverse

from bench.dataset import Scale, build
from bench.people import PASSWORD, email
from staffroom.accounts.models import Membership
from staffroom.appraisal.models import Appraisal
from staffroom.learning.models import Activity, FollowUp
from staffroom.network.models import Booking, NetworkSession

pytestmark = pytest.mark.django_db

TINY = Scale(schools=2, staff_per_school=12, activities_per_person=3, sessions_per_school=4, bookings_per_session=3)


def log_in(client, address):
    client.logout()
    response = client.post(reverse("account_login"), {"login": address, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_the_builder_fills_every_table_at_a_tiny_scale(client, settings):
    # The load generator signs in with a password only, so the benchmark's schools must not require a second factor.
    settings.STAFFROOM_ENFORCE_MFA = True
    counts = build(TINY, log=lambda *_: None)

    assert Membership.objects.count() == TINY.staff
    assert Activity.objects.count() == TINY.activities == counts["learning_activity"]
    assert FollowUp.objects.count() == TINY.activities
    assert Appraisal.objects.count() == TINY.staff
    assert NetworkSession.objects.count() == TINY.schools * TINY.sessions_per_school
    assert Booking.objects.count() == NetworkSession.objects.count() * TINY.bookings_per_session

    # The rows are usable by the site: people log in with the benchmark password and see their pages.
    log_in(client, email(0, 5))
    assert client.get(reverse("learning:list")).status_code == 200
    assert client.get(reverse("network:offer")).status_code == 200
    log_in(client, email(1, 4))
    home = client.get(reverse("home")).content.decode()
    assert "Bench School 000" in home and "Bench School 001" in home
    log_in(client, email(0, 0))
    assert client.get(reverse("home")).status_code == 200
