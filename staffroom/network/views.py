import datetime
import re
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from staffroom.community import policies as community_policies
from staffroom.core.charts import Bar, horizontal_bars
from staffroom.core.decorators import member_passes
from staffroom.core.forms import add_errors_to_form
from staffroom.organisations.calendar import academic_year, school_today, terms

from . import ical, policies, selectors, services
from .forms import CatalogueFilterForm, DeclineForm, FeedbackForm, ReturnForm, SchoolSettingsForm, SessionForm
from .models import Booking, CalendarFeed, NetworkSchoolSettings, NetworkSession, Rating

NAV = "network"
# Feed tokens are token_urlsafe(32); anything else is refused before it reaches the database.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

network_member = member_passes(policies.takes_part)


def _page(request, template_name, **context):
    context.setdefault("nav_section", NAV)
    return render(request, template_name, context)


def _terms(school):
    """This academic year's terms and next year's, so that next term's offer can be planned and browsed."""
    year = academic_year(school_today(school), school.academic_year_start_month)
    following = academic_year(year.end + datetime.timedelta(days=1), school.academic_year_start_month)
    return [*terms(year), *terms(following)]


@network_member
@vary_on_headers("HX-Request")
def offer(request):
    school = request.school
    term_list = _terms(school)
    form = CatalogueFilterForm(
        request.GET or None, schools=selectors.network_schools(membership=request.membership), terms=term_list
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chosen_term = form.terms.get(data.get("term") or "")
    filters = selectors.Filters(
        term=chosen_term,
        subject=data.get("subject"),
        phase=data.get("phase", ""),
        audience=data.get("audience", ""),
        school=data.get("school"),
        date_from=data.get("date_from") or (None if chosen_term or data.get("date_to") else school_today(school)),
        date_to=data.get("date_to"),
    )
    page = selectors.catalogue_page(membership=request.membership, filters=filters, page=request.GET.get("page"))
    booked = selectors.my_bookings_by_session(membership=request.membership, sessions=page.object_list)
    groups = []
    for session in page.object_list:
        session.my_booking = booked.get(session.pk)
        day = session.starts_at.astimezone(school.tz).date()
        label = next((t.label for t in term_list if day in t), "")
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(session)
    # Page links keep the filters; choosing new filters starts again at page one.
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": form,
        "groups": groups,
        "page": page,
        "count": page.paginator.count,
        "query": query.urlencode(),
        "section": "offer",
    }
    if request.htmx:
        return render(request, "network/offer.html#offer-results", context)
    return _page(request, "network/offer.html", **context)


def _save_session_form(request, form, session=None):
    try:
        if session is None:
            network = form.cleaned_data["network"]
            return services.propose_session(
                actor=request.user, leader=request.membership, network=network, data=form.session_data()
            )
        return services.update_session(actor=request.user, session=session, data=form.session_data())
    except ValidationError as exc:
        add_errors_to_form(form, exc)
    return None


@network_member
def propose(request):
    networks = selectors.networks(membership=request.membership)
    form = SessionForm(request.POST or None, networks=networks, school=request.school)
    if request.method == "POST" and form.is_valid():
        session = _save_session_form(request, form)
        if session is not None:
            messages.success(request, _("Thank you. The network CPD lead will review your session and publish it."))
            return redirect("network:session", pk=session.pk)
    return _page(
        request,
        "network/session_form.html",
        form=form,
        section="offer",
        title=_("Propose a session"),
        submit=_("Send for review"),
        cancel_url=reverse("network:offer"),
    )


@network_member
def session_edit(request, pk):
    session = selectors.get_session(membership=request.membership, pk=pk)
    reviewer = policies.reviews_session(request.membership, session)
    editable = (reviewer and session.status != NetworkSession.Status.CANCELLED) or (
        policies.leads_session(request.membership, session)
        and session.status in (NetworkSession.Status.PROPOSED, NetworkSession.Status.RETURNED)
    )
    if not editable:
        raise PermissionDenied
    networks = selectors.networks(membership=request.membership)
    form = SessionForm(request.POST or None, networks=networks, school=request.school, session=session)
    if request.method == "POST" and form.is_valid() and _save_session_form(request, form, session) is not None:
        messages.success(request, _("Saved the session."))
        return redirect("network:session", pk=session.pk)
    return _page(
        request,
        "network/session_form.html",
        form=form,
        section="offer",
        title=_("Change “%(title)s”") % {"title": session.title},
        submit=_("Save"),
        cancel_url=reverse("network:session", args=[session.pk]),
    )


