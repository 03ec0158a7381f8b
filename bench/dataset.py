"""Builds the benchmark's dataset straight into the tables: COPY on PostgreSQL, executemany elsewhere.

Rows are generated in Python from a fixed seed, so two runs build the same data. The ORM and the services are
bypassed on purpose: a million activities through them would take hours, and the benchmark measures reading.
Columns not given here are filled from the model's own defaults, so a field added later with a default does not
break the builder.
"""

import datetime
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from staffroom.accounts.models import Membership, MembershipRole, NetworkMembership, User
from staffroom.accounts.roles import NetworkRole, SchoolRole, StaffGroup
from staffroom.appraisal.models import Appraisal, AppraisalCycle, Objective, Reviewer, Stage
from staffroom.learning.models import Activity, ActivityKind, FollowUp, Visibility
from staffroom.network.models import Booking, NetworkSession, SessionFormat
from staffroom.organisations.calendar import academic_year
from staffroom.organisations.models import Network, NetworkSchool, School

from .people import LEAD_STAFF_NO, NETWORK_LEADS, PASSWORD, email


@dataclass(frozen=True)
class Scale:
    schools: int = 100
    staff_per_school: int = 100
    activities_per_person: int = 100
    years: int = 3
    # Network sessions each school leads over the `years`, plus the coming term; each fills `bookings_per_session`.
    sessions_per_school: int = 30
    bookings_per_session: int = 15

    @property
    def staff(self) -> int:
        return self.schools * self.staff_per_school

    @property
    def activities(self) -> int:
        return self.staff * self.activities_per_person


FULL = Scale()


def role_of(staff_no: int) -> tuple[list[str], str]:
    """Roles and staff group of the n-th person at every school: a head, two senior leaders, a CPD lead, …"""
    if staff_no == 0:
        return [SchoolRole.HEADTEACHER, SchoolRole.SCHOOL_ADMIN], StaffGroup.TEACHERS
    if staff_no in (1, 2):
        return [SchoolRole.SENIOR_LEADER, SchoolRole.TEACHER], StaffGroup.TEACHERS
    if staff_no == 3:
        return [SchoolRole.CPD_COORDINATOR, SchoolRole.TEACHER], StaffGroup.TEACHERS
    share = staff_no / 100
    if share < 0.70:
        return [SchoolRole.TEACHER], StaffGroup.TEACHERS
    if share < 0.88:
        return [SchoolRole.TEACHING_ASSISTANT], StaffGroup.TEACHING_ASSISTANTS
    if share < 0.95:
        return [SchoolRole.SUPPORT_STAFF], StaffGroup.SUPPORT
    return [SchoolRole.MIDDAY_STAFF], StaffGroup.MIDDAY


class _Table:
    """Writes rows of `columns` into a model's table, adding every other column from the model's defaults."""

    def __init__(self, model: type[models.Model], columns: list[str]):
        self.model = model
        self.columns = columns
        now = timezone.now()
        extra, values = [], []
        for field in model._meta.concrete_fields:
            generated_id = field.primary_key and isinstance(field, models.AutoField | models.BigAutoField)
            if field.attname in columns or generated_id:
                continue
            if field.has_default():
                value = field.get_default()
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.null:
                value = None
            elif field.blank and isinstance(field, models.CharField | models.TextField):
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{field.name} needs a value in the benchmark dataset")
            extra.append(field.column)
            values.append(field.get_db_prep_save(value, connection))
        self.all_columns = [model._meta.get_field(c).column for c in columns] + extra
        self.constants = tuple(values)

    def write(self, rows: Iterable[tuple]) -> int:
        table = connection.ops.quote_name(self.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in self.all_columns)
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + self.constants)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(self.all_columns))
                batch = []
                for row in rows:
                    batch.append(row + self.constants)
                    count += 1
                    if len(batch) == 5000:
                        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
                        batch = []
                if batch:
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
        return count


def _next_id(model) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


TITLES = [
    "Retrieval practice in maths",
    "Adaptive teaching for SEND",
    "Phonics refresher",
    "Behaviour curriculum INSET",
    "Reading for pleasure",
    "Questioning and feedback",
    "Safeguarding update",
    "Oracy across the curriculum",
]
KINDS = [k for k in ActivityKind.values if k != ActivityKind.NETWORK_SESSION]
HOURS = [Decimal(h) for h in ("0.5", "1.00", "1.50", "2.00", "3.00", "6.00")]


