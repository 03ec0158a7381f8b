"""People: user accounts (log in by email), their memberships of schools with roles, and network roles."""

import secrets

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from staffroom.organisations.models import Department, Network, School, Subject

from .roles import NetworkRole, SchoolRole, StaffGroup


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    preferred_name = models.CharField(_("preferred name"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    def clean(self):
        super().clean()
        # Logging in matches email without regard to case, so two accounts must never differ only in case.
        self.email = (self.email or "").strip().lower()

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        full = f"{first} {self.last_name}".strip()
        return full or self.email


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_role(self, *roles):
        return self.filter(roles__role__in=roles).distinct()

    def staff(self):
        return self.exclude(staff_group=StaffGroup.GOVERNANCE)


class Membership(models.Model):
    """One person's place in one school: their roles, group, team and line manager there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    staff_group = models.CharField(_("staff group"), max_length=30, choices=StaffGroup.choices)
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+")
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="line_reports"
    )
    mis_id = models.CharField(_("MIS staff ID"), max_length=64, blank=True)
    is_active = models.BooleanField(default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="membership_user_school_unique"),
            models.UniqueConstraint(
                fields=["school", "mis_id"], condition=~models.Q(mis_id=""), name="membership_mis_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["school", "is_active", "staff_group"])]

    def __str__(self) -> str:
        return f"{self.user} at {self.school}"

    @property
    def role_set(self) -> frozenset[str]:
        # Callers prefetch "roles"; reading .all() keeps that prefetch in use.
        return frozenset(r.role for r in self.roles.all())

    def has_role(self, *roles: str) -> bool:
        return not self.role_set.isdisjoint(roles)

    def role_labels(self) -> list[str]:
        return [SchoolRole(r).label for r in SchoolRole.values if r in self.role_set]


class MembershipRole(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=SchoolRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "role"], name="membership_role_unique")]
        indexes = [models.Index(fields=["role"])]

    def __str__(self) -> str:
        return self.get_role_display()


class NetworkMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=30, choices=NetworkRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "network", "role"], name="network_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} of {self.network}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An emailed link that lets a new member of staff set their password and join a school."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.membership.user.email}"

    @property
    def is_usable(self) -> bool:
        # A person deactivated before accepting must not be able to set a password and reopen their account.
        return self.accepted_at is None and self.expires_at > timezone.now() and self.membership.is_active
