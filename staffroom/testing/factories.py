"""Test data builders shared by every app's tests."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from staffroom.accounts.models import Membership, MembershipRole, NetworkMembership, User
from staffroom.accounts.roles import SchoolRole, staff_group_for
from staffroom.learning.models import Activity, ActivityKind, FollowUp, Visibility
from staffroom.organisations.models import Network, NetworkSchool, School, Subject

PASSWORD = "correct-horse-battery"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Test School {n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Test Network {n}")
    kind = Network.Kind.TEACHING_SCHOOL_ALLIANCE


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Subject {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


def _surname_without_apostrophe() -> str:
    # Pages escape "O'Brien" as "O&#x27;Brien", so a test looking for a random person's name in the HTML would
    # fail now and then. Tests about apostrophes in names set one themselves.
    faker = factory.Faker._get_faker(locale="en_GB")
    while "'" in (name := faker.last_name()):
        pass
    return name


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@school.example")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.LazyFunction(_surname_without_apostrophe)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_member(school=None, *roles, email=None, line_manager=None, **user_fields) -> Membership:
    """A member of staff at school with the given roles (teacher by default)."""
    school = school or SchoolFactory()
    roles = roles or (SchoolRole.TEACHER,)
    user = UserFactory(**({"email": email} if email else {}), **user_fields)
    membership = Membership.objects.create(
        user=user, school=school, staff_group=staff_group_for(roles), line_manager=line_manager
    )
    MembershipRole.objects.bulk_create([MembershipRole(membership=membership, role=r) for r in roles])
    return membership


def add_network_role(user, network, role) -> NetworkMembership:
    return NetworkMembership.objects.create(user=user, network=network, role=role)


def join_network(network, *schools) -> None:
    for school in schools:
        NetworkSchool.objects.get_or_create(network=network, school=school)


def make_activity(
    membership: Membership,
    *,
    date=None,
    hours="2",
    kind=ActivityKind.COURSE,
    subjects=(),
    visibility=Visibility.PRIVATE,
    follow_up_due=None,
    **fields,
) -> Activity:
    date = date or timezone.localdate()
    activity = Activity.objects.create(
        school=membership.school,
        owner=membership.user,
        title=fields.pop("title", "Questioning workshop"),
        kind=kind,
        date=date,
        hours=Decimal(hours),
        subject_specific=bool(subjects),
        visibility=visibility,
        **fields,
    )
    activity.subjects.set(subjects)
    FollowUp.objects.create(
        school=membership.school,
        owner=membership.user,
        activity=activity,
        due_on=follow_up_due or date + datetime.timedelta(weeks=6),
    )
    return activity
