"""Writes for people and memberships: invitations, deactivation and MIS import."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from staffroom.core.audit import record_event
from staffroom.organisations.models import Department, School

from .models import Invitation, Membership, MembershipRole, User
from .roles import SchoolRole, staff_group_for

INVITATION_LIFETIME = datetime.timedelta(days=14)


class MembershipError(Exception):
    """A request about a membership that cannot be carried out; the message is for the user."""


def _set_roles(membership: Membership, roles: list[str]) -> bool:
    wanted = set(roles)
    current = set(membership.roles.values_list("role", flat=True))
    if wanted == current:
        return False
    membership.roles.exclude(role__in=wanted).delete()
    MembershipRole.objects.bulk_create(
        [MembershipRole(membership=membership, role=r) for r in wanted - current], ignore_conflicts=True
    )
    group = staff_group_for(wanted)
    if membership.staff_group != group:
        membership.staff_group = group
        membership.save(update_fields=["staff_group"])
    return True


def _send_invitation_email(invitation: Invitation, base_url: str) -> None:
    user = invitation.membership.user
    link = base_url.rstrip("/") + reverse("accounts:accept_invitation", args=[invitation.token])
    context = {"user": user, "school": invitation.school, "link": link, "expires_at": invitation.expires_at}
    send_mail(
        subject=_("You are invited to Staffroom at %(school)s") % {"school": invitation.school.name},
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def _issue_invitation(*, actor, membership: Membership, base_url: str) -> Invitation:
    invitation = Invitation.objects.create(
        school=membership.school,
        membership=membership,
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    transaction.on_commit(lambda: _send_invitation_email(invitation, base_url))
    return invitation


@transaction.atomic
def invite_staff(
    *,
    actor: User,
    school: School,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    job_title: str = "",
    department: Department | None = None,
    line_manager: Membership | None = None,
    base_url: str,
) -> Invitation:
    email = email.strip().lower()
    if not roles:
        raise MembershipError(_("Choose at least one role."))
    # Matched however the address is cased, so that an account made elsewhere is never doubled by an invitation.
    user, created = User.objects.filter(email__iexact=email).first(), False
    if user is None:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name.strip(), "last_name": last_name.strip()}
        )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership = Membership.objects.select_for_update().filter(user=user, school=school).first()
    if membership is not None and membership.is_active and user.has_usable_password():
        raise MembershipError(_("%(email)s is already a member of staff here.") % {"email": email})
    if membership is None:
        membership = Membership.objects.create(
            user=user,
            school=school,
            job_title=job_title,
            department=department,
            line_manager=line_manager,
            staff_group=staff_group_for(roles),
        )
    else:
        membership.is_active = True
        membership.deactivated_at = None
        membership.job_title = job_title or membership.job_title
        membership.department = department or membership.department
        membership.line_manager = line_manager or membership.line_manager
        membership.save()
    _set_roles(membership, roles)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    invitation = _issue_invitation(actor=actor, membership=membership, base_url=base_url)
    record_event(actor=actor, school=school, verb="staff.invited", target=membership, data={"email": email})
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    invitation = (
        Invitation.objects.select_for_update().select_related("membership__user", "school").filter(token=token).first()
    )
    if invitation is None or not invitation.is_usable:
        raise MembershipError(
            _("This invitation link has expired or has already been used. Ask your school admin for a new one.")
        )
    user = invitation.membership.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(actor=user, school=invitation.school, verb="staff.invitation_accepted", target=invitation.membership)
    return user


@transaction.atomic
def update_member(
    *,
    actor: User,
    membership: Membership,
    roles: list[str],
    job_title: str,
    department: Department | None,
    line_manager: Membership | None,
) -> Membership:
    if not roles:
        raise MembershipError(_("Choose at least one role."))
    if line_manager is not None and (
        line_manager.pk == membership.pk or line_manager.school_id != membership.school_id
    ):
        raise MembershipError(_("Choose a line manager who is another member of staff at this school."))
    if membership.user_id == actor.pk and not set(roles) & {SchoolRole.SCHOOL_ADMIN, SchoolRole.HEADTEACHER}:
        # Removing one's own admin role locks the school out of its own administration by accident.
        raise MembershipError(_("You cannot remove your own admin role. Ask another admin to do it."))
    membership.job_title = job_title
    membership.department = department
    membership.line_manager = line_manager
    membership.save(update_fields=["job_title", "department", "line_manager"])
    _set_roles(membership, roles)
    record_event(
        actor=actor, school=membership.school, verb="staff.updated", target=membership, data={"roles": sorted(roles)}
    )
    return membership


@transaction.atomic
def deactivate_member(*, actor: User, membership: Membership) -> Membership:
    if membership.user_id == actor.pk:
        raise MembershipError(_("You cannot deactivate your own account."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    user = membership.user
    if not Membership.objects.filter(user=user, is_active=True).exists():
        # With no school left, the account itself is disabled, so every session it has ends on the next request.
        user.is_active = False
        user.save(update_fields=["is_active"])
    record_event(actor=actor, school=membership.school, verb="staff.deactivated", target=membership)
    return membership


@transaction.atomic
def reactivate_member(*, actor: User, membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.is_active:
        return membership
    membership.is_active = True
    membership.deactivated_at = None
    membership.save(update_fields=["is_active", "deactivated_at"])
    if not membership.user.is_active:
        membership.user.is_active = True
        membership.user.save(update_fields=["is_active"])
    record_event(actor=actor, school=membership.school, verb="staff.reactivated", target=membership)
    return membership


# ---- MIS import ---------------------------------------------------------------------------------------

# MIS exports name their columns differently; each of our fields accepts the common spellings.
_COLUMN_ALIASES = {
    "mis_id": {"mis id", "staff id", "id", "staff code", "employee id", "person id", "upn"},
    "email": {"email", "work email", "email address", "school email"},
    "first_name": {"first name", "forename", "legal forename", "given name"},
    "last_name": {"last name", "surname", "legal surname", "family name"},
    "preferred_name": {"preferred name", "preferred forename", "known as"},
    "roles": {"role", "roles", "staff role", "staff type"},
    "job_title": {"job title", "post", "position"},
    "department": {"department", "team", "department/team"},
}
_REQUIRED_COLUMNS = ("email", "first_name", "last_name", "roles")
MAX_IMPORT_ROWS = 5000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total_landed(self) -> int:
        return self.created + self.updated + self.unchanged


def _role_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in SchoolRole.choices:
        lookup[value] = value
        lookup[str(label).lower()] = value
        lookup[value.replace("_", " ")] = value
    lookup.update(
        {
            "ta": SchoolRole.TEACHING_ASSISTANT,
            "hlta": SchoolRole.TEACHING_ASSISTANT,
            "head": SchoolRole.HEADTEACHER,
            "slt": SchoolRole.SENIOR_LEADER,
            "midday supervisor": SchoolRole.MIDDAY_STAFF,
            "lunchtime supervisor": SchoolRole.MIDDAY_STAFF,
            "admin": SchoolRole.SCHOOL_ADMIN,
            "office": SchoolRole.SUPPORT_STAFF,
        }
    )
    return lookup


def _map_columns(header: list[str]) -> dict[str, int]:
    mapping = {}
    for index, name in enumerate(header):
        key = name.strip().lower().lstrip("\ufeff")
        for our_field, aliases in _COLUMN_ALIASES.items():
            if key in aliases and our_field not in mapping:
                mapping[our_field] = index
    return mapping


def _parse_roles(raw: str, lookup: dict[str, str]) -> list[str]:
    parts = [p.strip().lower() for p in raw.replace(",", ";").replace("|", ";").split(";") if p.strip()]
    roles = []
    for part in parts:
        if part not in lookup:
            raise ValueError(_("unknown role “%(role)s”") % {"role": part})
        roles.append(lookup[part])
    if not roles:
        raise ValueError(_("no role given"))
    return roles


def read_staff_csv(uploaded) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    raw = uploaded.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older MIS exports are Windows-1252; every byte decodes there, so nothing is lost.
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        # A spreadsheet or other binary file renamed to .csv; PostgreSQL could not store its NUL bytes anyway.
        raise MembershipError(
            _("This is not a CSV file we can read: it holds binary data. Export the staff list from your MIS as CSV.")
        )
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise MembershipError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise MembershipError(_("This is not a CSV file we can read: %(error)s") % {"error": exc}) from None
    mapping = _map_columns(header)
    missing = [c for c in _REQUIRED_COLUMNS if c not in mapping]
    if missing:
        raise MembershipError(
            _("The file has no column for: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(c.replace("_", " ") for c in missing)}
        )
    rows = []
    try:
        for line_number, row in enumerate(reader, start=2):
            if any(cell.strip() for cell in row):
                rows.append((line_number, row))
            if len(rows) > MAX_IMPORT_ROWS:
                raise MembershipError(_("The file has more than %(n)d rows; split it.") % {"n": MAX_IMPORT_ROWS})
    except csv.Error as exc:
        raise MembershipError(
            _("Line %(line)d cannot be read: %(error)s") % {"line": reader.line_num, "error": exc}
        ) from None
    return mapping, rows


def _import_row(
    *,
    actor,
    school: School,
    values: dict[str, str],
    roles: list[str],
    report: ImportReport,
    send_invitations: bool,
    base_url: str,
) -> None:
    email = values["email"].lower()
    user = User.objects.filter(email__iexact=email).first()
    membership = None
    if values["mis_id"]:
        membership = Membership.objects.filter(school=school, mis_id=values["mis_id"]).select_related("user").first()
        # A staff ID already held by someone else, whether the row's email is known or new, is never taken over:
        # otherwise a new account would be made beside the old one and left with no school.
        if membership is not None and (user is None or membership.user_id != user.pk):
            raise ValueError(
                _("staff ID %(id)s belongs to %(other)s, not %(email)s")
                % {"id": values["mis_id"], "other": membership.user.email, "email": email}
            )
    if membership is None and user is not None:
        membership = Membership.objects.filter(school=school, user=user).first()
    if user is None:
        user = User.objects.create(
            email=email,
            first_name=values["first_name"],
            last_name=values["last_name"],
            preferred_name=values["preferred_name"],
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    department = None
    if values["department"]:
        department, _created = Department.objects.get_or_create(school=school, name=values["department"][:120])
    if membership is None:
        membership = Membership.objects.create(
            user=user,
            school=school,
            mis_id=values["mis_id"],
            job_title=values["job_title"][:120],
            department=department,
            staff_group=staff_group_for(roles),
        )
        _set_roles(membership, roles)
        report.created += 1
        if send_invitations:
            _issue_invitation(actor=actor, membership=membership, base_url=base_url)
        return
    changed = False
    for attr, value in (("mis_id", values["mis_id"]), ("job_title", values["job_title"][:120])):
        if value and getattr(membership, attr) != value:
            setattr(membership, attr, value)
            changed = True
    if department is not None and membership.department_id != department.pk:
        membership.department = department
        changed = True
    if changed:
        membership.save()
    for attr in ("first_name", "last_name", "preferred_name"):
        if values[attr] and getattr(user, attr) != values[attr]:
            setattr(user, attr, values[attr])
            user.save(update_fields=[attr])
            changed = True
    changed = _set_roles(membership, roles) or changed
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1


def _column_limits() -> dict[str, tuple[str, int]]:
    """Columns kept whole, named for the admin, with the most characters the database holds for each. Longer job
    titles and department names are cut short instead."""
    return {
        "email": (_("email"), User._meta.get_field("email").max_length),
        "first_name": (_("first name"), User._meta.get_field("first_name").max_length),
        "last_name": (_("last name"), User._meta.get_field("last_name").max_length),
        "preferred_name": (_("preferred name"), User._meta.get_field("preferred_name").max_length),
        "mis_id": (_("staff ID"), Membership._meta.get_field("mis_id").max_length),
    }


def import_staff_csv(*, actor: User, school: School, uploaded, send_invitations: bool, base_url: str) -> ImportReport:
    """Create or update staff from an MIS export. Good rows land even when others are bad; a second import
    of the same file changes nothing."""
    mapping, rows = read_staff_csv(uploaded)
    lookup = _role_lookup()
    report = ImportReport()
    seen_emails: dict[str, int] = {}
    limits = _column_limits()
    for line_number, row in rows:
        values = {f: (row[i].strip() if i < len(row) else "") for f, i in mapping.items()}
        for optional in ("mis_id", "preferred_name", "job_title", "department"):
            values.setdefault(optional, "")
        try:
            validate_email(values["email"])
        except ValidationError:
            report.errors.append((line_number, _("“%(email)s” is not an email address") % {"email": values["email"]}))
            continue
        if not values["first_name"] or not values["last_name"]:
            report.errors.append((line_number, _("first name and last name are both needed")))
            continue
        too_long = [(label, n) for f, (label, n) in limits.items() if len(values[f]) > n]
        if too_long:
            # PostgreSQL refuses an over-long value outright, which would end the whole import with an error page.
            label, limit = too_long[0]
            report.errors.append(
                (
                    line_number,
                    _("the %(column)s is too long (at most %(n)d characters)") % {"column": label, "n": limit},
                )
            )
            continue
        email_key = values["email"].lower()
        if email_key in seen_emails:
            report.errors.append(
                (line_number, _("the same email is on line %(line)d") % {"line": seen_emails[email_key]})
            )
            continue
        seen_emails[email_key] = line_number
        try:
            roles = _parse_roles(values["roles"], lookup)
            with transaction.atomic():
                _import_row(
                    actor=actor,
                    school=school,
                    values=values,
                    roles=roles,
                    report=report,
                    send_invitations=send_invitations,
                    base_url=base_url,
                )
        except ValueError as exc:
            report.errors.append((line_number, str(exc)))
        except IntegrityError:
            report.errors.append((line_number, _("this person clashes with another member of staff (same staff ID)")))
    record_event(
        actor=actor,
        school=school,
        verb="staff.imported",
        data={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "errors": len(report.errors),
        },
    )
    return report


# ---- one person from another system (the JSON API) ------------------------------------------------------


@transaction.atomic
def upsert_staff_member(
    *,
    actor: User,
    school: School,
    mis_id: str,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    preferred_name: str = "",
    job_title: str = "",
    department: str = "",
) -> tuple[Membership, str]:
    """Create or update one member of staff, matched by MIS staff ID as the CSV import matches them, and say
    which happened: "created", "updated" or "unchanged". Sending the same person twice changes nothing."""
    values = {
        "mis_id": mis_id.strip(),
        "email": email.strip(),
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "preferred_name": preferred_name.strip(),
        "job_title": job_title.strip(),
        "department": department.strip(),
    }
    if not values["mis_id"]:
        raise MembershipError(_("A staff ID is needed."))
    try:
        validate_email(values["email"])
    except ValidationError:
        raise MembershipError(_("“%(email)s” is not an email address") % {"email": values["email"]}) from None
    if not values["first_name"] or not values["last_name"]:
        raise MembershipError(_("first name and last name are both needed"))
    for f, (label, limit) in _column_limits().items():
        if len(values[f]) > limit:
            raise MembershipError(
                _("the %(column)s is too long (at most %(n)d characters)") % {"column": label, "n": limit}
            )
    unknown = [r for r in roles if r not in SchoolRole.values]
    if not roles or unknown:
        raise MembershipError(_("Choose at least one role from the list of roles."))
    report = ImportReport()
    try:
        with transaction.atomic():
            _import_row(
                actor=actor,
                school=school,
                values=values,
                roles=list(dict.fromkeys(roles)),
                report=report,
                send_invitations=False,
                base_url="",
            )
    except ValueError as exc:
        raise MembershipError(str(exc)) from None
    except IntegrityError:
        raise MembershipError(_("this person clashes with another member of staff (same staff ID)")) from None
    outcome = "created" if report.created else "updated" if report.updated else "unchanged"
    membership = (
        Membership.objects.select_related("user", "department")
        .prefetch_related("roles")
        .get(school=school, mis_id=values["mis_id"])
    )
    if outcome != "unchanged":
        record_event(
            actor=actor,
            school=school,
            verb=f"staff.{outcome}_by_sync",
            target=membership,
            data={"mis_id": values["mis_id"], "roles": sorted(set(roles))},
        )
    return membership, outcome
