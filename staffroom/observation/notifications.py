"""Short emails that tell someone peer learning is waiting for them.

Each is sent once the transaction that caused it commits, so a rolled-back write never emails anyone. Emails
carry who and when, and a link; never the notes themselves, which stay behind the login.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

_suppressed = contextvars.ContextVar("observation_notifications_suppressed", default=False)


@contextlib.contextmanager
def suppressed():
    """Seeding demo data writes through the services without emailing the demo staff."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def _link(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _send_later(*, to, subject: str, template: str, context: dict) -> None:
    if _suppressed.get():
        return

    def send():
        send_mail(
            subject=subject,
            message=render_to_string(f"observation/email/{template}", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[to.email],
        )

    transaction.on_commit(send)


def observer_invited(observation) -> None:
    observed, observer = observation.observed.user, observation.observer.user
    _send_later(
        to=observer,
        subject=_("%(name)s has asked you to observe a lesson") % {"name": observed.display_name},
        template="observer_invited.txt",
        context={
            "observer": observer,
            "observed": observed,
            "observation": observation,
            "focus": observation.focus_label,
            "link": _link("observation:detail", observation.pk),
        },
    )


def notes_written(observation) -> None:
    observed, observer = observation.observed.user, observation.observer.user
    _send_later(
        to=observed,
        subject=_("%(name)s has written your observation notes") % {"name": observer.display_name},
        template="notes_written.txt",
        context={
            "observer": observer,
            "observed": observed,
            "observation": observation,
            "link": _link("observation:detail", observation.pk),
        },
    )


def slot_booked(booking, *, cancelled: bool = False) -> None:
    slot = booking.slot
    host, visitor = slot.host.user, booking.visitor.user
    subject = (
        _("%(name)s has given up their place in your open classroom")
        if cancelled
        else _("%(name)s has booked a place in your open classroom")
    )
    _send_later(
        to=host,
        subject=subject % {"name": visitor.display_name},
        template="slot_booked.txt",
        context={
            "host": host,
            "visitor": visitor,
            "visitor_school": booking.visitor.school,
            "slot": slot,
            "cancelled": cancelled,
            "link": _link("observation:slot_detail", slot.pk),
        },
    )


def peer_group_proposed(group, *, proposer, invitees) -> None:
    others = [m.user.display_name for m in invitees]
    for invitee in invitees:
        _send_later(
            to=invitee.user,
            subject=_("%(name)s would like to visit each other's lessons with you")
            % {"name": proposer.user.display_name},
            template="peer_group_proposed.txt",
            context={
                "invitee": invitee.user,
                "proposer": proposer.user,
                "proposer_school": proposer.school,
                "others": [name for name in others if name != invitee.user.display_name],
                "group": group,
                "link": _link("observation:peer_group_detail", group.pk),
            },
        )
