"""API tokens: a person's own, or a school's integration token. Only a hash of each secret is stored."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from staffroom.accounts.models import Membership
from staffroom.organisations.models import School


class TokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    SCHOOL = "school", _("School integration")


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A bearer token. It acts as `membership` (the person, or for a school token the admin who created it),
    never beyond what that membership may do, narrowed by its scope."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="api_tokens")
    kind = models.CharField(max_length=10, choices=TokenKind.choices)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("access"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    # The first characters of the secret, shown so that people can tell their tokens apart.
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "kind", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