@network_member
def session_detail(request, pk):
    membership = request.membership
    session = selectors.get_session(membership=membership, pk=pk)
    leads = policies.leads_session(membership, session)
    reviews = policies.reviews_session(membership, session)
    my_booking = selectors.booking_for(membership=membership, session=session)
    has_started = session.starts_at <= timezone.now()
    commission = getattr(session, "commission", None)
    return _page(
        request,
        "network/session_detail.html",
        commission=commission,
        commission_visible=commission is not None and community_policies.can_see_need(membership, commission),
        section="offer",
        session=session,
        leads=leads,
        reviews=reviews,
        my_booking=my_booking,
        can_book=services.can_book(membership, session),
        has_started=has_started,
        register=selectors.register(session=session) if (leads or reviews) else [],
        linked=list(session.descriptors.all()),
        hours=services.session_hours(session),
        can_cancel=(leads or reviews) and session.status != NetworkSession.Status.CANCELLED and not has_started,
        can_edit=(reviews and session.status != NetworkSession.Status.CANCELLED)
        or (leads and session.status in (NetworkSession.Status.PROPOSED, NetworkSession.Status.RETURNED)),
    )


@network_member
def session_ics(request, pk):
    session = selectors.get_session(membership=request.membership, pk=pk)
    if session.status != NetworkSession.Status.PUBLISHED:
        raise Http404
    response = HttpResponse(ical.calendar_for([session]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="network-session-{session.pk}.ics"'
    return response


@network_member
@require_POST
def book(request, pk):
    session = selectors.get_session(membership=request.membership, pk=pk)
    if not services.can_book(request.membership, session):
        raise Http404
    try:
        booking = services.book_place(actor=request.user, member=request.membership, session=session)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            {
                Booking.Status.CONFIRMED: _("You have a place. It is in your calendar feed."),
                Booking.Status.WAITING: _("The session is full, so you are on the waiting list. We will email you."),
                Booking.Status.AWAITING_APPROVAL: _("Your request has gone to your line manager for approval."),
            }.get(booking.status, _("Saved.")),
        )
    return redirect("network:session", pk=pk)


@network_member
@require_POST
def booking_cancel(request, pk):
    booking = selectors.get_own_booking(membership=request.membership, pk=pk)
    try:
        services.cancel_booking(actor=request.user, booking=booking)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Your place is given up; the next person on the waiting list gets it."))
    return redirect("network:session", pk=booking.session_id)


# ---- review ------------------------------------------------------------------------------------------------


def _reviewed_session(request, pk):
    session = selectors.get_session(membership=request.membership, pk=pk)
    if not policies.reviews_session(request.membership, session):
        raise PermissionDenied
    return session


@member_passes(policies.reviews_offer)
def review(request):
    return _page(
        request,
        "network/review.html",
        section="review",
        sessions=list(selectors.review_queue(membership=request.membership)),
    )


@member_passes(policies.reviews_offer)
@require_POST
def publish(request, pk):
    session = _reviewed_session(request, pk)
    try:
        services.publish_session(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Published. “%(title)s” is now in the offer.") % {"title": session.title})
    return redirect("network:session", pk=pk)


@member_passes(policies.reviews_offer)
def return_to_leader(request, pk):
    session = _reviewed_session(request, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_session(actor=request.user, session=session, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Returned to %(name)s.") % {"name": session.leader.user.display_name})
            return redirect("network:review")
    return _page(
        request,
        "network/form_page.html",
        section="review",
        form=form,
        title=_("Return “%(title)s” to its leader") % {"title": session.title},
        submit=_("Return the session"),
        cancel_url=reverse("network:session", args=[pk]),
    )


@network_member
@require_POST
def cancel_session(request, pk):
    session = selectors.get_session(membership=request.membership, pk=pk)
    if not (
        policies.leads_session(request.membership, session) or policies.reviews_session(request.membership, session)
    ):
        raise PermissionDenied
    try:
        services.cancel_session(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The session is cancelled and everyone booked has been told."))
    return redirect("network:session", pk=pk)


# ---- attendance and feedback -------------------------------------------------------------------------------


@network_member
def attendance(request, pk):
    session = selectors.get_session(membership=request.membership, pk=pk)
    if not policies.leads_session(request.membership, session):
        raise PermissionDenied
    bookings = [b for b in selectors.register(session=session) if b.status == Booking.Status.CONFIRMED]
    error = None
    if request.method == "POST":
        chosen = {v for v in request.POST.getlist("attended") if v.isdigit()}
        valid = {b.pk for b in bookings}
        try:
            services.mark_attendance(
                actor=request.user, session=session, attended_ids=[int(v) for v in chosen if int(v) in valid]
            )
        except ValidationError as exc:
            error = exc.messages[0]
            for b in bookings:
                b.attended = str(b.pk) in chosen
        else:
            messages.success(request, _("Attendance saved. Everyone who came has it on their learning record."))
            return redirect("network:session", pk=pk)
    return _page(
        request,
        "network/attendance.html",
        section="mine",
        session=session,
        bookings=bookings,
        error=error,
        has_started=session.starts_at <= timezone.now(),
    )


@network_member
def feedback(request, pk):
    booking = selectors.get_own_booking(membership=request.membership, pk=pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(actor=request.user, booking=booking, data=services.FeedbackData(**form.cleaned_data))
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Thank you. Your feedback goes to the leader without your name."))
            return redirect("network:mine")
    return _page(
        request,
        "network/feedback_form.html",
        section="mine",
        form=form,
        booking=booking,
        title=_("How was “%(title)s”?") % {"title": booking.session.title},
        submit=_("Send feedback"),
        cancel_url=reverse("network:mine"),
    )


@network_member
def results(request, pk):
    session = selectors.get_session(membership=request.membership, pk=pk)
    if not policies.can_see_bookings(request.membership, session):
        raise PermissionDenied
    summary = selectors.feedback_summary(session=session)
    chart = horizontal_bars(
        title=_("Average agreement, from 1 (strongly disagree) to 5 (strongly agree)"),
        unit=_("Average"),
        label_width=380,
        bars=[Bar(str(label), average or Decimal(0)) for _name, label, average, _counts in summary.questions],
    )
    rows = [
        (name, label, average, [counts.get(value, 0) for value, _label in Rating.choices])
        for name, label, average, counts in summary.questions
    ]
    return _page(
        request,
        "network/results.html",
        section="mine",
        session=session,
        summary=summary,
        chart=chart,
        rows=rows,
        ratings=Rating.choices,
    )


# ---- my sessions, calendar feed, approvals, giving and taking, settings ------------------------------------


@network_member
def mine(request):
    feed = CalendarFeed.objects.filter(member=request.membership).first()
    feed_url = request.build_absolute_uri(reverse("network:calendar_feed", args=[feed.token])) if feed else None
    return _page(
        request,
        "network/mine.html",
        section="mine",
        mine=selectors.my_sessions(membership=request.membership),
        feed_url=feed_url,
        now=timezone.now(),
    )


@network_member
@require_POST
def calendar_create(request):
    services.calendar_feed(actor=request.user, member=request.membership)
    messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    return redirect(reverse("network:mine") + "#calendar")


@network_member
@require_POST
def calendar_reset(request):
    services.reset_calendar_feed(actor=request.user, member=request.membership)
    messages.success(request, _("You have a new calendar address; the old one no longer works."))
    return redirect(reverse("network:mine") + "#calendar")


@network_member
@require_POST
def calendar_revoke(request):
    services.revoke_calendar_feed(actor=request.user, member=request.membership)
    messages.success(request, _("Your calendar address is switched off."))
    return redirect(reverse("network:mine") + "#calendar")


def calendar_feed(request, token):
    """Calendar apps cannot sign in, so the secret address is the key; a wrong, old or odd one is simply missing."""
    if not TOKEN_RE.match(token):
        raise Http404
    feed = selectors.feed_for_token(token)
    if feed is None:
        raise Http404
    services.note_feed_fetched(feed)
    body = ical.calendar_for(selectors.feed_sessions(member=feed.member), name=_("Network sessions"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@member_passes(policies.approves_bookings)
def approvals(request):
    return _page(
        request,
        "network/approvals.html",
        section="approvals",
        bookings=selectors.approvals(membership=request.membership),
        decline_form=DeclineForm(),
    )


@member_passes(policies.approves_bookings)
@require_POST
def approval_decide(request, pk):
    booking = selectors.get_approval(membership=request.membership, pk=pk)
    approve = request.POST.get("decision") == "approve"
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.decide_booking(
            actor=request.user, approver=request.membership, booking=booking, approve=approve, reason=reason
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Approved.") if approve else _("Declined."))
    return redirect("network:approvals")


@network_member
def balance(request):
    rows = selectors.giving_and_taking(membership=request.membership)
    chart = horizontal_bars(
        title=_("Places given to other schools and places used at other schools"),
        label_width=400,
        unit=_("Places"),
        bars=[
            bar
            for row in rows
            for bar in (
                Bar(_("%(school)s: given") % {"school": row.school.name}, Decimal(row.places_given)),
                Bar(_("%(school)s: used") % {"school": row.school.name}, Decimal(row.places_used)),
            )
        ],
    )
    return _page(request, "network/balance.html", section="balance", rows=rows, chart=chart)


@member_passes(policies.can_manage_school_settings)
def school_settings(request):
    current = NetworkSchoolSettings.objects.filter(school=request.school).first()
    form = SchoolSettingsForm(
        request.POST or None, initial={"bookings_need_approval": bool(current and current.bookings_need_approval)}
    )
    if request.method == "POST" and form.is_valid():
        services.save_school_settings(
            actor=request.user,
            membership=request.membership,
            bookings_need_approval=form.cleaned_data["bookings_need_approval"],
        )
        messages.success(request, _("Saved the school's network settings."))
        return redirect("network:settings")
    return _page(
        request,
        "network/form_page.html",
        section="settings",
        form=form,
        title=_("Network settings for %(school)s") % {"school": request.school.name},
        submit=_("Save"),
        cancel_url=reverse("network:offer"),
    )
