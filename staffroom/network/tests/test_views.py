"""The offer's pages: who may open them, what they show, and bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from staffroom.accounts.roles import SchoolRole
from staffroom.community.models import Cluster, TrainingNeed
from staffroom.learning.models import Activity
from staffroom.network import selectors, services
from staffroom.network.models import Booking, CalendarFeed, NetworkSchoolSettings, NetworkSession, SessionFeedback
from staffroom.research import services as research_services
from staffroom.research.models import LibraryItem
from staffroom.testing.factories import make_member

from .conftest import published_session, run_session

pytestmark = pytest.mark.django_db


def test_network_appears_in_the_navigation_only_for_network_schools(login, teacher, stranger):
    assert 'href="/network/"' in login(teacher).get(reverse("home")).content.decode()
    client = login(stranger)
    assert 'href="/network/"' not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("network:offer")).status_code == 403


def test_propose_with_bad_input_keeps_what_was_typed(login, ta, network):
    client = login(ta)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("network:propose"),
        {
            "title": "Lunchtime games that include everyone",
            "description": "Playground games for mixed ages.",
            "network": network.pk,
            "host_school": ta.school.pk,
            "format": "in_person",
            "date": yesterday,
            "start_time": "15:45",
            "end_time": "15:30",
            "capacity": "0",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lunchtime games that include everyone" in page
    assert "There is a problem" in page
    assert not NetworkSession.objects.exists()


def test_propose_publish_and_book_through_the_pages(login, ta, network, cpd_lead, teacher, riverside):
    client = login(ta)
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.post(
        reverse("network:propose"),
        {
            "title": "Lunchtime games that include everyone",
            "description": "Playground games for mixed ages.",
            "network": network.pk,
            "host_school": ta.school.pk,
            "format": "in_person",
            "date": day,
            "start_time": "15:45",
            "end_time": "17:15",
            "capacity": "12",
            "audience": ["midday", "teaching_assistants"],
        },
    )
    session = NetworkSession.objects.get()
    assert response.status_code == 302
    assert session.audience == ["teaching_assistants", "midday"]
    # Not yet in the offer, and invisible to other schools until published.
    assert login(teacher).get(reverse("network:session", args=[session.pk])).status_code == 404

    lead = login(cpd_lead)
    assert "Lunchtime games" in lead.get(reverse("network:review")).content.decode()
    assert lead.post(reverse("network:publish", args=[session.pk])).status_code == 302

    client = login(teacher)
    assert "Lunchtime games" in client.get(reverse("network:offer")).content.decode()
    client.post(reverse("network:book", args=[session.pk]))
    client.post(reverse("network:book", args=[session.pk]))
    assert Booking.objects.get().status == Booking.Status.CONFIRMED
    ics = client.get(reverse("network:session_ics", args=[session.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Lunchtime games that include everyone" in ics.content


def test_the_catalogue_filters_and_answers_htmx_with_the_results_only(login, ta, network, cpd_lead, teacher):
    published_session(ta, network, cpd_lead, title="Phonics for support staff", phase="primary")
    published_session(ta, network, cpd_lead, title="GCSE maths revision", phase="secondary")
    client = login(teacher)
    page = client.get(reverse("network:offer"), {"phase": "secondary"}).content.decode()
    assert "GCSE maths revision" in page and "Phonics for support staff" not in page
    partial = client.get(reverse("network:offer"), {"phase": "primary"}, headers={"HX-Request": "true"})
    assert "Phonics for support staff" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    junk = client.get(reverse("network:offer"), {"subject": "x\x00", "date_from": "not a date", "term": "1999"})
    assert junk.status_code == 200


def test_the_catalogue_is_paged_and_page_links_keep_the_filters(login, ta, network, cpd_lead, teacher):
    for n in range(selectors.CATALOGUE_PAGE_SIZE + 2):
        published_session(ta, network, cpd_lead, title=f"Primary session {n:02d}", phase="primary", days=3 + n)
    published_session(ta, network, cpd_lead, title="GCSE maths revision", phase="secondary", days=2)
    client = login(teacher)
    first = client.get(reverse("network:offer"), {"phase": "primary"}).content.decode()
    assert "Primary session 00" in first and "Primary session 26" not in first
    assert "GCSE maths revision" not in first
    assert "27 sessions" in first and "Page 1 of 2" in first
    assert "?phase=primary&amp;page=2" in first
    second = client.get(reverse("network:offer"), {"phase": "primary", "page": "2"}).content.decode()
    assert "Primary session 26" in second and "Primary session 00" not in second
    assert "?phase=primary&amp;page=1" in second
    partial = client.get(reverse("network:offer"), {"phase": "primary", "page": "2"}, headers={"HX-Request": "true"})
    assert "Primary session 26" in partial.content.decode() and "<html" not in partial.content.decode()
    for junk in ["abc", "-1", "0", "99999", "2\x00", "1" * 400]:
        response = client.get(reverse("network:offer"), {"phase": "primary", "page": junk})
        assert response.status_code == 200, junk
        assert "Primary session" in response.content.decode()


def test_a_session_only_for_some_schools_is_hidden_from_the_others(login, ta, network, cpd_lead, teacher, fenbridge):
    session = published_session(ta, network, cpd_lead, title="Cluster only", open_to_schools=[ta.school, fenbridge])
    client = login(teacher)
    assert "Cluster only" not in client.get(reverse("network:offer")).content.decode()
    assert client.get(reverse("network:session", args=[session.pk])).status_code == 404
    assert client.post(reverse("network:book", args=[session.pk])).status_code == 404
    assert not Booking.objects.exists()


def test_the_personal_calendar_feed(login, client, ta, network, cpd_lead, teacher):
    session = published_session(ta, network, cpd_lead, title="Phonics for support staff")
    services.book_place(actor=teacher.user, member=teacher, session=session)
    me = login(teacher)
    me.post(reverse("network:calendar_create"))
    token = CalendarFeed.objects.get(member=teacher).token
    me.logout()

    feed = client.get(reverse("network:calendar_feed", args=[token]))
    assert feed.status_code == 200
    assert b"Phonics for support staff" in feed.content

    me = login(teacher)
    me.post(reverse("network:calendar_reset"))
    me.logout()
    assert client.get(reverse("network:calendar_feed", args=[token])).status_code == 404
    new_token = CalendarFeed.objects.get(member=teacher).token
    assert client.get(reverse("network:calendar_feed", args=[new_token])).status_code == 200
    login(teacher).post(reverse("network:calendar_revoke"))
    assert client.get(reverse("network:calendar_feed", args=[new_token])).status_code == 404
    assert client.get("/network/calendar/abc%00def.ics").status_code == 404


def test_someone_elses_feed_is_not_reachable_from_my_account(login, ta, network, cpd_lead, teacher):
    theirs = services.calendar_feed(actor=ta.user, member=ta)
    client = login(teacher)
    page = client.get(reverse("network:mine")).content.decode()
    assert theirs.token not in page
    assert client.get(reverse("network:calendar_feed", args=[theirs.token + "x"])).status_code == 404


def test_attendance_and_results_are_for_the_leader(login, ta, network, cpd_lead, teacher):
    session = published_session(ta, network, cpd_lead)
    booking = services.book_place(actor=teacher.user, member=teacher, session=session)
    run_session(session)
    assert login(teacher).get(reverse("network:attendance", args=[session.pk])).status_code == 403
    assert login(cpd_lead).get(reverse("network:attendance", args=[session.pk])).status_code == 403
    assert login(teacher).get(reverse("network:results", args=[session.pk])).status_code == 403

    client = login(ta)
    assert client.get(reverse("network:attendance", args=[session.pk])).status_code == 200
    client.post(reverse("network:attendance", args=[session.pk]), {"attended": [str(booking.pk), "junk", "99999"]})
    assert Activity.objects.filter(owner=teacher.user).count() == 1

    me = login(teacher)
    bad = me.post(reverse("network:feedback", args=[booking.pk]), {"worthwhile": "7", "will_use": "Sound mats"})
    assert bad.status_code == 200 and "Sound mats" in bad.content.decode()
    me.post(
        reverse("network:feedback", args=[booking.pk]),
        {"worthwhile": "5", "relevant": "4", "learned": "4", "will_use": "Sound mats", "comments": "More please"},
    )
    assert SessionFeedback.objects.count() == 1
    for viewer in (ta, cpd_lead):
        page = login(viewer).get(reverse("network:results", args=[session.pk])).content.decode()
        assert "Sound mats" in page and "More please" in page
        assert teacher.user.display_name not in page


def test_approvals_page_for_line_managers(login, ta, network, cpd_lead, teacher, manager, riverside):
    NetworkSchoolSettings.objects.create(school=riverside, bookings_need_approval=True)
    session = published_session(ta, network, cpd_lead)
    booking = services.book_place(actor=teacher.user, member=teacher, session=session)
    assert login(teacher).get(reverse("network:approvals")).status_code == 403
    assert login(ta).get(reverse("network:approvals")).status_code == 403
    client = login(manager)
    assert teacher.user.display_name in client.get(reverse("network:approvals")).content.decode()
    client.post(reverse("network:approval_decide", args=[booking.pk]), {"decision": "approve"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_school_settings_for_school_leaders(login, teacher, riverside, network):
    head = make_member(riverside, SchoolRole.HEADTEACHER)
    assert login(teacher).get(reverse("network:settings")).status_code == 403
    login(head).post(reverse("network:settings"), {"bookings_need_approval": "on"})
    assert NetworkSchoolSettings.objects.get(school=riverside).bookings_need_approval


def test_giving_and_taking_counts_places(login, ta, network, cpd_lead, teacher):
    session = published_session(ta, network, cpd_lead, capacity=12)
    booking = services.book_place(actor=teacher.user, member=teacher, session=session)
    run_session(session)
    services.mark_attendance(actor=ta.user, session=session, attended_ids=[booking.pk])
    page = login(teacher).get(reverse("network:balance")).content.decode()
    assert '<th scope="row">Oakfield Primary</th><td>1</td><td>12</td><td>1</td><td>0</td><td>0</td>' in page
    assert '<th scope="row">Riverside Academy</th><td>0</td><td>0</td><td>0</td><td>1</td><td>1</td>' in page


def test_the_session_page_lists_library_materials_and_the_commission(login, ta, network, cpd_lead, teacher):
    session = published_session(ta, network, cpd_lead, title="Phonics for support staff")
    research_services.share_resource(
        actor=ta.user,
        membership=ta,
        network=network,
        title="Phonics slides",
        summary="The slides.",
        link="https://example.org/slides",
        kind=LibraryItem.Kind.SESSION_MATERIAL,
        session=session,
    )
    cluster = Cluster.objects.create(network=network, name="Fen cluster")
    cluster.schools.add(ta.school, teacher.school)
    need = TrainingNeed.objects.create(
        cluster=cluster,
        title="Phonics",
        description="Training.",
        budget=300,
        respond_by=datetime.date(2030, 1, 1),
        status=TrainingNeed.Status.COMMISSIONED,
        session=session,
    )
    url = reverse("network:session", args=[session.pk])
    add_link = f"{reverse('research:library_add')}?session={session.pk}"
    need_link = reverse("community:need", args=[need.pk])

    as_leader = login(ta).get(url).content.decode()
    assert add_link in as_leader and "Phonics slides" in as_leader

    as_booker = login(teacher).get(url).content.decode()
    assert "Phonics slides" in as_booker and add_link not in as_booker
    # A classroom teacher sees which cluster commissioned it but cannot open the commissioning pages.
    assert "Fen cluster" in as_booker and need_link not in as_booker

    head = make_member(teacher.school, SchoolRole.HEADTEACHER)
    as_head = login(head).get(url).content.decode()
    assert need_link in as_head and login(head).get(need_link).status_code == 200

    assert add_link in login(cpd_lead).get(url).content.decode()


def test_every_network_page_links_to_every_part_of_the_section(login, teacher):
    links = [reverse(n) for n in ("network:offer", "research:library", "research:projects", "community:hub")]
    client = login(teacher)
    for url in links:
        page = client.get(url).content.decode()
        for other in links:
            assert f'href="{other}"' in page, (url, other)
        assert page.count('aria-current="page"') >= 1


def test_home_shows_my_next_sessions_and_the_feedback_i_owe(login, ta, network, cpd_lead, teacher, stranger):
    sessions = [published_session(ta, network, cpd_lead, title=f"Upcoming {n}", days=3 + n) for n in range(4)]
    for session in sessions:
        services.book_place(actor=teacher.user, member=teacher, session=session)
    held = published_session(ta, network, cpd_lead, title="Held last week")
    booking = services.book_place(actor=teacher.user, member=teacher, session=held)
    run_session(held)
    services.mark_attendance(actor=ta.user, session=held, attended_ids=[booking.pk])
    home = login(teacher).get(reverse("home")).content.decode()
    assert "Upcoming 0" in home and "Upcoming 2" in home and "Upcoming 3" not in home
    assert ta.school.name in home
    assert reverse("network:feedback", args=[booking.pk]) in home
    assert reverse("network:mine") in home
    assert "network-card-heading" not in login(stranger).get(reverse("home")).content.decode()


def _home_queries(client):
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


def test_home_card_costs_the_same_however_many_bookings(login, ta, network, cpd_lead, teacher, manager):
    def book(member, count):
        for n in range(count):
            session = published_session(ta, network, cpd_lead, title=f"{member.pk} {n}", days=3 + n)
            services.book_place(actor=member.user, member=member, session=session)
            held = published_session(ta, network, cpd_lead, title=f"{member.pk} held {n}")
            booking = services.book_place(actor=member.user, member=member, session=held)
            run_session(held)
            services.mark_attendance(actor=ta.user, session=held, attended_ids=[booking.pk])

    book(manager, 1)
    book(teacher, 6)
    assert _home_queries(login(manager)) == _home_queries(login(teacher))


def test_home_asks_nothing_more_of_people_outside_a_network(login, stranger, monkeypatch):
    client = login(stranger)
    with_card = _home_queries(client)
    monkeypatch.setattr(selectors, "home_card", lambda *, membership: None)
    assert _home_queries(client) == with_card
