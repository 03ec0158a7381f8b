"""Support needs reach the CPD plan as counts by theme, subject and staff group, never as anyone's words."""

import csv
import io

import pytest
from django.urls import reverse

from staffroom.appraisal import services
from staffroom.appraisal.models import Appraisal, SupportTheme
from staffroom.organisations.models import Subject

from .conftest import objective_data

pytestmark = pytest.mark.django_db

SECRET = "ZEBRA-SECRET wants help with anxiety about maths"


@pytest.fixture
def needs(oak):
    maths = Subject.objects.get(slug="mathematics")
    english = Subject.objects.get(slug="english")
    other = Appraisal.objects.get(cycle=oak.cycle, appraisee=oak.other)
    services.add_objective(
        actor=oak.teacher.user,
        appraisal=oak.appraisal,
        data=objective_data(title=SECRET, support_needed=SECRET, support_theme=SupportTheme.COACHING, subject=maths),
    )
    services.add_objective(
        actor=oak.other.user,
        appraisal=other,
        data=objective_data(
            title="Phonics", support_needed="Course", support_theme=SupportTheme.READING, subject=english
        ),
    )
    services.add_objective(
        actor=oak.ta.user,
        appraisal=oak.ta_appraisal,
        data=objective_data(title="TA support", support_needed="Course", support_theme=SupportTheme.COACHING),
    )
    withdrawn = services.add_objective(
        actor=oak.other.user,
        appraisal=other,
        data=objective_data(title="Dropped", support_needed="x", support_theme=SupportTheme.SEND),
    )
    services.set_objective_status(actor=oak.other.user, objective=withdrawn, status="withdrawn")
    services.add_objective(
        actor=oak.head.user,
        appraisal=oak.head_appraisal,
        data=objective_data(title="HEAD", support_needed="x", support_theme=SupportTheme.LEADERSHIP),
    )


def test_the_cpd_coordinator_sees_counts_and_no_text(oak, login, needs):
    body = login(oak.cpd).get(reverse("appraisal:needs")).content.decode()

    assert "ZEBRA-SECRET" not in body
    assert oak.teacher.user.display_name not in body
    assert "3 objectives in progress ask for support." in body
    assert '<th scope="row">Coaching and mentoring</th><td>2</td>' in body
    assert '<th scope="row">Reading, literacy and oracy</th><td>1</td>' in body
    assert '<th scope="row">SEND and inclusion</th><td>0</td>' in body  # withdrawn ones are not counted
    assert '<th scope="row">Leadership and management</th><td>0</td>' in body  # nor the head's own
    assert '<th scope="row">Mathematics</th><td>1</td>' in body
    assert '<th scope="row">Teaching assistants</th><td>1</td>' in body
    assert "<svg" in body


def test_the_cpd_coordinator_cannot_open_any_appraisal(oak, login, needs):
    client = login(oak.cpd)

    assert client.get(reverse("appraisal:detail", args=[oak.appraisal.pk])).status_code == 404
    assert client.get(reverse("appraisal:record_pdf", args=[oak.appraisal.pk])).status_code == 404


def test_the_counts_download_as_csv_without_text(oak, login, needs):
    response = login(oak.cpd).get(reverse("appraisal:needs_csv"))

    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert response["Content-Type"].startswith("text/csv")
    assert "ZEBRA" not in content
    assert [r for r in rows if r[1] == "Theme" and r[2] == "Coaching and mentoring"][0][3] == "2"
    assert [r for r in rows if r[1] == "Staff group" and r[2] == "Teachers"][0][3] == "2"


def test_no_cycle_means_an_honest_empty_page(oak, login):
    response = login(oak.cpd).get(reverse("appraisal:needs"), {"year": oak.year - 5})

    assert "There is no appraisal cycle for" in response.content.decode()
    assert login(oak.cpd).get(reverse("appraisal:needs_csv"), {"year": "abc"}).status_code == 200
