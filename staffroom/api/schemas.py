"""What the API accepts and answers. Every number has bounds and every text a length, so that no input can reach
the database as something it refuses."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from staffroom.accounts.roles import SchoolRole
from staffroom.evaluation.models import DataPoint
from staffroom.learning.models import ActivityKind, Visibility

# The largest id a database row can have; a larger number in a URL is simply not found.
MAX_ID = 2**63 - 1
# Staff IDs travel in URLs, so they are letters, digits, dots, underscores and hyphens, up to 64 characters.
EXTERNAL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
Role = Literal[tuple(SchoolRole.values)]
Kind = Literal[tuple(ActivityKind.values)]
VisibilityChoice = Literal[tuple(Visibility.values)]
Term = Literal[tuple(DataPoint.Term.values)]


class Message(Schema):
    detail: str


class StaffIn(Schema):
    email: str = Field(..., min_length=3, max_length=254)
    first_name: str = Field(..., min_length=1, max_length=150)
    last_name: str = Field(..., min_length=1, max_length=150)
    preferred_name: str = Field("", max_length=150)
    roles: list[Role] = Field(..., min_length=1, max_length=len(SchoolRole.values))
    job_title: str = Field("", max_length=120)
    department: str = Field("", max_length=120)


class StaffOut(Schema):
    id: int
    external_id: str
    email: str
    first_name: str
    last_name: str
    preferred_name: str
    job_title: str
    department: str
    roles: list[str]
    staff_group: str
    is_active: bool

    @staticmethod
    def resolve_external_id(obj):
        return obj.mis_id

    @staticmethod
    def resolve_email(obj):
        return obj.user.email

    @staticmethod
    def resolve_first_name(obj):
        return obj.user.first_name

    @staticmethod
    def resolve_last_name(obj):
        return obj.user.last_name

    @staticmethod
    def resolve_preferred_name(obj):
        return obj.user.preferred_name

    @staticmethod
    def resolve_department(obj):
        return obj.department.name if obj.department else ""

    @staticmethod
    def resolve_roles(obj):
        return sorted(obj.role_set)


class StaffUpsertOut(Schema):
    outcome: Literal["created", "updated", "unchanged"]
    staff: StaffOut


class ActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: Kind
    date: datetime.date
    hours: Decimal = Field(..., gt=0, max_digits=6, decimal_places=2)
    visibility: VisibilityChoice = Visibility.PRIVATE.value
    subjects: list[Annotated[str, Field(max_length=80)]] = Field([], max_length=20, description="Subject slugs")
    learned: str = Field("", max_length=10_000)
    will_try: str = Field("", max_length=10_000)
    pupils: str = Field("", max_length=200)
    success_measure: str = Field("", max_length=10_000)
    follow_up_on: datetime.date | None = None


class FollowUpOut(Schema):
    due_on: datetime.date
    answered: bool
    guskey_level: int | None


class ActivityOut(Schema):
    id: int
    owner_email: str
    owner_name: str
    title: str
    kind: str
    date: datetime.date
    hours: Decimal
    visibility: str
    subjects: list[str]
    learned: str
    will_try: str
    pupils: str
    success_measure: str
    follow_up: FollowUpOut | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_owner_email(obj):
        return obj.owner.email

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.display_name

    @staticmethod
    def resolve_subjects(obj):
        return [s.slug for s in obj.subjects.all()]

    @staticmethod
    def resolve_follow_up(obj):
        follow_up = getattr(obj, "follow_up", None)
        if follow_up is None:
            return None
        return {"due_on": follow_up.due_on, "answered": follow_up.is_answered, "guskey_level": follow_up.guskey_level}


class MetricOut(Schema):
    id: int
    name: str
    description: str
    unit: str
    direction: str
    min_value: Decimal
    max_value: Decimal
    cohorts: list[str]

    @staticmethod
    def resolve_cohorts(obj):
        return [c.name for c in obj.cohorts.all()]


class DataPointIn(Schema):
    cohort: str | None = Field(None, max_length=80, description="A cohort's name; leave out for the whole school")
    year_start: int = Field(..., ge=2000, le=2100, description="The year the academic year starts in")
    term: Term = Field(..., description="1 autumn, 2 spring, 3 summer")
    value: Decimal = Field(..., max_digits=12, decimal_places=2)
    note: str = Field("", max_length=200)


class DataPointOut(Schema):
    cohort: str | None
    year_start: int
    term: int
    value: Decimal
    note: str
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_cohort(obj):
        return obj.cohort.name if obj.cohort else None


class SessionOut(Schema):
    id: int
    network: str
    title: str
    description: str
    status: str
    leader_name: str
    giving_school: str
    host_school: str
    format: str
    location: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    places_taken: int
    waiting: int
    cost: Decimal
    subjects: list[str]
    my_booking_id: int | None
    my_booking_status: str | None

    @staticmethod
    def resolve_network(obj):
        return obj.network.name

    @staticmethod
    def resolve_leader_name(obj):
        return obj.leader.user.display_name

    @staticmethod
    def resolve_giving_school(obj):
        return obj.school.name

    @staticmethod
    def resolve_host_school(obj):
        return obj.host_school.name

    @staticmethod
    def resolve_subjects(obj):
        return [s.slug for s in obj.subjects.all()]

    @staticmethod
    def _own(obj):
        bookings = getattr(obj, "own_bookings", None) or []
        return bookings[0] if bookings else None

    @staticmethod
    def resolve_my_booking_id(obj):
        booking = SessionOut._own(obj)
        return booking.pk if booking else None

    @staticmethod
    def resolve_my_booking_status(obj):
        booking = SessionOut._own(obj)
        return booking.status if booking else None


class BookingOut(Schema):
    id: int
    session_id: int
    session_title: str
    starts_at: datetime.datetime
    host_school: str
    status: str
    requested_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None

    @staticmethod
    def resolve_session_title(obj):
        return obj.session.title

    @staticmethod
    def resolve_starts_at(obj):
        return obj.session.starts_at

    @staticmethod
    def resolve_host_school(obj):
        return obj.session.host_school.name
