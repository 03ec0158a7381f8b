"""Writes for frameworks: loading framework files and schools adopting or dropping frameworks.

The file format is described in data/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models, transaction
from django.utils.translation import gettext as _

from staffroom.core.audit import record_event

from . import policies
from .models import CareerStage, Descriptor, Domain, Framework, SchoolFramework, Standard

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from staffroom.organisations.models import School

DATA_DIR = Path(__file__).resolve().parent / "data"


class FrameworkFileError(Exception):
    """A framework file that cannot be loaded; the message says what is wrong and where."""


def shipped_framework_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


@dataclass
class _DescriptorSpec:
    code: str
    text: str | None
    stages: dict[str, str]


@dataclass
class _StandardSpec:
    code: str
    name: str
    description: str
    domain_code: str | None
    descriptors: list[_DescriptorSpec]


@dataclass
class _DomainSpec:
    code: str
    name: str
    description: str


@dataclass
class _FrameworkSpec:
    slug: str
    version: str
    values: dict[str, str]
    career_stages: list[tuple[str, str]] = field(default_factory=list)
    domains: list[_DomainSpec] = field(default_factory=list)
    standards: list[_StandardSpec] = field(default_factory=list)


def _max_length(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length


class _Parser:
    """Turns the YAML document into specs, rejecting anything wrong before a single row is written."""

    FRAMEWORK_KEYS = {"slug", "name", "version", "kind"}
    FRAMEWORK_OPTIONAL = {
        "short_name",
        "jurisdiction",
        "description",
        "source_note",
        "career_stages",
        "domains",
        "standards",
    }

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.stage_where: dict[str, str] = {}
        self.domain_where: dict[str, str] = {}
        self.standard_where: dict[str, str] = {}
        self.descriptor_where: dict[str, str] = {}

    def fail(self, where: str, message: str) -> FrameworkFileError:
        return FrameworkFileError(f"{self.source_name}, {where}: {message}")

    def mapping(self, value: Any, where: str, required: set[str], optional: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, _("expected a mapping of keys to values."))
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(where, _("missing required key “%(key)s”.") % {"key": missing[0]})
        unknown = sorted(str(key) for key in value.keys() - required - optional)
        if unknown:
            raise self.fail(
                where,
                _("unknown key “%(key)s”; expected one of: %(allowed)s.")
                % {"key": unknown[0], "allowed": ", ".join(sorted(required | optional))},
            )
        return value

    def items(self, data: dict, key: str, where: str) -> list:
        value = data.get(key) or []
        if not isinstance(value, list):
            raise self.fail(where, _("“%(key)s” must be a list.") % {"key": key})
        return value

    def text(self, data: dict, key: str, where: str, *, max_length: int | None = None, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.fail(where, _("“%(key)s” must be text; put numbers such as 1.1 in quotes.") % {"key": key})
        value = value.strip()
        if not value and required:
            raise self.fail(where, _("“%(key)s” must not be empty.") % {"key": key})
        if max_length is not None and len(value) > max_length:
            raise self.fail(where, _("“%(key)s” is longer than %(max)d characters.") % {"key": key, "max": max_length})
        return value

    def parse(self, document: Any) -> _FrameworkSpec:
        where = _("top level")
        data = self.mapping(document, where, self.FRAMEWORK_KEYS, self.FRAMEWORK_OPTIONAL)
        # A bare year is the natural way to write a version; anything else (such as 1.10) must be quoted.
        if isinstance(data["version"], int) and not isinstance(data["version"], bool):
            data = {**data, "version": str(data["version"])}
        slug = self.text(data, "slug", where, max_length=_max_length(Framework, "slug"))
        try:
            validate_slug(slug)
        except ValidationError as exc:
            raise self.fail(where, _("“slug” may contain only letters, numbers, hyphens and underscores.")) from exc
        kind = self.text(data, "kind", where)
        if kind not in Framework.Kind.values:
            raise self.fail(where, _("“kind” must be one of: %(kinds)s.") % {"kinds": ", ".join(Framework.Kind.values)})
        name = self.text(data, "name", where, max_length=_max_length(Framework, "name"))
        spec = _FrameworkSpec(
            slug=slug,
            version=self.text(data, "version", where, max_length=_max_length(Framework, "version")),
            values={
                "name": name,
                "short_name": self.text(
                    data, "short_name", where, max_length=_max_length(Framework, "short_name"), required=False
                )
                or name[: _max_length(Framework, "short_name")],
                "kind": kind,
                "jurisdiction": self.text(
                    data,
                    "jurisdiction",
                    where,
                    max_length=_max_length(Framework, "jurisdiction"),
                    required=False,
                ),
                "description": self.text(data, "description", where, required=False),
                "source_note": self.text(data, "source_note", where, required=False),
            },
        )
        for position, item in enumerate(self.items(data, "career_stages", where), start=1):
            spec.career_stages.append(self.career_stage(item, _("career stage %(n)d") % {"n": position}))
        for position, item in enumerate(self.items(data, "domains", where), start=1):
            domain, standards = self.domain(item, _("domain %(n)d") % {"n": position})
            spec.domains.append(domain)
            spec.standards.extend(standards)
        for position, item in enumerate(self.items(data, "standards", where), start=1):
            spec.standards.append(self.standard(item, _("standard %(n)d") % {"n": position}, domain_code=None))
        if not spec.standards:
            raise self.fail(where, _("the framework has no standards; add “standards” or “domains”."))
        return spec

    def unique(self, what: str, code: str, where: str, seen: dict[str, str]) -> None:
        if code in seen:
            raise self.fail(
                where,
                _("duplicate %(what)s code “%(code)s” (already used at %(first)s).")
                % {"what": what, "code": code, "first": seen[code]},
            )
        seen[code] = where

    def career_stage(self, item: Any, where: str) -> tuple[str, str]:
        data = self.mapping(item, where, {"code", "name"}, set())
        code = self.text(data, "code", where, max_length=_max_length(CareerStage, "code"))
        self.unique(_("career stage"), code, where, self.stage_where)
        return code, self.text(data, "name", where, max_length=_max_length(CareerStage, "name"))

    def domain(self, item: Any, where: str) -> tuple[_DomainSpec, list[_StandardSpec]]:
        data = self.mapping(item, where, {"code", "name"}, {"description", "standards"})
        code = self.text(data, "code", where, max_length=_max_length(Domain, "code"))
        where = f"{where} (“{code}”)"
        self.unique(_("domain"), code, where, self.domain_where)
        domain = _DomainSpec(
            code=code,
            name=self.text(data, "name", where, max_length=_max_length(Domain, "name")),
            description=self.text(data, "description", where, required=False),
        )
        standards = [
            self.standard(standard, _("%(domain)s > standard %(n)d") % {"domain": where, "n": position}, code)
            for position, standard in enumerate(self.items(data, "standards", where), start=1)
        ]
        return domain, standards

    def standard(self, item: Any, where: str, domain_code: str | None) -> _StandardSpec:
        data = self.mapping(item, where, {"code", "name"}, {"description", "descriptors"})
        code = self.text(data, "code", where, max_length=_max_length(Standard, "code"))
        where = f"{where} (“{code}”)"
        self.unique(_("standard"), code, where, self.standard_where)
        name = self.text(data, "name", where, max_length=_max_length(Standard, "name"))
        description = self.text(data, "description", where, required=False)
        descriptors = [
            self.descriptor(descriptor, _("%(standard)s > descriptor %(n)d") % {"standard": where, "n": position})
            for position, descriptor in enumerate(self.items(data, "descriptors", where), start=1)
        ]
        if not descriptors:
            # Everything users link to is a descriptor, so a standard without sub-points stands for itself.
            self.unique(_("descriptor"), code, where, self.descriptor_where)
            descriptors = [_DescriptorSpec(code=code, text=description or name, stages={})]
        return _StandardSpec(code, name, description, domain_code, descriptors)

    def descriptor(self, item: Any, where: str) -> _DescriptorSpec:
        data = self.mapping(item, where, {"code"}, {"text", "stages"})
        code = self.text(data, "code", where, max_length=_max_length(Descriptor, "code"))
        where = f"{where} (“{code}”)"
        self.unique(_("descriptor"), code, where, self.descriptor_where)
        text = self.text(data, "text", where, required=False) or None
        stages_data = data.get("stages") or {}
        if not isinstance(stages_data, dict):
            raise self.fail(where, _("“stages” must map career stage codes to text."))
        stages = {}
        for stage_code in stages_data:
            if stage_code not in self.stage_where:
                declared = ", ".join(self.stage_where) or _("none")
                raise self.fail(
                    where,
                    _("unknown career stage “%(stage)s”; the file's career_stages are: %(declared)s.")
                    % {"stage": stage_code, "declared": declared},
                )
            stages[stage_code] = self.text(stages_data, stage_code, f"{where} > {stage_code}")
        if text is None and not stages:
            raise self.fail(where, _("a descriptor needs “text”, “stages” or both."))
        return _DescriptorSpec(code=code, text=text, stages=stages)


def _read(path_or_stream: str | Path | IO[str]) -> tuple[Any, str]:
    if isinstance(path_or_stream, str | Path):
        path = Path(path_or_stream)
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FrameworkFileError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc}) from exc
        source_name = path.name
    else:
        content = path_or_stream.read()
        source_name = Path(getattr(path_or_stream, "name", "") or "framework file").name
    try:
        return yaml.safe_load(content), source_name
    except yaml.YAMLError as exc:
        raise FrameworkFileError(
            _("%(file)s is not valid YAML: %(problem)s") % {"file": source_name, "problem": exc}
        ) from exc


def _apply(obj: models.Model, values: dict) -> bool:
    """Update only the fields that differ, so that reloading an unchanged file writes nothing."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def _upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[Any, bool]:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    return obj, _apply(obj, values)


