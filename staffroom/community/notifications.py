"""Short emails for the network community, sent once the transaction that caused them commits.

They carry a title and a link; answers, proposals and messages stay behind the login.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

_suppressed = contextvars.ContextVar("community_notifications_suppressed", default=False)


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


def _send_later(*, emails: list[str], subject: str, template: str, context: dict) -> None:
    if _suppressed.get() or not emails:
        return

    def send():
        body = render_to_string(f"community/email/{template}", context)
        for email in emails:
            send_mail(subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[email])

    transaction.on_commit(send)


def survey_sent(survey, emails: list[str]) -> None:
    _send_later(
        emails=emails,
        subject=_("%(network)s: %(title)s") % {"network": survey.network.name, "title": survey.title},
        template="survey_sent.txt",
        context={"survey": survey, "link": _link("community:survey_answer", survey.pk)},
    )


def proposal_commissioned(need, proposal) -> None:
    _send_later(
        emails=[proposal.author.user.email],
        subject=_("Your proposal has been commissioned: %(title)s") % {"title": need.title},
        template="proposal_commissioned.txt",
        context={"need": need, "proposal": proposal, "link": _link("community:need", need.pk)},
    )
