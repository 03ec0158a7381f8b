"""Creating, using and revoking API tokens. The secret is shown once; only its SHA-256 hash is kept."""

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from staffroom.accounts.models import Membership
from staffroom.core.audit import record_event

from . import policies
from .models import ApiToken, TokenKind, TokenScope

SECRET_PREFIX = "srk_"
# token_urlsafe(32) gives 43 characters; anything else cannot be one of ours and is refused before any query.
SECRET_PATTERN = re.compile(r"srk_[A-Za-z0-9_-]{43}")
SHOWN_PREFIX_LENGTH = 12
# Writing the last-used time on every request would turn each read into a write; once a minute is enough to tell.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
MAX_ACTIVE_TOKENS = 20


class TokenError(Exception):
    """A token request that cannot be carried out; the message is for the user."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to its creator once, never stored


def hash_secret(secret: str) -> str:
    # The secret is 256 random bits, so a fast hash is safe: there is nothing to guess that a slow hash would slow.
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(*, actor, membership: Membership, kind: str, name: str, scope: str) -> NewToken:
    name = name.strip()
    if not name:
        raise TokenError(_("Give the token a name, so you can tell what uses it."))
    if kind not in TokenKind.values or scope not in TokenScope.values:
        raise TokenError(_("Choose read only or read and write."))
    if kind == TokenKind.SCHOOL and not policies.can_manage_school_tokens(membership):
        raise PermissionError("Only a school admin creates school tokens.")
    # Locking the membership row makes two quick submits count against the limit one after the other.
    Membership.objects.select_for_update().filter(pk=membership.pk).first()
    active = ApiToken.objects.filter(school=membership.school, revoked_at__isnull=True, kind=kind)
    if kind == TokenKind.PERSONAL:
        active = active.filter(membership=membership)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise TokenError(
            _("There are already %(n)d tokens. Revoke one you no longer use first.") % {"n": MAX_ACTIVE_TOKENS}
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        school=membership.school,
        kind=kind,
        membership=membership,
        created_by=actor,
        name=name[:100],
        scope=scope,
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        key_hash=hash_secret(secret),
    )
    record_event(
        actor=actor,
        school=membership.school,
        verb="api.token_created",
        target=token,
        data={"kind": kind, "scope": scope, "name": token.name},
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(actor=actor, school=token.school, verb="api.token_revoked", target=token, data={"name": token.name})
    return token


def use_token(secret: str) -> ApiToken | None:
    """The live token for this secret, with its membership ready for policy checks; None for anything else."""
    if not SECRET_PATTERN.fullmatch(secret or ""):
        return None
    token = (
        ApiToken.objects.select_related("membership__user", "membership__school", "school")
        .prefetch_related("membership__roles")
        .filter(key_hash=hash_secret(secret))
        .first()
    )
    if token is None or not policies.token_still_valid(token):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
