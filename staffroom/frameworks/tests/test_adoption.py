"""Schools choosing frameworks, and what the selectors then offer them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from staffroom.core.models import AuditEvent
from staffroom.frameworks import policies, selectors, services
from staffroom.frameworks.models import Descriptor, Framework, SchoolFramework
from staffroom.organisations.models import School

from .conftest import FIXTURES, yaml_stream


@pytest.fixture
def school(db) -> School:
    return School.objects.create(name="Test School")


@pytest.fixture
def head(db):
    return get_user_model().objects.create_user(email="head@example.org")


def framework(slug: str) -> Framework:
    return Framework.objects.get(slug=slug, is_current=True)


def test_adopting_is_recorded_and_idempotent(shipped, school, head):
    ts = framework("teachers-standards-england")
    adoption = services.adopt_framework(actor=head, school=school, framework=ts)
    assert adoption.adopted_by == head
    assert services.adopt_framework(actor=head, school=school, framework=ts) == adoption

    event = AuditEvent.objects.get(verb="framework.adopted")
    assert (event.school, event.actor, event.target_id) == (school, head, str(ts.pk))
    assert selectors.is_adopted(school=school, framework=ts)


def test_dropping_is_recorded_and_idempotent(shipped, school):
    ts = framework("teachers-standards-england")
    services.adopt_framework(actor=None, school=school, framework=ts)
    services.drop_framework(actor=None, school=school, framework=ts)
    services.drop_framework(actor=None, school=school, framework=ts)

    assert not SchoolFramework.objects.exists()
    assert AuditEvent.objects.filter(verb="framework.dropped", school=school).count() == 1


def test_a_superseded_version_cannot_be_adopted(db, school):
    old = services.load_framework_from_yaml(path_or_stream=FIXTURES / "staged.yaml")
    newer = (FIXTURES / "staged.yaml").read_text(encoding="utf-8").replace('version: "1"', 'version: "2"')
    services.load_framework_from_yaml(path_or_stream=yaml_stream(newer))
    old.refresh_from_db()
    assert not policies.can_be_adopted(framework=old)
    with pytest.raises(ValidationError, match="replaced by a newer version"):
        services.adopt_framework(actor=None, school=school, framework=old)


def test_selectors_offer_only_the_schools_current_frameworks(shipped, school, django_assert_num_queries):
    other = School.objects.create(name="Other School")
    ts, eef = framework("teachers-standards-england"), framework("eef-pd-mechanisms")
    services.adopt_framework(actor=None, school=school, framework=ts)
    services.adopt_framework(actor=None, school=school, framework=eef)
    services.adopt_framework(actor=None, school=other, framework=framework("apst"))

    assert list(selectors.all_current_frameworks()) == list(Framework.objects.order_by("name"))
    assert list(selectors.frameworks_for_school(school=school)) == [eef, ts]

    with django_assert_num_queries(1):
        choices = list(selectors.descriptor_choices_for_school(school=school))
        labels = [f"{d.framework.short_name}: {d.standard.code} {d}" for d in choices]
    assert len(choices) == 14 + 38
    # Grouped by framework, in the framework's own order.
    assert [d.code for d in choices[:3]] == ["EEF-M1", "EEF-M2", "EEF-M3"]
    assert [d.code for d in choices[14:17]] == ["TS1.a", "TS1.b", "TS1.c"]
    assert labels[14].startswith("Teachers' Standards: TS1 TS1.a — ")


def test_get_descriptor_limits_to_the_schools_frameworks(shipped, school):
    services.adopt_framework(actor=None, school=school, framework=framework("guskey"))
    level_one = Descriptor.objects.get(code="L1")
    focus_area = Descriptor.objects.get(code="1.1", framework__slug="apst")

    assert selectors.get_descriptor(pk=level_one.pk, school=school) == level_one
    assert selectors.get_descriptor(pk=focus_area.pk) == focus_area
    with pytest.raises(Descriptor.DoesNotExist):
        selectors.get_descriptor(pk=focus_area.pk, school=school)


def test_get_framework_finds_the_current_or_a_named_version(shipped):
    assert selectors.get_framework(slug="apst").version == "2011"
    assert selectors.get_framework(slug="apst", version="2011").slug == "apst"
    with pytest.raises(Framework.DoesNotExist):
        selectors.get_framework(slug="apst", version="1999")


def test_framework_outline(shipped, django_assert_num_queries):
    apst = framework("apst")
    with django_assert_num_queries(2):
        outline = [
            (standard.domain.name, standard.code, [d.code for d in standard.descriptors.all()])
            for standard in selectors.framework_outline(framework=apst)
        ]
    assert outline[0] == ("Professional Knowledge", "APST 1", ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"])
    assert [code for _domain, code, _descriptors in outline] == [f"APST {n}" for n in range(1, 8)]
