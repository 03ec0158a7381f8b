"""Loading framework files: idempotence, updates in place, new versions, career stages and bad files."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from staffroom.core.models import AuditEvent
from staffroom.frameworks.models import CareerStage, Descriptor, Domain, Framework, Standard
from staffroom.frameworks.services import FrameworkFileError, load_framework_from_yaml

from .conftest import FIXTURES, yaml_stream

SMALL = """
    slug: small
    name: Small framework
    version: "{version}"
    kind: pd_standard
    standards:
      - code: A
        name: First
        descriptors:
          - code: A.1
            text: {a1}
          - code: A.2
            text: Second point.
      - code: B
        name: Second
        description: A standard that stands for itself.
"""


def small(version: str = "1", a1: str = "First point.") -> io.StringIO:
    return yaml_stream(SMALL.format(version=version, a1=a1))


def snapshot() -> list[dict]:
    return [
        model_to_dict(obj)
        for model in [Framework, CareerStage, Domain, Standard, Descriptor]
        for obj in model.objects.order_by("pk")
    ]


def test_loading_the_shipped_files_twice_changes_nothing(shipped):
    before, events = snapshot(), AuditEvent.objects.count()
    call_command("load_frameworks", stdout=io.StringIO())
    assert snapshot() == before
    assert AuditEvent.objects.count() == events


def test_loading_records_an_audit_event(db):
    framework = load_framework_from_yaml(path_or_stream=small())
    event = AuditEvent.objects.get(verb="framework.loaded")
    assert event.school is None
    assert event.target_id == str(framework.pk)
    assert event.data == {"slug": "small", "version": "1", "created": True}


def test_a_changed_file_updates_texts_in_place(db):
    framework = load_framework_from_yaml(path_or_stream=small())
    first = Descriptor.objects.get(code="A.1")

    changed = SMALL.format(version="1", a1="First point, reworded.")
    changed = changed.replace("code: A.2", "code: A.3").replace("Second point.", "A new point.")
    assert load_framework_from_yaml(path_or_stream=yaml_stream(changed)) == framework

    first.refresh_from_db()
    assert first.text == "First point, reworded."
    # Descriptors dropped from the file stay, because work elsewhere may link to them.
    assert set(framework.descriptors.values_list("code", flat=True)) == {"A.1", "A.2", "A.3", "B"}
    assert Framework.objects.count() == 1
    assert AuditEvent.objects.filter(verb="framework.loaded").count() == 2


def test_a_new_version_supersedes_the_old_one(db):
    old = load_framework_from_yaml(path_or_stream=small("1"))
    new = load_framework_from_yaml(path_or_stream=small("2"))
    old.refresh_from_db()
    assert new != old
    assert new.is_current and not old.is_current
    assert old.descriptors.count() == new.descriptors.count() == 3

    # Reloading an older version leaves the newest one current.
    load_framework_from_yaml(path_or_stream=small("1"))
    assert list(Framework.objects.filter(is_current=True)) == [new]


def test_a_bare_year_is_accepted_as_version(db):
    text = SMALL.replace('"{version}"', "2016").format(a1="First point.")
    framework = load_framework_from_yaml(path_or_stream=yaml_stream(text))
    assert framework.version == "2016"


def test_career_stage_descriptors(db):
    framework = load_framework_from_yaml(path_or_stream=FIXTURES / "staged.yaml")
    assert list(framework.career_stages.values_list("code", flat=True)) == ["early", "expert"]
    rows = list(framework.descriptors.values_list("code", "career_stage__code", "text"))
    # Stage-neutral text first, then stages in career-stage order whatever the order in the file.
    assert rows == [
        ("1.1", None, "Know the pupils at any stage."),
        ("1.1", "early", "Learn about the pupils."),
        ("1.1", "expert", "Help colleagues know the pupils."),
        ("1.2", "early", "Only an early-career descriptor."),
        ("S2", None, "Think about your own teaching."),
    ]
    assert str(framework.descriptors.get(code="1.1", career_stage__code="expert")).startswith("1.1 (Expert) — ")
    assert framework.standards.get(code="S2").domain is None

    before = snapshot()
    load_framework_from_yaml(path_or_stream=FIXTURES / "staged.yaml")
    assert snapshot() == before


BAD_FILES = {
    "missing key": (
        """
        slug: bad
        name: Bad
        version: "1"
        kind: pd_standard
        domains:
          - code: d
            name: Domain
            standards:
              - code: S1
        """,
        ["bad.yaml", "domain 1 (“d”) > standard 1", "missing required key “name”"],
    ),
    "duplicate standard code": (
        """
        slug: bad
        name: Bad
        version: "1"
        kind: pd_standard
        standards:
          - {code: S1, name: One}
          - {code: S1, name: Two}
        """,
        ["standard 2 (“S1”)", "duplicate standard code “S1”", "already used at standard 1"],
    ),
    "duplicate descriptor code": (
        """
        slug: bad
        name: Bad
        version: "1"
        kind: pd_standard
        standards:
          - code: S1
            name: One
            descriptors: [{code: x, text: One.}]
          - code: S2
            name: Two
            descriptors: [{code: x, text: Two.}]
        """,
        ["standard 2 (“S2”) > descriptor 1 (“x”)", "duplicate descriptor code “x”"],
    ),
    "unknown career stage": (
        """
        slug: bad
        name: Bad
        version: "1"
        kind: professional_standards
        career_stages: [{code: graduate, name: Graduate}]
        standards:
          - code: S1
            name: One
            descriptors:
              - code: "1.1"
                stages: {graduate: Fine., expert: Not declared.}
        """,
        ["descriptor 1 (“1.1”)", "unknown career stage “expert”", "career_stages are: graduate"],
    ),
    "duplicate domain code": (
        """
        slug: bad
        name: Bad
        version: "1"
        kind: mechanisms
        domains:
          - {code: d, name: One, standards: [{code: S1, name: One}]}
          - {code: d, name: Two, standards: [{code: S2, name: Two}]}
        """,
        ["domain 2 (“d”)", "duplicate domain code “d” (already used at domain 1 (“d”))"],
    ),
    "duplicate career stage code": (
        """
        slug: bad
        name: Bad
        version: "1"
        kind: professional_standards
        career_stages: [{code: g, name: Graduate}, {code: g, name: Again}]
        standards: [{code: S1, name: One}]
        """,
        ["career stage 2", "duplicate career stage code “g”"],
    ),
    "unknown kind": (
        'slug: bad\nname: Bad\nversion: "1"\nkind: vibes\nstandards: [{code: S1, name: One}]\n',
        ["top level", "“kind” must be one of"],
    ),
    "unquoted numeric code": (
        """
        slug: bad
        name: Bad
        version: "1"
        kind: pd_standard
        standards:
          - code: S1
            name: One
            descriptors: [{code: 1.1, text: One.}]
        """,
        ["descriptor 1", "“code” must be text", "in quotes"],
    ),
    "misspelt key": (
        'slug: bad\nname: Bad\nversion: "1"\nkind: pd_standard\nstandard: [{code: S1, name: One}]\n',
        ["unknown key “standard”"],
    ),
    "descriptor without text": (
        'slug: bad\nname: Bad\nversion: "1"\nkind: pd_standard\n'
        "standards: [{code: S1, name: One, descriptors: [{code: x}]}]\n",
        ["descriptor 1 (“x”)", "needs “text”, “stages” or both"],
    ),
    "no standards": (
        'slug: bad\nname: Bad\nversion: "1"\nkind: pd_standard\n',
        ["the framework has no standards"],
    ),
    "not yaml": ("slug: [unclosed\n", ["bad.yaml is not valid YAML"]),
    "not a mapping": ("- just\n- a list\n", ["top level", "expected a mapping"]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_are_refused_with_a_helpful_message(case):
    text, fragments = BAD_FILES[case]
    with pytest.raises(FrameworkFileError) as caught:
        load_framework_from_yaml(path_or_stream=yaml_stream(text, name="bad.yaml"))
    for fragment in fragments:
        assert fragment in str(caught.value)
    assert not Framework.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_bad_update_leaves_the_loaded_version_untouched(db):
    load_framework_from_yaml(path_or_stream=small())
    before = snapshot()
    broken = SMALL.format(version="1", a1="Reworded.") + "      - {code: A, name: Duplicate}\n"
    with pytest.raises(FrameworkFileError):
        load_framework_from_yaml(path_or_stream=yaml_stream(broken))
    assert snapshot() == before


def test_command_loads_given_paths(db):
    out = io.StringIO()
    call_command("load_frameworks", str(FIXTURES / "staged.yaml"), stdout=out)
    assert out.getvalue() == "Loaded staged-test (1): 2 standards, 5 descriptors\n"


def test_command_fails_on_a_bad_file_and_writes_nothing(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('slug: bad\nname: Bad\nversion: "1"\nkind: pd_standard\n', encoding="utf-8")
    out = io.StringIO()
    # The good file comes first, so this also shows that it is rolled back with the bad one.
    with pytest.raises(CommandError, match="bad.yaml, top level: the framework has no standards"):
        call_command("load_frameworks", str(FIXTURES / "staged.yaml"), str(bad), stdout=out)
    assert out.getvalue() == ""
    assert not Framework.objects.exists()


def test_command_fails_on_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_frameworks", str(tmp_path / "nowhere.yaml"), stdout=io.StringIO())
