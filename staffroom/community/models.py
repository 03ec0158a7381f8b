"""The network's people: an opt-in directory, groups with discussion threads, the annual impact and needs
survey, and training that clusters of schools commission from specialist leaders.

Everything here belongs to a network (never to one school) and is read only by people whose current school is
in that network. What a person shows in the directory is only what they ticked on their own profile.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.accounts.roles import SchoolRole
from staffroom.organisations.models import Network, School, Subject

# ---- directory ----------------------------------------------------------------------------------------------


class Designation(models.TextChoices):
    SLE = "sle", _("Specialist leader of education (SLE)")
    LLE = "lle", _("Local leader of education (LLE)")
    SENCO = "senco", _("SENCo")
    DSL = "dsl", _("Designated safeguarding lead")
    MATHS_HUB = "maths_hub", _("Maths hub lead")
    ENGLISH_HUB = "english_hub", _("English hub lead")
    RESEARCH_LEAD = "research_lead", _("Research lead")
    ECT_MENTOR = "ect_mentor", _("Early career teacher mentor")
    NPQ_FACILITATOR = "npq_facilitator", _("NPQ facilitator")


class DirectoryProfile(models.Model):
    """What one person chooses to show across their school's networks. Nothing is listed until they tick it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="directory_profile")
    listed = models.BooleanField(_("list me in the network directory"), default=False)
    show_job_title = models.BooleanField(_("show my job title"), default=False)
    show_roles = models.BooleanField(_("show my roles at school"), default=False)
    show_email = models.BooleanField(_("show my email address"), default=False)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+", verbose_name=_("subjects"))
    expertise = models.CharField(_("expertise I can share"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Directory profile {self.pk}"

    @property
    def designation_labels(self) -> list[str]:
        # Callers prefetch "designations".
        return [d.get_designation_display() for d in self.designations.all()]


class ProfileDesignation(models.Model):
    # Rows rather than a list field, so the directory can filter by designation on SQLite and PostgreSQL alike.
    profile = models.ForeignKey(DirectoryProfile, on_delete=models.CASCADE, related_name="designations")
    designation = models.CharField(max_length=30, choices=Designation.choices)

    class Meta:
        ordering = ["designation"]
        constraints = [models.UniqueConstraint(fields=["profile", "designation"], name="community_designation_unique")]

    def __str__(self) -> str:
        return self.get_designation_display()


# ---- groups -------------------------------------------------------------------------------------------------


class Group(models.Model):
    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        SUBJECT = "subject", _("Subject network")
        INTEREST = "interest", _("Interest group")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="community_groups")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what the group is for"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INTEREST)
    subject = models.ForeignKey(Subject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Empty: every member of staff in the network's schools; otherwise only people holding one of these roles.
    roles = models.JSONField(_("open to"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="community_group_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def role_labels(self) -> list[str]:
        return [SchoolRole(r).label for r in self.roles if r in SchoolRole.values]


class Thread(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_post_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Reply(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("reply"))
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"Reply {self.pk}"


# ---- the annual impact and needs survey -----------------------------------------------------------------------


class ImpactSurvey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="impact_surveys")
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    year_start = models.PositiveSmallIntegerField(_("academic year starting"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    roles = models.JSONField(_("sent to"), default=list, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year_start", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def year_label(self) -> str:
        return f"{self.year_start}/{str(self.year_start + 1)[-2:]}"

    @property
    def role_labels(self) -> list[str]:
        return [SchoolRole(r).label for r in self.roles if r in SchoolRole.values]


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agree–disagree scale (1–5)")
        CHOICE = "choice", _("Choose one")
        MULTI = "multi", _("Tick all that apply")
        TEXT = "text", _("Free text")

    class Purpose(models.TextChoices):
        NONE = "", _("Neither")
        IMPACT = "impact", _("Measures impact (agree = positive)")
        NEED = "need", _("Names needs (options are ranked)")

    survey = models.ForeignKey(ImpactSurvey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LIKERT)
    choices = models.TextField(_("options"), blank=True, help_text=_("For choice questions: one option a line."))
    purpose = models.CharField(_("what it measures"), max_length=10, choices=Purpose.choices, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class SurveyRecipient(models.Model):
    """Someone the survey was sent to, and the school they were sent it at."""

    survey = models.ForeignKey(ImpactSurvey, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="community_recipient_unique")]

    def __str__(self) -> str:
        return f"{self.survey}: {self.user}"


class SurveyCompletion(models.Model):
    """Stops a person answering twice. Deliberately not linked to their response, and carries no time."""

    survey = models.ForeignKey(ImpactSurvey, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="community_completion_unique")]

    def __str__(self) -> str:
        return f"{self.survey}: {self.user}"


class SurveyResponse(models.Model):
    """One anonymous set of answers: the school it came from and the day, nothing about the person."""

    survey = models.ForeignKey(ImpactSurvey, on_delete=models.CASCADE, related_name="responses")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    submitted_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.survey} response {self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.text or str(self.number)


# ---- commissioning ------------------------------------------------------------------------------------------


class Cluster(models.Model):
    """A group of the network's schools that commission training together."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(_("name"), max_length=120)
    schools = models.ManyToManyField(School, related_name="+", verbose_name=_("schools"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="community_cluster_name_unique")]

    def __str__(self) -> str:
        return self.name


class TrainingNeed(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for proposals")
        COMMISSIONED = "commissioned", _("Commissioned")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="needs")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what the schools need"))
    budget = models.DecimalField(_("budget (£)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    respond_by = models.DateField(_("proposals by"))
    posted_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    commissioned = models.OneToOneField(
        "TrainingProposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The session the commission put into the network offer, open to the cluster's schools only.
    session = models.OneToOneField(
        "network.NetworkSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="commission"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class TrainingProposal(models.Model):
    need = models.ForeignKey(TrainingNeed, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    summary = models.TextField(_("what you would do"))
    sessions = models.PositiveSmallIntegerField(_("number of sessions"), default=1, validators=[MinValueValidator(1)])
    fee = models.DecimalField(_("fee (£)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["need", "author"], name="community_proposal_unique")]

    def __str__(self) -> str:
        return f"Proposal {self.pk} for {self.need}"
