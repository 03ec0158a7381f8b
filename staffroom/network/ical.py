"""iCalendar files for network sessions, built with the icalendar library."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import NetworkSession

PRODID = "-//Staffroom//Network sessions//EN"


def _event(session: NetworkSession) -> Event:
    event = Event()
    # A stable UID lets calendar apps update the event in place when the session moves or is cancelled.
    event.add("uid", f"network-session-{session.pk}@staffroom")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("summary", session.title)
    where = session.host_school.name if session.format == "in_person" else str(session.get_format_display())
    event.add("location", ", ".join(p for p in (session.location, where) if p))
    link = settings.SITE_URL.rstrip("/") + reverse("network:session", args=[session.pk])
    event.add(
        "description", f"{session.description}\n\n{session.leader.user.display_name}, {session.school.name}\n{link}"
    )
    event.add("url", link)
    event.add("status", "CANCELLED" if session.status == NetworkSession.Status.CANCELLED else "CONFIRMED")
    return event


def calendar_for(sessions, *, name: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical()
