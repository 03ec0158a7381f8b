from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.organisations.models import Department, School, Subject


class ImprovementPlan(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    year_start = models.PositiveSmallIntegerField(_("academic year starting"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year_start"]
        constraints = [models.UniqueConstraint(fields=["school", "year_start"], name="improvement_plan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year_start}/{str(self.year_start + 1)[-2:]}"

    @property
    def year_label(self) -> str:
        return str(self)


class Priority(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    evaluation_areas = models.ManyToManyField("evaluation.EvaluationArea", blank=True, related_name="+")
    metrics = models.ManyToManyField("evaluation.Metric", blank=True, related_name="+")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = _("priorities")

    def __str__(self) -> str:
        return self.title


class SubPlan(models.Model):
    class Kind(models.TextChoices):
        SUBJECT = "subject", _("Subject")
        TEAM = "team", _("Team")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="sub_plans")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SUBJECT)
    subject = models.ForeignKey(Subject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lead = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        if self.subject_id:
            return str(self.subject)
        if self.department_id:
            return str(self.department)
        return str(_("Whole-school team"))


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        DONE = "done", _("Done")

    class Comparison(models.TextChoices):
        AT_LEAST = "gte", _("at least")
        AT_MOST = "lte", _("at most")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    sub_plan = models.ForeignKey(SubPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(Membership, on_delete=models.RESTRICT, related_name="owned_actions")
    collaborators = models.ManyToManyField(Membership, blank=True, related_name="collaborating_actions")
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(_("due by"), null=True, blank=True)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    metric = models.ForeignKey("evaluation.Metric", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_comparison = models.CharField(max_length=3, choices=Comparison.choices, blank=True)
    target_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due by"), null=True, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(Membership, on_delete=models.RESTRICT, related_name="+")
    text = models.TextField(_("update"))
    status = models.CharField(max_length=20, choices=Action.Status.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} ({self.created_at:%Y-%m-%d})"


class Proposal(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted into the plan")
        DECLINED = "declined", _("Declined")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    proposer = models.ForeignKey(Membership, on_delete=models.RESTRICT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"))
    idea = models.TextField(_("the idea"))
    evidence = models.TextField(_("the evidence"), blank=True)
    subject = models.ForeignKey(Subject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    proposer_would_own = models.BooleanField(_("I would like to lead this if it is accepted"), default=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.OneToOneField(Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal")
    supporters = models.ManyToManyField(Membership, blank=True, related_name="supported_proposals")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProposalComment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Membership, on_delete=models.RESTRICT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.author}"


class PriorityRating(models.Model):
    class Score(models.IntegerChoices):
        NOT_IMPORTANT = 1, _("Not important")
        SOMEWHAT = 2, _("Somewhat important")
        IMPORTANT = 3, _("Important")
        VERY = 4, _("Very important")
        ESSENTIAL = 5, _("Essential")

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(choices=Score.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["priority", "rater"], name="priority_rating_one_per_person")]

    def __str__(self) -> str:
        return f"{self.priority}: {self.score}"