@transaction.atomic
def build(scale: Scale = FULL, *, today: datetime.date | None = None, log=print) -> dict[str, int]:
    """Adds one network of `scale.schools` schools and everything in them; returns rows written per table."""
    rng = random.Random(8)
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    password = make_password(PASSWORD)
    now = timezone.now()

    def write(model, columns, rows):
        counts[model._meta.db_table] = _Table(model, columns).write(rows)
        log(f"  {model._meta.db_table}: {counts[model._meta.db_table]:,} rows")

    network_id = _next_id(Network)
    write(Network, ["id", "name", "kind"], [(network_id, f"Bench Trust {network_id}", Network.Kind.TRUST)])

    first_school = _next_id(School)
    school_ids = list(range(first_school, first_school + scale.schools))
    no_roles = School._meta.get_field("mfa_required_roles").get_db_prep_save([], connection)
    # The benchmark's schools require no second factor, so that the load generator signs in with a password;
    # for those who need one, the check is a single indexed query per request.
    write(
        School,
        ["id", "name", "urn", "phase", "mfa_required_roles"],
        (
            (sid, f"Bench School {n:03d}", f"B{sid:07d}", "primary" if n % 3 else "secondary", no_roles)
            for n, sid in enumerate(school_ids)
        ),
    )
    write(NetworkSchool, ["network_id", "school_id"], ((network_id, sid) for sid in school_ids))

    first_user = _next_id(User)
    first_member = _next_id(Membership)

    def person(school_no: int, staff_no: int) -> int:
        return school_no * scale.staff_per_school + staff_no

    people = [(s, n) for s in range(scale.schools) for n in range(scale.staff_per_school)]
    write(
        User,
        ["id", "email", "password", "first_name", "last_name", "is_active", "date_joined"],
        (
            (first_user + person(s, n), email(s, n), password, f"First{n}", f"Surname{s:03d}{n:03d}", True, now)
            for s, n in people
        ),
    )

    def line_manager(school_no: int, staff_no: int):
        if staff_no == 0:
            return None
        if staff_no < 3:
            return first_member + person(school_no, 0)
        return first_member + person(school_no, 1 + staff_no % 2)

    write(
        Membership,
        ["id", "user_id", "school_id", "staff_group", "line_manager_id", "job_title", "is_active"],
        (
            (
                first_member + person(s, n),
                first_user + person(s, n),
                school_ids[s],
                role_of(n)[1],
                line_manager(s, n),
                role_of(n)[0][0].replace("_", " ").capitalize(),
                True,
            )
            for s, n in people
        ),
    )
    write(
        MembershipRole,
        ["membership_id", "role"],
        ((first_member + person(s, n), role) for s, n in people for role in role_of(n)[0]),
    )
    # The network's leads teach at the first schools: their Home shows every school's hours this term.
    write(
        NetworkMembership,
        ["user_id", "network_id", "role", "created_at"],
        (
            (first_user + person(s, LEAD_STAFF_NO), network_id, NetworkRole.NETWORK_LEAD, now)
            for s in range(min(NETWORK_LEADS, scale.schools))
        ),
    )

    # Learning: each person's activities spread over the last `years` years, each with its impact follow-up.
    first_activity = _next_id(Activity)
    days = 365 * scale.years

    def activities() -> Iterator[tuple]:
        aid = first_activity
        for s, n in people:
            owner = first_user + person(s, n)
            for _ in range(scale.activities_per_person):
                date = today - datetime.timedelta(days=rng.randrange(days))
                yield (
                    aid,
                    school_ids[s],
                    owner,
                    rng.choice(TITLES),
                    rng.choice(KINDS),
                    date,
                    rng.choice(HOURS),
                    rng.random() < 0.5,
                    "What I learned from it.",
                    "What I will try next.",
                    Visibility.PRIVATE if rng.random() < 0.7 else Visibility.LINE_MANAGER,
                    now,
                    now,
                )
                aid += 1

    activity_rows: list[tuple] = []

    def remember(rows):
        for row in rows:
            activity_rows.append((row[0], row[1], row[2], row[5]))
            yield row

    write(
        Activity,
        [
            "id",
            "school_id",
            "owner_id",
            "title",
            "kind",
            "date",
            "hours",
            "subject_specific",
            "learned",
            "will_try",
            "visibility",
            "created_at",
            "updated_at",
        ],
        remember(activities()),
    )

    def follow_ups() -> Iterator[tuple]:
        for aid, sid, owner, date in activity_rows:
            due = date + datetime.timedelta(weeks=6)
            answered = due < today and rng.random() < 0.7
            yield (
                sid,
                owner,
                aid,
                due,
                now if answered else None,
                "Pupils explained their reasoning more fully." if answered else "",
                rng.randint(1, 5) if answered else None,
            )

    write(
        FollowUp,
        ["school_id", "owner_id", "activity_id", "due_on", "answered_at", "what_changed", "guskey_level"],
        follow_ups(),
    )
    activity_rows.clear()

    # Appraisal: this year's cycle at every school, one appraisal each, reviewed by the line manager.
    year = academic_year(today, 9)
    first_cycle = _next_id(AppraisalCycle)
    write(
        AppraisalCycle,
        ["id", "school_id", "year_start"],
        ((first_cycle + i, sid, year.start.year) for i, sid in enumerate(school_ids)),
    )
    stages = [
        (Stage.Kind.PLANNING, "Objectives agreed", 0, 60),
        (Stage.Kind.MID_YEAR, "Mid-year review", 120, 180),
        (Stage.Kind.END_OF_YEAR, "End-of-year review", 240, 300),
    ]
    write(
        Stage,
        ["school_id", "cycle_id", "kind", "name", "opens_on", "due_on", "order"],
        (
            (
                sid,
                first_cycle + i,
                kind,
                name,
                year.start + datetime.timedelta(days=o),
                year.start + datetime.timedelta(days=d),
                order,
            )
            for i, sid in enumerate(school_ids)
            for order, (kind, name, o, d) in enumerate(stages)
        ),
    )
    first_appraisal = _next_id(Appraisal)
    write(
        Appraisal,
        ["id", "school_id", "cycle_id", "appraisee_id", "kind"],
        (
            (
                first_appraisal + person(s, n),
                school_ids[s],
                first_cycle + s,
                first_member + person(s, n),
                Appraisal.Kind.HEADTEACHER if n == 0 else Appraisal.Kind.STAFF,
            )
            for s, n in people
        ),
    )
    write(
        Reviewer,
        ["school_id", "appraisal_id", "membership_id"],
        ((school_ids[s], first_appraisal + person(s, n), line_manager(s, n)) for s, n in people if n != 0),
    )
    write(
        Objective,
        ["school_id", "appraisal_id", "title", "success_criteria", "order"],
        (
            (school_ids[s], first_appraisal + person(s, n), f"Objective {k + 1}", "Pupils can explain why.", k)
            for s, n in people
            for k in range(2)
        ),
    )

    # The network's offer: sessions led by staff of every school, from `years` ago to a term ahead, each with
    # bookings from staff across the network (attended, for those already past).
    first_session = _next_id(NetworkSession)
    span = days + 120
    starts = []
    for _ in range(scale.schools * scale.sessions_per_school):
        day = today - datetime.timedelta(days=days - 1 - rng.randrange(span))
        starts.append(datetime.datetime.combine(day, datetime.time(15, 45), tzinfo=datetime.UTC))

    def sessions() -> Iterator[tuple]:
        for i, start in enumerate(starts):
            s = i % scale.schools
            yield (
                first_session + i,
                network_id,
                school_ids[s],
                first_member + person(s, 5 + i % max(1, scale.staff_per_school - 5)),
                rng.choice(TITLES),
                "A twilight session for colleagues across the trust.",
                [] if i % 3 else ["teachers"],
                SessionFormat.IN_PERSON if i % 4 else SessionFormat.ONLINE,
                school_ids[s],
                start,
                start + datetime.timedelta(hours=1, minutes=30),
                max(scale.bookings_per_session + 5, 10),
                NetworkSession.Status.PUBLISHED,
                now,
            )

    audience = NetworkSession._meta.get_field("audience")
    write(
        NetworkSession,
        [
            "id",
            "network_id",
            "school_id",
            "leader_id",
            "title",
            "description",
            "audience",
            "format",
            "host_school_id",
            "starts_at",
            "ends_at",
            "capacity",
            "status",
            "published_at",
        ],
        (row[:6] + (audience.get_db_prep_save(row[6], connection),) + row[7:] for row in sessions()),
    )

    def bookings() -> Iterator[tuple]:
        for i, start in enumerate(starts):
            for who in rng.sample(people, min(scale.bookings_per_session, len(people))):
                s, n = who
                yield (
                    first_session + i,
                    school_ids[s],
                    first_member + person(s, n),
                    Booking.Status.CONFIRMED,
                    start - datetime.timedelta(days=14),
                    start - datetime.timedelta(days=14),
                    (rng.random() < 0.9) if start.date() < today else None,
                )

    write(
        Booking,
        ["session_id", "school_id", "member_id", "status", "requested_at", "confirmed_at", "attended"],
        bookings(),
    )

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(),
            [
                Network,
                School,
                NetworkSchool,
                User,
                Membership,
                MembershipRole,
                NetworkMembership,
                Activity,
                FollowUp,
                AppraisalCycle,
                Stage,
                Appraisal,
                Reviewer,
                Objective,
                NetworkSession,
                Booking,
            ],
        ):
            cursor.execute(sql)
    return counts
