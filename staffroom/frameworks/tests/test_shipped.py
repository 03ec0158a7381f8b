"""The frameworks shipped in data/ load with the structure of the published frameworks."""

import pytest
from django.db.models import Count, F

from staffroom.frameworks.models import CareerStage, Descriptor, Domain, Framework, Standard


def standard_codes(framework: Framework, domain_code: str | None = None) -> list[str]:
    standards = framework.standards.all()
    if domain_code is not None:
        standards = standards.filter(domain__code=domain_code)
    return list(standards.values_list("code", flat=True))


def test_command_reports_each_framework(shipped):
    assert shipped.splitlines() == [
        "Loaded apst (2011): 7 standards, 37 descriptors",
        "Loaded dfe-pd-standard (2016): 5 standards, 5 descriptors",
        "Loaded eef-pd-mechanisms (2021): 14 standards, 14 descriptors",
        "Loaded guskey (2000): 5 standards, 5 descriptors",
        "Loaded headteachers-standards-2020 (2020): 11 standards, 17 descriptors",
        "Loaded teachers-standards-england (2011): 9 standards, 38 descriptors",
        "Loaded teaching-assistant-standards (2016): 4 standards, 16 descriptors",
    ]
    assert Framework.objects.filter(is_current=True).count() == 7


def test_teachers_standards(shipped):
    ts = Framework.objects.get(slug="teachers-standards-england")
    assert ts.kind == Framework.Kind.PROFESSIONAL_STANDARDS
    assert ts.description
    assert list(ts.domains.values_list("code", flat=True)) == ["part-one", "part-two"]
    assert standard_codes(ts, "part-one") == [f"TS{n}" for n in range(1, 9)]
    sub_points = dict(
        ts.standards.filter(domain__code="part-one").annotate(n=Count("descriptors")).values_list("code", "n")
    )
    assert sub_points == {"TS1": 3, "TS2": 5, "TS3": 5, "TS4": 5, "TS5": 4, "TS6": 4, "TS7": 4, "TS8": 5}
    assert sum(sub_points.values()) == 35
    conduct = ts.standards.get(domain__code="part-two")
    assert list(conduct.descriptors.values_list("code", flat=True)) == ["PC.1", "PC.2", "PC.3"]
    assert str(ts.descriptors.get(code="TS1.a")).startswith("TS1.a — ")


def test_headteachers_standards(shipped):
    ht = Framework.objects.get(slug="headteachers-standards-2020")
    assert standard_codes(ht, "standards") == [f"HT{n}" for n in range(1, 11)]
    ethics = ht.descriptors.filter(standard__domain__code="ethics")
    texts = " ".join(ethics.values_list("text", flat=True)).lower()
    for principle in [
        "selflessness",
        "integrity",
        "objectivity",
        "accountability",
        "openness",
        "honesty",
        "leadership",
    ]:
        assert principle in texts
    assert ethics.count() == 7


def test_apst(shipped):
    apst = Framework.objects.get(slug="apst")
    assert list(apst.career_stages.values_list("name", flat=True)) == [
        "Graduate",
        "Proficient",
        "Highly Accomplished",
        "Lead",
    ]
    assert standard_codes(apst, "knowledge") == ["APST 1", "APST 2"]
    assert standard_codes(apst, "practice") == ["APST 3", "APST 4", "APST 5"]
    assert standard_codes(apst, "engagement") == ["APST 6", "APST 7"]
    focus_areas = dict(apst.standards.annotate(n=Count("descriptors")).values_list("code", "n"))
    assert focus_areas == {
        "APST 1": 6,
        "APST 2": 6,
        "APST 3": 7,
        "APST 4": 5,
        "APST 5": 5,
        "APST 6": 4,
        "APST 7": 4,
    }
    assert not apst.descriptors.filter(career_stage__isnull=False).exists()
    assert list(apst.descriptors.values_list("code", flat=True)[:3]) == ["1.1", "1.2", "1.3"]


def test_eef_mechanisms(shipped):
    eef = Framework.objects.get(slug="eef-pd-mechanisms")
    groups = dict(eef.domains.annotate(n=Count("standards")).values_list("code", "n"))
    assert groups == {"build-knowledge": 2, "motivate": 3, "develop-techniques": 5, "embed-practice": 4}
    assert standard_codes(eef) == [f"EEF-M{n}" for n in range(1, 15)]


@pytest.mark.parametrize(
    ("slug", "codes"),
    [
        ("guskey", [f"L{n}" for n in range(1, 6)]),
        ("dfe-pd-standard", [f"PD{n}" for n in range(1, 6)]),
        ("teaching-assistant-standards", [f"TA{n}" for n in range(1, 5)]),
    ],
)
def test_frameworks_without_domains(shipped, slug, codes):
    framework = Framework.objects.get(slug=slug)
    assert standard_codes(framework) == codes
    assert not framework.standards.filter(domain__isnull=False).exists()


def test_standards_without_sub_points_have_one_descriptor_of_their_own(shipped):
    for slug in ["guskey", "dfe-pd-standard", "eef-pd-mechanisms"]:
        framework = Framework.objects.get(slug=slug)
        for standard in framework.standards.all():
            [descriptor] = standard.descriptors.all()
            assert descriptor.code == standard.code
            assert descriptor.text == standard.description


def test_descriptor_framework_matches_its_standard(shipped):
    assert Descriptor.objects.exists()
    assert not Descriptor.objects.exclude(framework=F("standard__framework")).exists()


def test_shipped_descriptors_are_short_paraphrases(shipped):
    # Guards the rule that shipped texts are our own brief words, not pasted official wording.
    for descriptor in Descriptor.objects.all():
        assert 3 <= len(descriptor.text.split()) <= 22, descriptor.code


def test_totals_and_source_notes(shipped):
    assert not Framework.objects.filter(source_note="").exists()
    assert CareerStage.objects.count() == 4
    assert Domain.objects.count() == 11
    assert Standard.objects.count() == 55
