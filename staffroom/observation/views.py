from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staffroom.core.decorators import member_passes

from . import matching, policies, selectors, services
from .forms import (
    ActionStepForm,
    ConversationForm,
    FileUploadForm,
    InviteForm,
    PairForm,
    PeerProfileForm,
    SessionForm,
    SharingForm,
    SlotForm,
    StepFilterForm,
    TemplateForm,
    VisitForm,
    WalkForm,
    WriteForm,
)
from .models import Observation, PeerProfile

NAV = "observation"


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _page(request, template_name, **context):
    context.setdefault("nav_section", NAV)
    context.setdefault("can_lead_walks", policies.can_lead_walks(request.membership))
    context.setdefault("can_manage_templates", policies.can_manage_templates(request.membership))
    return render(request, template_name, context)


peer_member = member_passes(policies.takes_part_in_peer_learning)


# ---- developmental observation ----------------------------------------------------------------------------


@peer_member
def overview(request):
    lists = selectors.observation_lists(membership=request.membership)
    return _page(request, "observation/overview.html", section="observations", **lists)


@peer_member
def invite(request):
    form = InviteForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            observation = services.invite_observer(
                actor=request.user,
                observed=request.membership,
                observer=form.cleaned_data["observer"],
                focus=form.focus(),
                planned_on=form.cleaned_data["planned_on"],
                lesson=form.cleaned_data["lesson"],
                template=form.cleaned_data.get("template"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("We have asked %(name)s to observe you.") % {"name": observation.observer.user.display_name},
            )
            return redirect("observation:detail", pk=observation.pk)
    return _page(request, "observation/invite.html", section="observations", form=form)


@peer_member
def detail(request, pk):
    observation = selectors.get_visible_observation(membership=request.membership, pk=pk)
    is_owner = policies.owns_observation(request.membership, observation)
    is_observer = policies.is_observer(request.membership, observation)
    files = [f for f in observation.files.all() if is_owner or f.shared]
    context = {
        "section": "observations",
        "observation": observation,
        "is_owner": is_owner,
        "is_observer": is_observer,
        "files": files,
    }
    if is_owner:
        context["sharing_form"] = SharingForm(
            initial={
                "share_with_appraiser": observation.share_with_appraiser,
                "share_with_line_manager": observation.share_with_line_manager,
            }
        )
        context["upload_form"] = FileUploadForm()
    if (is_owner or is_observer) and observation.status == Observation.Status.WRITTEN:
        context["conversation_form"] = ConversationForm()
    return _page(request, "observation/detail.html", **context)


@peer_member
def write(request, pk):
    observation = selectors.get_observation_to_write(membership=request.membership, pk=pk)
    if not observation.is_open:
        messages.error(request, _("This observation is closed; the notes can no longer change."))
        return redirect("observation:detail", pk=pk)
    form = WriteForm(request.POST or None, observation=observation)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_observation(actor=request.user, observation=observation, answers=form.answers())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your notes are with %(name)s. Only they decide who else reads them.")
                % {"name": observation.observed.user.display_name},
            )
            return redirect("observation:detail", pk=pk)
    return _page(
        request,
        "observation/write.html",
        section="observations",
        form=form,
        observation=observation,
        title=_("Write your observation notes"),
        submit=_("Send my notes"),
        cancel_url=reverse("observation:detail", args=[pk]),
    )


@peer_member
@require_POST
def decline(request, pk):
    observation = selectors.get_observation_to_write(membership=request.membership, pk=pk)
    try:
        services.decline_observation(actor=request.user, observation=observation)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("observation:detail", pk=pk)
    messages.success(
        request, _("You declined. %(name)s can invite someone else.") % {"name": observation.observed.user.display_name}
    )
    return redirect("observation:list")


@peer_member
@require_POST
def withdraw(request, pk):
    observation = selectors.get_own_observation(membership=request.membership, pk=pk)
    try:
        services.withdraw_observation(actor=request.user, observation=observation)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("You withdrew the invitation."))
    return redirect("observation:detail", pk=pk)


