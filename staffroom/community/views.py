from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staffroom.core.charts import Bar, horizontal_bars
from staffroom.core.decorators import member_passes
from staffroom.core.forms import add_errors_to_form
from staffroom.organisations.calendar import academic_year, school_today

from . import policies, selectors, services
from .forms import (
    AnswerForm,
    ClusterForm,
    CommissionForm,
    DirectorySearchForm,
    GroupForm,
    NeedForm,
    ProfileForm,
    ProposalForm,
    QuestionForm,
    ReplyForm,
    SendForm,
    SurveyForm,
    ThreadForm,
)
from .models import ImpactSurvey, TrainingNeed

PAGE_SIZE = 25
# The community is part of the "Network" section of the main navigation (its nav item belongs to the network app).
NAV = "network"


def _page(request, template, context, status=200):
    context = {
        "nav_section": NAV,
        "show_commissioning": policies.can_see_commissioning(request.membership),
        **context,
    }
    return render(request, template, context, status=status)


@member_passes(policies.in_a_network)
def hub(request):
    membership = request.membership
    return _page(
        request,
        "community/hub.html",
        {
            "networks": list(selectors.networks(membership)),
            "profile": selectors.own_profile(membership=membership),
            "leads": policies.leads_a_network(membership),
            "to_answer": selectors.surveys_to_answer(membership=membership, today=school_today(request.school)),
        },
    )


# ---- directory ----------------------------------------------------------------------------------------------


