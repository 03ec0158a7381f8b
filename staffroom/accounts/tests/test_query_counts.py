"""Pages that list a whole school stay at the same number of queries however big the school is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.learning.models import Visibility
from staffroom.organisations.models import Department
from staffroom.testing.factories import SubjectFactory, make_activity, make_member

pytestmark = pytest.mark.django_db

ROLES_CYCLE = [
    (SchoolRole.TEACHER,),
    (SchoolRole.TEACHING_ASSISTANT,),
    (SchoolRole.TEACHER, SchoolRole.MIDDLE_LEADER),
    (SchoolRole.SUPPORT_STAFF,),
    (SchoolRole.MIDDAY_STAFF,),
]


def add_staff(school, how_many, *, line_manager, with_learning=False):
    department, _ = Department.objects.get_or_create(school=school, name="Key Stage 2")
    subject = SubjectFactory(name="Maths")
    for i in range(how_many):
        member = make_member(school, *ROLES_CYCLE[i % len(ROLES_CYCLE)], line_manager=line_manager)
        member.department = department
        member.job_title = f"Post {i}"
        member.save()
        if with_learning and i % 2:
            make_activity(member, subjects=[subject], visibility=Visibility.SCHOOL)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_staff_list_does_not_grow_in_queries_with_the_school(school, head, login, django_assert_num_queries):
    client = login(head)
    url = reverse("accounts:staff_list")
    add_staff(school, 10, line_manager=head)
    small = queries_for(client, url)

    add_staff(school, 20, line_manager=head)

    with django_assert_num_queries(small):
        response = client.get(url)
    assert "31 members of staff" in response.content.decode()


def test_the_heads_home_does_not_grow_in_queries_with_the_school(school, head, login, django_assert_num_queries):
    client = login(head)
    make_activity(head, title="Head's own course")
    url = reverse("home")
    add_staff(school, 10, line_manager=head, with_learning=True)
    small = queries_for(client, url)

    add_staff(school, 20, line_manager=head, with_learning=True)

    with django_assert_num_queries(small):
        response = client.get(url)
    body = response.content.decode()
    assert "The school&#x27;s learning in the" in body or "The school's learning in the" in body
    assert "people have recorded nothing this term" in body
