"""Cross-school research projects and the network library they publish to.

Both belong to a network, not to one school: anyone whose current school is in the network may read them, and
nobody else. Rows that hold a file also carry the school of the person who uploaded it, for the audit trail.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.frameworks.models import Descriptor
from staffroom.organisations.models import Network, Phase, School, Subject


class Stage(models.TextChoices):
    LAUNCH = "launch", _("Launch: the research and the question")
    UPDATE = "update", _("Update: what is being learned")
    DISSEMINATION = "dissemination", _("Dissemination: sharing the finding")


class PhaseListMixin(models.Model):
    # Phases are kept as ",primary,secondary," so that "has this phase" is the same `contains` filter on SQLite
    # and PostgreSQL, with no extra table or query per row.
    phases = models.CharField(_("phases"), max_length=200, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def phase_list(self) -> list[str]:
        return [p for p in self.phases.split(",") if p]

    def phase_labels(self) -> list[str]:
        return [Phase(p).label for p in self.phase_list if p in Phase.values]

    @staticmethod
    def pack_phases(values) -> str:
        chosen = [p for p in Phase.values if p in set(values)]
        return f",{','.join(chosen)}," if chosen else ""


class ResearchProject(PhaseListMixin):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="research_projects")
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("research question"))
    # SET_NULL throughout: work shared with a network outlives the account of someone who has left.
    lead = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+")
    descriptors = models.ManyToManyField(Descriptor, blank=True, related_name="+")
    launch_on = models.DateField(_("launch session"), null=True, blank=True)
    update_on = models.DateField(_("update session"), null=True, blank=True)
    dissemination_on = models.DateField(_("dissemination session"), null=True, blank=True)
    finding_summary = models.TextField(_("finding in a sentence or two"), blank=True)
    finding_body = models.TextField(_("the finding"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["network", "title"], name="research_project_title_unique")]

    def __str__(self) -> str:
        return self.title

    def stage_date(self, stage: str):
        return getattr(self, f"{stage}_on")


class ProjectMember(models.Model):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "membership"], name="research_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.membership} in {self.project}"


class ProjectNote(models.Model):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="notes")
    stage = models.CharField(_("session"), max_length=20, choices=Stage.choices)
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} note on {self.project}"


def _research_path(instance, filename: str) -> str:
    # A random name means nothing about the file can be learned or guessed from its path.
    return f"research/{instance.school_id}/{uuid.uuid4().hex}"


class PrivateFileMixin(models.Model):
    """A checked upload stored by staffroom.core.files, under the school of the person who gave it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=_research_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class ProjectFile(PrivateFileMixin):
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="files")
    stage = models.CharField(_("session"), max_length=20, choices=Stage.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class LibraryItem(PhaseListMixin, PrivateFileMixin):
    class Kind(models.TextChoices):
        FINDING = "finding", _("Research finding")
        SESSION_MATERIAL = "session_material", _("Session material")
        RESOURCE = "resource", _("Shared resource")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="library_items")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RESOURCE)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    body = models.TextField(_("text"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+")
    descriptors = models.ManyToManyField(Descriptor, blank=True, related_name="+")
    added_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    project = models.OneToOneField(
        ResearchProject, on_delete=models.CASCADE, null=True, blank=True, related_name="library_item"
    )
    # Materials a session's leader shares for it; the material stays in the library if the session goes.
    session = models.ForeignKey(
        "network.NetworkSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="library_items"
    )
    # Title, summary, text, subjects and tag codes in one column: the single thing both databases search (and
    # PostgreSQL indexes, see migration 0002). Services rewrite it on every change.
    search_document = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "kind"])]

    def __str__(self) -> str:
        return self.title
