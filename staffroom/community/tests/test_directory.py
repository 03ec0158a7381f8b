import pytest
from django.urls import reverse

from staffroom.accounts.roles import SchoolRole
from staffroom.community import services
from staffroom.community.models import Designation, DirectoryProfile
from staffroom.organisations.models import Subject
from staffroom.testing.factories import make_member

from .helpers import count_queries, make_world

pytestmark = pytest.mark.django_db


def list_me(membership, **fields):
    return services.save_profile(actor=membership.user, membership=membership, **{"listed": True, **fields})


def test_nobody_is_listed_until_they_tick_it(login):
    w = make_world()
    client = login(w.a_teacher)
    response = client.get(reverse("community:directory"))
    assert response.status_code == 200
    assert w.b_teacher.user.last_name not in response.content.decode()
    # Saving a profile without ticking "list me" still lists nothing.
    services.save_profile(actor=w.b_teacher.user, membership=w.b_teacher, listed=False, expertise="UNLISTED-EXPERTISE")
    assert "UNLISTED-EXPERTISE" not in client.get(reverse("community:directory")).content.decode()


def test_a_listed_person_shows_only_what_they_ticked(login):
    w = make_world()
    w.b_teacher.job_title = "Head of maths SECRET-TITLE"
    w.b_teacher.save()
    list_me(w.b_teacher, expertise="Maths mastery lesson study")
    page = login(w.a_teacher).get(reverse("community:directory")).content.decode()
    assert w.b_teacher.user.display_name in page and "Birch Academy" in page
    assert "Maths mastery lesson study" in page
    assert "SECRET-TITLE" not in page
    assert w.b_teacher.user.email not in page
    list_me(w.b_teacher, show_job_title=True, show_email=True)
    page = login(w.a_teacher).get(reverse("community:directory")).content.decode()
    assert "SECRET-TITLE" in page and w.b_teacher.user.email in page


def test_search_by_role_matches_only_people_who_show_their_role(login):
    w = make_world()
    list_me(w.b_head)
    client = login(w.a_teacher)
    url = reverse("community:directory") + f"?role={SchoolRole.HEADTEACHER}"
    assert w.b_head.user.display_name not in client.get(url).content.decode()
    list_me(w.b_head, show_roles=True)
    assert w.b_head.user.display_name in client.get(url).content.decode()


def test_found_by_subject_and_designation(login):
    w = make_world()
    maths = Subject.objects.get(slug="mathematics")
    list_me(w.c_teacher, subjects=[maths], designations=[Designation.MATHS_HUB])
    list_me(w.b_teacher)
    client = login(w.a_teacher)
    page = client.get(reverse("community:directory") + f"?subject={maths.pk}").content.decode()
    assert w.c_teacher.user.display_name in page and w.b_teacher.user.display_name not in page
    page = client.get(reverse("community:directory") + "?designation=maths_hub").content.decode()
    assert w.c_teacher.user.display_name in page and "Maths hub lead" in page
    page = client.get(reverse("community:directory") + f"?school={w.b.pk}").content.decode()
    assert w.b_teacher.user.display_name in page and w.c_teacher.user.display_name not in page


def test_another_network_never_sees_the_directory(login):
    w = make_world()
    list_me(w.b_teacher, expertise="ONLY-IN-FENLAND")
    list_me(w.x_head, expertise="ONLY-IN-OTHER-TRUST")
    assert "ONLY-IN-FENLAND" not in login(w.x_head).get(reverse("community:directory")).content.decode()
    assert "ONLY-IN-OTHER-TRUST" not in login(w.a_teacher).get(reverse("community:directory")).content.decode()
    # A school outside any network has no network community at all.
    assert login(w.lone).get(reverse("community:directory")).status_code == 403
    # Another network's school in the filter is refused as bad input, not searched.
    response = login(w.a_teacher).get(reverse("community:directory") + f"?school={w.x.pk}")
    assert response.status_code == 400 and "ONLY-IN-OTHER-TRUST" not in response.content.decode()


def test_a_deactivated_person_drops_out(login):
    w = make_world()
    list_me(w.b_teacher)
    w.b_teacher.is_active = False
    w.b_teacher.save()
    assert w.b_teacher.user.display_name not in login(w.a_teacher).get(reverse("community:directory")).content.decode()


def test_profile_form_saves_and_keeps_input_on_error(login):
    w = make_world()
    client = login(w.a_teacher)
    assert client.get(reverse("community:profile")).status_code == 200
    response = client.post(reverse("community:profile"), {"listed": "on", "expertise": "x" * 301, "show_roles": "on"})
    assert response.status_code == 200
    assert "x" * 301 in response.content.decode()
    assert not DirectoryProfile.objects.exists()
    response = client.post(reverse("community:profile"), {"listed": "on", "expertise": "Reading\x00"})
    assert response.status_code == 200 and not DirectoryProfile.objects.exists()
    response = client.post(reverse("community:profile"), {"listed": "on", "designations": ["sle", "nonsense"]})
    assert response.status_code == 200 and not DirectoryProfile.objects.exists()
    response = client.post(reverse("community:profile"), {"listed": "on", "designations": ["sle"], "show_roles": "on"})
    assert response.status_code == 302
    profile = DirectoryProfile.objects.get(membership=w.a_teacher)
    assert profile.listed and profile.show_roles and not profile.show_email
    assert [d.designation for d in profile.designations.all()] == ["sle"]


def test_bad_search_input_never_500s(login):
    w = make_world()
    client = login(w.a_teacher)
    for query in (
        "?text=%00",
        "?subject=abc",
        "?subject=999999",
        "?role=pope",
        "?school=-1",
        "?page=zzz",
        "?text=" + "a" * 500,
    ):
        response = client.get(reverse("community:directory") + query)
        assert response.status_code in {200, 400}, query


def test_directory_query_count_is_flat(login, django_assert_num_queries):
    w = make_world()
    maths = Subject.objects.get(slug="mathematics")

    def grow(n):
        for i in range(n):
            m = make_member([w.a, w.b, w.c][i % 3], SchoolRole.TEACHER, SchoolRole.MIDDLE_LEADER)
            list_me(m, show_roles=True, subjects=[maths], designations=[Designation.SLE, Designation.SENCO])

    client = login(w.a_teacher)
    url = reverse("community:directory") + f"?subject={maths.pk}"
    grow(3)
    few = count_queries(client, url)
    grow(6)
    assert count_queries(client, url) == few
