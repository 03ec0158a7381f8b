import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from staffroom.core.models import AuditEvent
from staffroom.frameworks.models import Descriptor, Framework
from staffroom.frameworks.services import adopt_framework
from staffroom.organisations.calendar import school_today
from staffroom.testing.factories import SchoolFactory, SubjectFactory, make_member

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def frameworks(django_db_setup, django_db_blocker):
    """The shipped frameworks, loaded once per module: loading them for every test would dominate the run.

    They are committed outside each test's transaction, so they are removed again afterwards and other
    apps' tests still start from an empty frameworks table.
    """
    with django_db_blocker.unblock():
        call_command("load_frameworks", stdout=io.StringIO())
        loaded = {f.slug: f for f in Framework.objects.filter(is_current=True)}
    yield loaded
    with django_db_blocker.unblock():
        Framework.objects.all().delete()
        AuditEvent.objects.filter(verb__startswith="framework.", school=None).delete()


@pytest.fixture
def school(db):
    return SchoolFactory(name="Oakfield Primary")


@pytest.fixture
def teacher(school):
    return make_member(school, email="teacher@oakfield.example", first_name="Tess", last_name="Teacher")


@pytest.fixture
def teachers_standards(frameworks, school):
    """The school has adopted the Teachers' Standards (only)."""
    framework = frameworks["teachers-standards-england"]
    adopt_framework(actor=None, school=school, framework=framework)
    return framework


@pytest.fixture
def maths(db):
    return SubjectFactory(name="Mathematics", slug="mathematics")


def descriptor(framework, code) -> Descriptor:
    return Descriptor.objects.get(framework=framework, code=code, career_stage=None)


def today(school) -> datetime.date:
    return school_today(school)


def pdf(name="notes.pdf", content=PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def activity_form(school, **overrides) -> dict:
    """A valid Record learning form, as a browser would post it."""
    data = {
        "title": "Retrieval practice twilight",
        "kind": "course",
        "date": today(school).isoformat(),
        "hours": "1.5",
        "learned": "Low-stakes quizzes at the start of lessons.",
        "will_try": "A five-question starter every maths lesson.",
        "pupils": "Year 4 maths group",
        "success_measure": "Fewer errors in the end-of-unit check.",
        "visibility": "private",
        "follow_up_on": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