@transaction.atomic
def load_framework_from_yaml(
    *, path_or_stream: str | Path | IO[str], actor: AbstractBaseUser | None = None
) -> Framework:
    """Create or update one framework version from a file; data/README.md gives the format and the rules."""
    document, source_name = _read(path_or_stream)
    spec = _Parser(source_name).parse(document)

    framework = Framework.objects.filter(slug=spec.slug, version=spec.version).first()
    created = framework is None
    if created:
        # The newest version loaded supersedes the others; they stay so that existing links still resolve.
        Framework.objects.filter(slug=spec.slug, is_current=True).update(is_current=False)
        framework = Framework.objects.create(slug=spec.slug, version=spec.version, is_current=True, **spec.values)
        changed = True
    else:
        changed = _apply(framework, spec.values)

    stages = {}
    for order, (code, name) in enumerate(spec.career_stages, start=1):
        stages[code], stage_changed = _upsert(
            CareerStage, {"framework": framework, "code": code}, {"name": name, "order": order}
        )
        changed |= stage_changed
    domains = {}
    for order, domain in enumerate(spec.domains, start=1):
        domains[domain.code], domain_changed = _upsert(
            Domain,
            {"framework": framework, "code": domain.code},
            {"name": domain.name, "description": domain.description, "order": order},
        )
        changed |= domain_changed
    descriptor_order = 0
    for order, standard_spec in enumerate(spec.standards, start=1):
        domain = domains.get(standard_spec.domain_code)
        standard, standard_changed = _upsert(
            Standard,
            {"framework": framework, "code": standard_spec.code},
            {
                "domain_id": domain.pk if domain else None,
                "name": standard_spec.name,
                "description": standard_spec.description,
                "order": order,
            },
        )
        changed |= standard_changed
        for descriptor in standard_spec.descriptors:
            variants = [(None, descriptor.text)] if descriptor.text is not None else []
            variants += [
                (stages[code], descriptor.stages[code])
                for code, _name in spec.career_stages
                if code in descriptor.stages
            ]
            for stage, text in variants:
                descriptor_order += 1
                _descriptor, descriptor_changed = _upsert(
                    Descriptor,
                    {"standard": standard, "code": descriptor.code, "career_stage": stage},
                    {"framework_id": framework.pk, "text": text, "order": descriptor_order},
                )
                changed |= descriptor_changed

    if changed:
        record_event(
            actor=actor,
            school=None,
            verb="framework.loaded",
            target=framework,
            data={"slug": framework.slug, "version": framework.version, "created": created},
        )
    return framework


@transaction.atomic
def adopt_framework(*, actor: AbstractBaseUser | None, school: School, framework: Framework) -> SchoolFramework:
    if not policies.can_be_adopted(framework=framework):
        raise ValidationError(
            _("%(framework)s has been replaced by a newer version; choose that one instead."),
            params={"framework": framework},
        )
    adoption, created = SchoolFramework.objects.get_or_create(
        school=school,
        framework=framework,
        defaults={"adopted_by": actor if actor is not None and actor.is_authenticated else None},
    )
    if created:
        record_event(
            actor=actor,
            school=school,
            verb="framework.adopted",
            target=framework,
            data={"slug": framework.slug, "version": framework.version},
        )
    return adoption


@transaction.atomic
def drop_framework(*, actor: AbstractBaseUser | None, school: School, framework: Framework) -> None:
    deleted, _per_model = SchoolFramework.objects.filter(school=school, framework=framework).delete()
    if deleted:
        record_event(
            actor=actor,
            school=school,
            verb="framework.dropped",
            target=framework,
            data={"slug": framework.slug, "version": framework.version},
        )