@member_passes(policies.in_a_network)
def directory(request):
    membership = request.membership
    form = DirectorySearchForm(request.GET or None, schools=selectors.network_schools(membership))
    filters = selectors.DirectoryFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            text=data["text"].strip(),
            subject_id=data["subject"].pk if data["subject"] else None,
            role=data["role"],
            designation=data["designation"],
            school_id=data["school"].pk if data["school"] else None,
        )
    page = Paginator(selectors.directory(membership=membership, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return _page(
        request,
        "community/directory.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "profile": selectors.own_profile(membership=membership),
            "searched": form.is_bound and form.is_valid(),
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@member_passes(policies.in_a_network)
def profile(request):
    membership = request.membership
    current = selectors.own_profile(membership=membership)
    initial = {"subjects": list(membership.subjects.all())}
    if current is not None:
        initial = {
            "listed": current.listed,
            "show_job_title": current.show_job_title,
            "show_roles": current.show_roles,
            "show_email": current.show_email,
            "subjects": list(current.subjects.all()),
            "designations": [d.designation for d in current.designations.all()],
            "expertise": current.expertise,
        }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("You are listed in the network directory.")
                if form.cleaned_data["listed"]
                else _("Saved. You are not listed in the network directory."),
            )
            return redirect("community:directory")
    return _page(request, "community/profile.html", {"form": form, "membership": membership})


# ---- groups -------------------------------------------------------------------------------------------------


@member_passes(policies.in_a_network)
def group_list(request):
    membership = request.membership
    groups = selectors.groups(membership=membership)
    for group in groups:
        group.can_take_part = policies.can_take_part_in_group(membership, group)
    return _page(
        request, "community/groups.html", {"groups": groups, "can_create": policies.leads_a_network(membership)}
    )


@member_passes(policies.leads_a_network)
def group_create(request):
    membership = request.membership
    form = GroupForm(request.POST if request.method == "POST" else None, networks=selectors.led_networks(membership))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.create_group(
                actor=request.user,
                membership=membership,
                network_id=data.pop("network"),
                **data,
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Group created."))
            return redirect("community:group", group.pk)
    return _page(
        request,
        "community/form.html",
        {"form": form, "title": _("Start a group"), "submit": _("Create group"), "back": reverse("community:groups")},
    )


def _group_or_403(request, pk):
    group = selectors.get_group(membership=request.membership, pk=pk)
    if not policies.can_take_part_in_group(request.membership, group):
        # The group is in this person's network, so it is no secret that it exists; only their role is wrong.
        raise PermissionDenied
    return group


@member_passes(policies.in_a_network)
def group_detail(request, pk):
    group = _group_or_403(request, pk)
    form = ThreadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(
                actor=request.user, membership=request.membership, group=group, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            return redirect("community:thread", thread.pk)
    page = Paginator(selectors.group_threads(group=group), PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(request, "community/group.html", {"group": group, "page": page, "form": form})


@member_passes(policies.in_a_network)
def thread_detail(request, pk):
    thread = selectors.get_thread(membership=request.membership, pk=pk)
    if not policies.can_take_part_in_group(request.membership, thread.group):
        raise PermissionDenied
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_to_thread(
                actor=request.user, membership=request.membership, thread=thread, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            return redirect(f"{reverse('community:thread', args=[thread.pk])}#replies")
    return _page(
        request,
        "community/thread.html",
        {"thread": thread, "replies": list(selectors.thread_replies(thread=thread)), "form": form},
    )


# ---- surveys ------------------------------------------------------------------------------------------------


@member_passes(policies.in_a_network)
def survey_list(request):
    membership = request.membership
    return _page(
        request,
        "community/surveys.html",
        {
            "to_answer": selectors.surveys_to_answer(membership=membership, today=school_today(request.school)),
            "led": selectors.led_surveys(membership=membership) if policies.leads_a_network(membership) else None,
        },
    )


@member_passes(policies.leads_a_network)
def survey_create(request):
    membership = request.membership
    this_year = academic_year(school_today(request.school), request.school.academic_year_start_month).start.year
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        networks=selectors.led_networks(membership),
        initial={"year_start": this_year, "title": _("Annual impact and needs survey")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = services.create_survey(
            actor=request.user, membership=membership, network_id=data.pop("network"), **data
        )
        return redirect("community:survey", survey.pk)
    return _page(
        request,
        "community/form.html",
        {"form": form, "title": _("New survey"), "submit": _("Create survey"), "back": reverse("community:surveys")},
    )


def _survey_page(request, survey, *, question_form=None, send_form=None, status=200):
    return _page(
        request,
        "community/survey.html",
        {
            "survey": survey,
            "question_form": question_form or QuestionForm(initial={"required": True}),
            "send_form": send_form or SendForm(),
            "recipient_count": survey.recipients.count() if survey.status == ImpactSurvey.Status.SENT else None,
        },
        status=status,
    )


@member_passes(policies.leads_a_network)
def survey_detail(request, pk):
    return _survey_page(request, selectors.get_led_survey(membership=request.membership, pk=pk))


@member_passes(policies.leads_a_network)
@require_POST
def survey_question_add(request, pk):
    survey = selectors.get_led_survey(membership=request.membership, pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(actor=request.user, membership=request.membership, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("community:survey", survey.pk)
    return _survey_page(request, survey, question_form=form, status=400)


@member_passes(policies.leads_a_network)
@require_POST
def survey_send(request, pk):
    survey = selectors.get_led_survey(membership=request.membership, pk=pk)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            count = services.send_survey(
                actor=request.user,
                membership=request.membership,
                survey=survey,
                today=school_today(request.school),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Survey sent to %(n)s people.") % {"n": count})
            return redirect("community:survey", survey.pk)
    return _survey_page(request, survey, send_form=form, status=400)


@member_passes(policies.leads_a_network)
def survey_results(request, pk):
    survey = selectors.get_led_survey(membership=request.membership, pk=pk)
    results = selectors.survey_results(survey=survey)
    other = _("Other schools")
    impact_chart = needs_chart = None
    if results.enough and results.headline:
        bars = [
            Bar(other if g.label == "other" else g.label, g.positive) for g in results.groups if g.positive is not None
        ]
        bars.append(Bar(_("All schools"), results.headline.positive))
        impact_chart = horizontal_bars(title=_("Reporting positive impact"), unit="%", bars=bars)
    if results.enough and results.needs:
        needs_chart = horizontal_bars(
            title=_("Needs named, most often first"), unit=_("People"), bars=[Bar(o, n) for o, n, _p in results.needs]
        )
    return _page(
        request,
        "community/results.html",
        {
            "survey": survey,
            "results": results,
            "impact_chart": impact_chart,
            "needs_chart": needs_chart,
            "minimum": selectors.MIN_RESPONSES,
        },
    )


@member_passes(policies.in_a_network)
def survey_answer(request, pk):
    survey = selectors.get_survey_to_answer(membership=request.membership, pk=pk)
    if selectors.has_answered(survey=survey, user=request.user):
        return _page(request, "community/answered.html", {"survey": survey})
    questions = list(survey.questions.all())
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        answers = {name: value for name, value in form.cleaned_data.items()}
        try:
            services.submit_response(
                actor=request.user,
                membership=request.membership,
                survey=survey,
                answers=answers,
                today=school_today(request.school),
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Thank you. Your answers have been recorded anonymously."))
            return redirect("community:hub")
    return _page(
        request,
        "community/answer.html",
        {"survey": survey, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# ---- commissioning ------------------------------------------------------------------------------------------


@member_passes(policies.can_see_commissioning)
def need_list(request):
    membership = request.membership
    return _page(
        request,
        "community/needs.html",
        {
            "needs": selectors.needs(membership=membership),
            "can_post": membership.has_role(*selectors.CLUSTER_LEADER_ROLES)
            and bool(selectors.cluster_ids_for_school(membership)),
            "can_group": policies.leads_a_network(membership),
        },
    )


@member_passes(policies.leads_a_network)
def cluster_create(request):
    membership = request.membership
    networks = selectors.led_networks(membership)
    schools = selectors.network_schools(membership).filter(network_memberships__network__in=networks)
    form = ClusterForm(request.POST if request.method == "POST" else None, networks=networks, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_cluster(actor=request.user, membership=membership, network_id=data.pop("network"), **data)
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Cluster created. Its schools' leaders can now post training needs."))
            return redirect("community:needs")
    return _page(
        request,
        "community/form.html",
        {
            "form": form,
            "title": _("Group schools into a cluster"),
            "submit": _("Create cluster"),
            "back": reverse("community:needs"),
        },
    )


@member_passes(policies.can_commission)
def need_create(request):
    membership = request.membership
    clusters = (
        list(selectors.clusters_led(membership=membership))
        if membership.has_role(*selectors.CLUSTER_LEADER_ROLES)
        else []
    )
    if not clusters:
        raise PermissionDenied
    form = NeedForm(request.POST if request.method == "POST" else None, clusters=clusters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cluster = next(c for c in clusters if c.pk == data.pop("cluster"))
        try:
            need = services.post_need(
                actor=request.user,
                membership=membership,
                cluster=cluster,
                today=school_today(request.school),
                **data,
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Need posted. Specialist leaders in the network can now respond."))
            return redirect("community:need", need.pk)
    return _page(
        request,
        "community/form.html",
        {
            "form": form,
            "title": _("Post a training need"),
            "submit": _("Post need"),
            "back": reverse("community:needs"),
        },
    )


def _need_page(request, need, *, proposal_form=None, commission_form=None, status=200):
    membership = request.membership
    cluster_school_ids = selectors.cluster_school_ids(cluster_id=need.cluster_id)
    is_leader = policies.is_cluster_leader(membership, cluster_school_ids)
    is_specialist = policies.is_specialist_for(membership, need.cluster.network_id)
    proposals = list(selectors.need_proposals(need=need))
    # A specialist sees their own proposal, not their competitors'; the cluster's leaders see them all.
    visible = proposals if is_leader else [p for p in proposals if p.author_id == membership.pk]
    already = any(p.author_id == membership.pk for p in proposals)
    can_propose = (
        is_specialist
        and not already
        and need.status == TrainingNeed.Status.OPEN
        and need.respond_by >= school_today(request.school)
    )
    can_commission = is_leader and need.status == TrainingNeed.Status.OPEN and bool(proposals)
    if can_commission and commission_form is None:
        commission_form = _commission_form(need, None)
    return _page(
        request,
        "community/need.html",
        {
            "need": need,
            "cluster_schools": selectors.cluster_schools(cluster_id=need.cluster_id),
            "proposals": visible,
            "is_leader": is_leader,
            "can_propose": can_propose,
            "proposal_form": proposal_form or ProposalForm(),
            "commission_form": commission_form if can_commission else None,
        },
        status=status,
    )


def _commission_form(need, data):
    return CommissionForm(
        data,
        proposals=selectors.need_proposals(need=need),
        schools=selectors.cluster_schools(cluster_id=need.cluster_id),
        initial={"format": "in_person", "capacity": 30},
    )


@member_passes(policies.can_commission)
def need_detail(request, pk):
    return _need_page(request, selectors.get_need(membership=request.membership, pk=pk))


@member_passes(policies.can_commission)
@require_POST
def need_propose(request, pk):
    need = selectors.get_need(membership=request.membership, pk=pk)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.propose(
                actor=request.user,
                membership=request.membership,
                need=need,
                today=school_today(request.school),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Proposal sent to the cluster."))
            return redirect("community:need", need.pk)
    return _need_page(request, need, proposal_form=form, status=400)


@member_passes(policies.can_commission)
@require_POST
def need_commission(request, pk):
    need = selectors.get_need(membership=request.membership, pk=pk)
    if not policies.is_cluster_leader(request.membership, selectors.cluster_school_ids(cluster_id=need.cluster_id)):
        raise PermissionDenied
    form = _commission_form(need, request.POST)
    if form.is_valid():
        try:
            services.commission(
                actor=request.user,
                membership=request.membership,
                need=need,
                proposal_id=form.cleaned_data["proposal"].pk,
                plan=form.plan(),
            )
        except ValidationError as error:
            add_errors_to_form(form, error)
        else:
            messages.success(request, _("Commissioned. The session is in the network offer for the cluster's schools."))
            return redirect("community:need", need.pk)
    return _need_page(request, need, commission_form=form, status=400)
