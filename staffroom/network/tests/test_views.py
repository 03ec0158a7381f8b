"""The offer's pages: who may open them, what they show, and bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from staffroom.accounts.roles import SchoolRole
from staffroom.learning.models import Activity
from staffroom.network import services
from staffroom.network.models import Booking, CalendarFeed, NetworkSchoolSettings, NetworkSession, SessionFeedback
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
