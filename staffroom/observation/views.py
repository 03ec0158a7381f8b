from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staffroom.accounts.models import Membership
from staffroom.core.decorators import member_passes
from staffroom.core.files import private_file_response
from staffroom.core.forms import add_errors_to_form

from . import matching, policies, selectors, services
from .forms import (
    ActionStepForm,
    ConversationForm,
    FileUploadForm,
    InviteForm,
    PairForm,
    PeerProfileForm,
    PeerVisitForm,
    SessionForm,
    SharingForm,
    SlotForm,
    StepFilterForm,
    TemplateForm,
    VisitForm,
    WalkForm,
    WriteForm,
)
from .models import Observation, PeerGroup, PeerGroupMember, PeerProfile

NAV = "observation"


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
            add_errors_to_form(form, exc)
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
            add_errors_to_form(form, exc)
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
            add_errors_to_form(form, exc)
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
            add_errors_to_form(form, exc)
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
    # Videos play in the browser (FileResponse answers range requests for seeking).
    return private_file_response(item, inline=item.content_type.startswith("video/"))


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
            add_errors_to_form(form, exc)
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
            add_errors_to_form(form, exc)
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
            add_errors_to_form(form, exc)
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
            add_errors_to_form(form, exc)
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
            add_errors_to_form(form, exc)
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
            add_errors_to_form(form, exc)
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
            add_errors_to_form(form, exc)
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


def _with_groups(suggestions, me_key: int, open_groups: dict):
    """Each suggestion beside the open group already formed from it, if any, so nobody proposes it twice."""
    if suggestions is None:
        return None
    return [(s, open_groups.get(frozenset({me_key, *(p.key for p in s.peers)}))) for s in suggestions]


@peer_member
def peers(request):
    profile = selectors.full_peer_profile(membership=request.membership)
    groups = selectors.my_peer_groups(membership=request.membership)
    pairs = triads = None
    if profile is not None and profile.opted_in:
        me = selectors.peer_facts(profile)
        others = [
            selectors.peer_facts(p)
            for p in selectors.candidate_profiles(membership=request.membership, profile=profile)
        ]
        open_groups = {frozenset(m.membership_id for m in g.members.all()): g for g in groups if g.is_open}
        pairs = _with_groups(matching.suggest_pairs(me, others), me.key, open_groups)
        if profile.group_size == PeerProfile.GroupSize.TRIAD:
            triads = _with_groups(matching.suggest_triads(me, others), me.key, open_groups)
    return _page(
        request,
        "observation/peers.html",
        section="peers",
        profile=profile,
        pairs=pairs,
        triads=triads,
        groups=groups,
    )


@peer_member
@require_POST
def peer_group_propose(request):
    ids = {int(v) for v in request.POST.getlist("members") if v.isdigit() and len(v) < 10}
    invitees = list(Membership.objects.filter(pk__in=ids).select_related("user", "school"))
    if not ids or len(invitees) != len(ids):
        messages.error(request, _("Choose from the colleagues suggested to you."))
        return redirect("observation:peers")
    try:
        group = services.propose_peer_group(actor=request.user, proposer=request.membership, invitees=invitees)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("observation:peers")
    messages.success(request, _("We have asked them. The group starts once everyone has accepted."))
    return redirect("observation:peer_group_detail", pk=group.pk)


@peer_member
def peer_group_detail(request, pk):
    group = selectors.get_peer_group(membership=request.membership, pk=pk)
    members = list(group.members.all())
    me = next(m for m in members if m.membership_id == request.membership.pk)
    plan = selectors.peer_group_plan(group)
    return _page(
        request,
        "observation/peer_group.html",
        section="peers",
        group=group,
        members=members,
        plan=plan,
        can_answer=(
            group.status == PeerGroup.Status.PROPOSED
            and me.response == PeerGroupMember.Response.PENDING
            and group.proposed_by_id != request.membership.pk
        ),
        to_visit=[p.host for p in plan if p.visitor.pk == request.membership.pk and p.visit is None],
    )


@peer_member
@require_POST
def peer_group_respond(request, pk):
    group = selectors.get_peer_group(membership=request.membership, pk=pk)
    if group.proposed_by_id == request.membership.pk:
        raise Http404
    accept = request.POST.get("answer") == "accept"
    try:
        services.respond_to_peer_group(actor=request.user, membership=request.membership, group=group, accept=accept)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("You accepted. Arrange your visits below.") if accept else _("You declined the invitation.")
        )
    return redirect("observation:peer_group_detail", pk=pk)


@peer_member
def peer_visit_record(request, pk):
    group = selectors.get_peer_group(membership=request.membership, pk=pk)
    if group.status != PeerGroup.Status.ACTIVE:
        messages.error(request, _("Visits are recorded once everyone has accepted, while the group is active."))
        return redirect("observation:peer_group_detail", pk=pk)
    hosts = [
        p.host for p in selectors.peer_group_plan(group) if p.visitor.pk == request.membership.pk and p.visit is None
    ]
    if not hosts:
        messages.error(request, _("You have recorded a visit to everyone in the group."))
        return redirect("observation:peer_group_detail", pk=pk)
    form = PeerVisitForm(
        request.POST or None, hosts=hosts, school=request.school, initial={"host": request.GET.get("host")}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_peer_visit(
                actor=request.user,
                group=group,
                visitor=request.membership,
                host=d["host"],
                visited_on=d["visited_on"],
                lesson=d["lesson"],
                will_try=d["will_try"],
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded. The visit is in your learning record and your host's."))
            return redirect("observation:peer_group_detail", pk=pk)
    return _page(
        request,
        "observation/_form_page.html",
        section="peers",
        form=form,
        title=_("Record a peer visit"),
        submit=_("Save to our records"),
        cancel_url=reverse("observation:peer_group_detail", args=[pk]),
    )


@peer_member
def peer_profile(request):
    profile = selectors.peer_profile(membership=request.membership)
    form = PeerProfileForm(request.POST or None, instance=profile, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        services.save_peer_profile(actor=request.user, membership=request.membership, data=form.profile_data())
        messages.success(request, _("Saved. Your suggestions are below."))
        return redirect("observation:peers")
    return _page(request, "observation/peer_profile.html", section="peers", form=form)
