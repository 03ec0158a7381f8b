"""Who may manage tokens, and what a token may do. A token never does more than the membership it acts as."""

from staffroom.accounts import policies as account_policies

from .models import ApiToken, TokenKind


def can_manage_school_tokens(membership) -> bool:
    return account_policies.can_administer_school(membership)


def token_still_valid(token: ApiToken) -> bool:
    """A revoked token, or one whose person has left the school, stops working at once. A school token also stops
    when its creator is no longer an admin there, so that it never keeps powers nobody holds any more."""
    membership = token.membership
    if token.revoked_at is not None or not membership.is_active or not membership.user.is_active:
        return False
    if token.kind == TokenKind.SCHOOL:
        return can_manage_school_tokens(membership)
    return True


def can_read_staff(token: ApiToken) -> bool:
    return account_policies.can_administer_school(token.membership)


def can_write_staff(token: ApiToken) -> bool:
    return token.can_write and can_read_staff(token)