@peer_member
def conversation(request, pk):
    observation = selectors.get_visible_observation(membership=request.membership, pk=pk)
    if not (
        policies.owns_observation(request.membership, observation)
        or policies.is_observer(request.membership, observation)
    ):
        raise Http404
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_conversation(
                actor=request.user,
                observation=observation,
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
                next_steps=form.cleaned_data["next_steps"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Recorded. The observation is now in both your learning records."))
            return redirect("observation:detail", pk=pk)
    return _page(
        request,
        "observation/conversation.html",
        section="observations",
        form=form,
        observation=observation,
        title=_("Record the follow-up conversation"),
        submit=_("Save and add to our records"),
        cancel_url=reverse("observation:detail", args=[pk]),
    )


@peer_member
@require_POST
def sharing(request, pk):
    observation = selectors.get_own_observation(membership=request.membership, pk=pk)
    form = SharingForm(request.POST)
    form.is_valid()
    services.set_sharing(
        actor=request.user,
        observation=observation,
        with_appraiser=form.cleaned_data.get("share_with_appraiser", False),
        with_line_manager=form.cleaned_data.get("share_with_line_manager", False),
    )
    messages.success(request, _("Saved who can read this observation."))
    return redirect("observation:detail", pk=pk)


@peer_member
def file_upload(request, pk):
    observation = selectors.get_own_observation(membership=request.membership, pk=pk)
    form = FileUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.add_files(
                actor=request.user,
                observation=observation,
                files=form.cleaned_data["files"],
                shared=form.cleaned_data["shared"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Uploaded %(n)d file(s).") % {"n": len(stored)})
            return redirect("observation:detail", pk=pk)
    return _page(
        request,
        "observation/upload.html",
        section="observations",
        form=form,
        observation=observation,
        title=_("Add a video or file"),
        submit=_("Upload"),
        cancel_url=reverse("observation:detail", args=[pk]),
        multipart=True,
    )


@peer_member
def file_download(request, pk):
    item = selectors.get_visible_file(membership=request.membership, pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Videos play in the browser (FileResponse answers range requests for seeking); nothing is cached.
    inline = item.content_type.startswith("video/")
    response = FileResponse(
        handle, as_attachment=not inline, filename=item.original_name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@peer_member
@require_POST
def file_remove(request, pk):
    item = selectors.get_visible_file(membership=request.membership, pk=pk)
    if item.observation.observed_id != request.membership.pk:
        raise Http404
    services.remove_file(actor=request.user, item=item)
    messages.success(request, _("Removed “%(name)s”.") % {"name": item.original_name})
    return redirect("observation:detail", pk=item.observation_id)


# ---- templates --------------------------------------------------------------------------------------------


@member_passes(policies.can_manage_templates)
def template_list(request):
    return _page(
        request,
        "observation/templates.html",
        section="templates",
        templates=selectors.school_templates(school=request.school),
    )


@member_passes(policies.can_manage_templates)
def template_edit(request, pk=None):
    template = selectors.get_template(school=request.school, pk=pk) if pk is not None else None
    form = TemplateForm(request.POST or None, school=request.school, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_template(
                actor=request.user,
                school=request.school,
                name=form.cleaned_data["name"],
                introduction=form.cleaned_data["introduction"],
                prompts=form.prompts(),
                is_active=form.cleaned_data["is_active"],
                template=template,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved the template."))
            return redirect("observation:templates")
    return _page(request, "observation/template_form.html", section="templates", form=form, template=template)


# ---- learning walks ---------------------------------------------------------------------------------------


@peer_member
def walk_list(request):
    return _page(
        request, "observation/walks.html", section="walks", walks=selectors.walks(membership=request.membership)
    )


@peer_member
def walk_detail(request, pk):
    walk = selectors.get_visible_walk(membership=request.membership, pk=pk)
    return _page(request, "observation/walk_detail.html", section="walks", walk=walk)


@member_passes(policies.can_lead_walks)
def walk_edit(request, pk=None):
    walk = selectors.get_visible_walk(membership=request.membership, pk=pk) if pk is not None else None
    form = WalkForm(request.POST or None, instance=walk)
    if request.method == "POST" and form.is_valid():
        try:
            walk = services.save_walk(actor=request.user, leader=request.membership, data=form.walk_data(), walk=walk)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved the learning walk."))
            return redirect("observation:walk_detail", pk=walk.pk)
    return _page(
        request,
        "observation/walk_form.html",
        section="walks",
        form=form,
        walk=walk,
        title=_("Edit learning walk") if walk else _("Record a learning walk"),
        submit=_("Save"),
        cancel_url=reverse("observation:walks"),
    )


# ---- coaching ---------------------------------------------------------------------------------------------


@peer_member
def coaching(request):
    manages = policies.can_manage_coaching(request.membership)
    return _page(
        request,
        "observation/coaching.html",
        section="coaching",
        pairs=selectors.my_coaching(membership=request.membership),
        school_pairs=selectors.school_pairs(school=request.school) if manages else None,
        pair_form=PairForm(school=request.school) if manages else None,
        can_edit_steps=policies.can_edit_action_steps(
            request.membership, is_coach=selectors.is_coach(membership=request.membership)
        ),
    )


@member_passes(policies.can_manage_coaching)
def pair_create(request):
    form = PairForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_coach(
                actor=request.user,
                school=request.school,
                coach=form.cleaned_data["coach"],
                coachee=form.cleaned_data["coachee"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Paired the coach and coachee."))
            return redirect("observation:coaching")
    return _page(
        request,
        "observation/pair_form.html",
        section="coaching",
        form=form,
        title=_("Pair a coach with a coachee"),
        submit=_("Pair them"),
        cancel_url=reverse("observation:coaching"),
    )


@peer_member
def pair_detail(request, pk):
    pair = selectors.get_visible_pair(membership=request.membership, pk=pk)
    return _page(
        request,
        "observation/pair_detail.html",
        section="coaching",
        pair=pair,
        sessions=list(pair.sessions.all()),
        is_coach=pair.coach_id == request.membership.pk,
    )


@peer_member
def session_create(request, pk):
    pair = selectors.get_visible_pair(membership=request.membership, pk=pk)
    if pair.coach_id != request.membership.pk:
        raise Http404
    form = SessionForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_coaching_session(actor=request.user, pair=pair, data=form.session_data())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Recorded the visit. It is in both your learning records."))
            return redirect("observation:pair_detail", pk=pair.pk)
    return _page(
        request,
        "observation/session_form.html",
        section="coaching",
        form=form,
        pair=pair,
        title=_("Record a coaching visit"),
        submit=_("Save the visit"),
        cancel_url=reverse("observation:pair_detail", args=[pair.pk]),
    )


@peer_member
@require_POST
def pair_end(request, pk):
    pair = selectors.get_visible_pair(membership=request.membership, pk=pk)
    services.end_pair(actor=request.user, pair=pair)
    messages.success(request, _("The coaching has ended; its visits stay in both records."))
    return redirect("observation:coaching")


@peer_member
def step_list(request):
    form = StepFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    steps = selectors.action_steps(
        school=request.school,
        subject_id=data["subject"].pk if data.get("subject") else None,
        phase=data.get("phase", ""),
    )
    return _page(
        request,
        "observation/steps.html",
        section="coaching",
        steps=steps,
        filter_form=form,
        can_edit_steps=policies.can_edit_action_steps(
            request.membership, is_coach=selectors.is_coach(membership=request.membership)
        ),
    )


@peer_member
def step_create(request):
    if not policies.can_edit_action_steps(
        request.membership, is_coach=selectors.is_coach(membership=request.membership)
    ):
        raise PermissionDenied
    form = ActionStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.save_action_step(
                actor=request.user,
                school=request.school,
                title=d["title"],
                success=d["success"],
                practice=d["practice"],
                subject=d["subject"],
                phase=d["phase"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Added the step to the library."))
            return redirect("observation:steps")
    return _page(
        request,
        "observation/step_form.html",
        section="coaching",
        form=form,
        title=_("Add an action step"),
        submit=_("Add to the library"),
        cancel_url=reverse("observation:steps"),
    )


# ---- open classrooms --------------------------------------------------------------------------------------


@peer_member
def slot_list(request):
    return _page(
        request,
        "observation/slots.html",
        section="slots",
        slots=selectors.slot_catalogue(membership=request.membership),
        bookings=selectors.my_bookings(membership=request.membership),
        hosting=selectors.my_slots(membership=request.membership),
        can_offer=policies.can_offer_slots(request.membership),
    )


@member_passes(policies.can_offer_slots)
def slot_create(request):
    form = SlotForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            slot = services.offer_slot(actor=request.user, host=request.membership, data=form.slot_data())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your classroom is open for visits."))
            return redirect("observation:slot_detail", pk=slot.pk)
    return _page(
        request,
        "observation/slot_form.html",
        section="slots",
        form=form,
        title=_("Open my classroom"),
        submit=_("Offer the slot"),
        cancel_url=reverse("observation:slots"),
    )


@peer_member
def slot_detail(request, pk):
    slot = selectors.get_visible_slot(membership=request.membership, pk=pk)
    is_host = slot.host_id == request.membership.pk
    return _page(
        request,
        "observation/slot_detail.html",
        section="slots",
        slot=slot,
        is_host=is_host,
        bookings=list(selectors.slot_bookings(slot=slot)) if is_host else [],
        my_booking=slot.bookings.filter(visitor=request.membership).first(),
    )


@peer_member
@require_POST
def slot_book(request, pk):
    slot = selectors.get_visible_slot(membership=request.membership, pk=pk)
    try:
        services.book_slot(actor=request.user, visitor=request.membership, slot=slot)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("You have a place. %(name)s can see that you are coming.") % {"name": slot.host.user.display_name},
        )
    return redirect("observation:slot_detail", pk=pk)


@peer_member
@require_POST
def slot_cancel(request, pk):
    slot = selectors.get_hosted_slot(membership=request.membership, pk=pk)
    services.cancel_slot(actor=request.user, slot=slot)
    messages.success(request, _("The slot is cancelled."))
    return redirect("observation:slots")


@peer_member
@require_POST
def booking_cancel(request, pk):
    booking = selectors.get_own_booking(membership=request.membership, pk=pk)
    try:
        services.cancel_booking(actor=request.user, booking=booking)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Your place is given up."))
    return redirect("observation:slots")


@peer_member
def booking_visited(request, pk):
    booking = selectors.get_own_booking(membership=request.membership, pk=pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_visit(actor=request.user, booking=booking, will_try=form.cleaned_data["will_try"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Recorded. The visit is in your learning record and your host's."))
            return redirect("observation:slots")
    return _page(
        request,
        "observation/visit_form.html",
        section="slots",
        form=form,
        booking=booking,
        title=_("Record your visit"),
        submit=_("Save to my record"),
        cancel_url=reverse("observation:slot_detail", args=[booking.slot_id]),
    )


# ---- find a peer ------------------------------------------------------------------------------------------


def _short(text: str, limit: int = 90) -> str:
    text = text.strip().rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _facts(profile: PeerProfile) -> matching.PeerFacts:
    m = profile.membership
    return matching.PeerFacts(
        key=m.pk,
        name=m.user.display_name,
        school_id=m.school_id,
        school_name=m.school.name,
        role=m.job_title or ", ".join(str(label) for label in m.role_labels()),
        career_stage=profile.career_stage,
        career_stage_label=profile.get_career_stage_display() if profile.career_stage else "",
        phase=profile.phase,
        phase_label=profile.get_phase_display() if profile.phase else "",
        key_stages=frozenset(profile.key_stages or ()),
        subjects={s.pk: s.name for s in profile.subjects.all()},
        descriptors={d.pk: _short(f"{d.code} {d.text}") for d in profile.descriptors.all()},
        action_steps={s.title.casefold(): s.title for s in profile.action_steps.all()},
    )


@peer_member
def peers(request):
    profile = selectors.peer_profile(membership=request.membership)
    pairs = triads = None
    if profile is not None and profile.opted_in:
        profile = (
            PeerProfile.objects.select_related("membership__user", "membership__school")
            .prefetch_related("subjects", "descriptors", "action_steps", "membership__roles")
            .get(pk=profile.pk)
        )
        me = _facts(profile)
        others = [_facts(p) for p in selectors.candidate_profiles(membership=request.membership, profile=profile)]
        pairs = matching.suggest_pairs(me, others)
        if profile.group_size == PeerProfile.GroupSize.TRIAD:
            triads = matching.suggest_triads(me, others)
    return _page(request, "observation/peers.html", section="peers", profile=profile, pairs=pairs, triads=triads)


@peer_member
def peer_profile(request):
    profile = selectors.peer_profile(membership=request.membership)
    form = PeerProfileForm(request.POST or None, instance=profile, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        services.save_peer_profile(actor=request.user, membership=request.membership, data=form.profile_data())
        messages.success(request, _("Saved. Your suggestions are below."))
        return redirect("observation:peers")
    return _page(request, "observation/peer_profile.html", section="peers", form=form)
