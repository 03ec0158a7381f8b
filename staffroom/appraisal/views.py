"""Appraisal pages. Views stay thin: selectors fetch (404 for anything the person may not read), services write.

Every page that shows an appraisal's contents adds a line to its access log, which the appraisee can read.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from staffroom.accounts.roles import StaffGroup
from staffroom.core.charts import Bar, horizontal_bars
from staffroom.core.decorators import member_passes, member_required
from staffroom.core.files import private_file_response
from staffroom.core.forms import add_errors_to_form
from staffroom.improvement import selectors as improvement_selectors
from staffroom.organisations.calendar import school_today

from . import exports, policies, rules, selectors, services
from .forms import (
    AppraisersForm,
    CheckInForm,
    CreateAppraisalForm,
    CycleCreateForm,
    CycleSettingsForm,
    ObjectiveForm,
    OutcomeForm,
    OutcomeStatementForm,
    ReviewerForm,
    ReviewRecordForm,
    ReviewTextForm,
    SelfReviewForm,
    SignForm,
    StageForm,
    StatusForm,
)
from .models import AccessLog, Appraisal, Objective, Stage, SupportTheme

manager_required = member_passes(policies.can_manage_cycles)
needs_viewer_required = member_passes(policies.can_see_support_needs)

ACCESS_PAGE_SIZE = 50


def _viewed(request, appraisal, what: str) -> None:
    # The page shown straight after someone's own save is not another opening; counting it made a reviewer
    # who saved three times look as if they had read the appraisal over and over.
    came_back = urlsplit(request.headers.get("Referer", "")).path == request.path
    if came_back and selectors.just_changed_by(user=request.user, appraisal=appraisal):
        return
    services.log_access(actor=request.user, appraisal=appraisal, action=AccessLog.Action.VIEWED, what=what)


def _year_context(request):
    year = selectors.chosen_year(school=request.school, raw=request.GET.get("year"))
    return year, {
        "can_manage": policies.can_manage_cycles(request.membership),
        "can_see_needs": policies.can_see_support_needs(request.membership),
        "year": year,
        "year_options": selectors.year_options(school=request.school, chosen=year.year_start),
        "current_year_label": rules.year_label(request.school, rules.current_year_start(request.school)),
    }


def _roles(membership, appraisal) -> dict:
    reviewer = policies.reviewer_entry(membership, appraisal)
    return {
        "is_appraisee": policies.is_appraisee(membership, appraisal),
        "reviewer": reviewer,
        "is_reviewer": reviewer is not None,
        "can_write": policies.can_write_appraisal(membership, appraisal),
        "can_approve": policies.can_approve_reviews(membership, appraisal),
    }


def _appraisal_base(request, appraisal) -> dict:
    return {
        "nav_section": "appraisal",
        "appraisal": appraisal,
        "cycle": appraisal.cycle,
        "year_label": rules.year_label(appraisal.school, appraisal.cycle.year_start),
        **_roles(request.membership, appraisal),
    }


# ---- where I stand ---------------------------------------------------------------------------------------------


@member_required
def overview(request):
    membership = request.membership
    year, context = _year_context(request)
    cycle = selectors.get_cycle(school=request.school, year_start=year.year_start)
    today = school_today(request.school)
    context.update(
        {
            "nav_section": "appraisal",
            "cycle": cycle,
            "today": today,
            "is_governance": membership.staff_group == StaffGroup.GOVERNANCE,
        }
    )
    if cycle is not None:
        own = selectors.my_appraisal(membership=membership, cycle=cycle)
        reviewing = selectors.appraisals_i_review(membership=membership, cycle=cycle)
        school_list = selectors.staff_appraisals_for_head(membership=membership, cycle=cycle)
        selectors.attach_progress([a for a in [own, *reviewing, *school_list] if a], cycle=cycle, today=today)
        context.update(
            {
                "own": own,
                "reviewing": reviewing,
                "school_list": school_list,
                "awaiting": selectors.awaiting_my_approval(membership=membership, cycle=cycle),
                "stages": list(cycle.stages.all()),
            }
        )
        if own is not None:
            objectives, _reviews = selectors.appraisal_page(appraisal=own)
            framework_id = rules.framework_id_for(own, cycle)
            context.update(
                {
                    "own_objectives": objectives,
                    "own_standards": selectors.standard_count(framework_id=framework_id) if framework_id else 0,
                    "advised": rules.OBJECTIVES_ADVISED,
                }
            )
    return render(request, "appraisal/overview.html", context)


# ---- one appraisal ---------------------------------------------------------------------------------------------


@member_required
def appraisal_detail(request, pk):
    appraisal = selectors.get_visible_appraisal(membership=request.membership, pk=pk)
    cycle = appraisal.cycle
    objectives, reviews = selectors.appraisal_page(appraisal=appraisal)
    today = school_today(appraisal.school)
    has_objectives = any(o.status != Objective.Status.WITHDRAWN for o in objectives)
    progress = rules.stage_progress(
        stages=list(cycle.stages.all()),
        reviews_by_stage={r.stage_id: r for r in reviews},
        has_objectives=has_objectives,
        today=today,
    )
    framework = rules.framework_for(appraisal, cycle)
    self_review = selectors.self_review_summary(appraisal=appraisal)
    active = sum(1 for o in objectives if o.status == Objective.Status.ACTIVE)
    _viewed(request, appraisal, _("Appraisal overview"))
    return render(
        request,
        "appraisal/appraisal_detail.html",
        {
            **_appraisal_base(request, appraisal),
            "objectives": objectives,
            "active_objectives": active,
            "too_many": active > rules.OBJECTIVES_ADVISED,
            "advised": rules.OBJECTIVES_ADVISED,
            "progress": progress,
            "due": rules.first_due(progress),
            "framework": self_review.framework if self_review else framework,
            "self_review": self_review,
            "standard_total": selectors.standard_count(
                framework_id=self_review.framework_id if self_review else (framework.pk if framework else None)
            ),
        },
    )


def _objective_form(request, appraisal, *, instance=None, data=None):
    cycle = appraisal.cycle
    is_appraisee = policies.is_appraisee(request.membership, appraisal)
    evidence = None
    if is_appraisee:
        keep = instance.evidence.values_list("pk", flat=True) if instance is not None else ()
        evidence = selectors.evidence_candidates(
            appraisal=appraisal, since=services.evidence_since(appraisal), keep=keep
        )
    return ObjectiveForm(
        data,
        instance=instance,
        descriptor_queryset=selectors.descriptor_choices(
            appraisal=appraisal,
            cycle=cycle,
            keep=instance.descriptors.values_list("pk", flat=True) if instance is not None else (),
        ),
        evidence_queryset=evidence,
        show_measures=appraisal.kind == Appraisal.Kind.HEADTEACHER,
        plan_priorities=improvement_selectors.priorities_for_year(school=appraisal.school, year_start=cycle.year_start),
    )


def _warn_if_many(request, appraisal) -> None:
    active = appraisal.objectives.filter(status=Objective.Status.ACTIVE).count()
    if active > rules.OBJECTIVES_ADVISED:
        messages.warning(
            request,
            _(
                "There are %(n)d objectives in progress. Two to four usually work best: think about merging or "
                "withdrawing one."
            )
            % {"n": active},
        )


@member_required
def objective_create(request, pk):
    appraisal = selectors.get_visible_appraisal(membership=request.membership, pk=pk)
    if not policies.can_write_appraisal(request.membership, appraisal):
        raise PermissionDenied
    form = _objective_form(request, appraisal, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.add_objective(actor=request.user, appraisal=appraisal, data=form.objective_data())
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Added “%(title)s”.") % {"title": objective.title})
            _warn_if_many(request, appraisal)
            return redirect("appraisal:objective_detail", pk=objective.pk)
    if request.method == "GET":
        _viewed(request, appraisal, _("New objective form"))
    active = appraisal.objectives.filter(status=Objective.Status.ACTIVE).count()
    return render(
        request,
        "appraisal/objective_form.html",
        {
            **_appraisal_base(request, appraisal),
            "form": form,
            "active_objectives": active,
            "advised": rules.OBJECTIVES_ADVISED,
        },
    )


@member_required
def objective_edit(request, pk):
    objective = selectors.get_visible_objective(membership=request.membership, pk=pk)
    appraisal = objective.appraisal
    if not policies.can_write_appraisal(request.membership, appraisal):
        raise PermissionDenied
    form = _objective_form(request, appraisal, instance=objective, data=request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_objective(
                actor=request.user,
                objective=objective,
                data=form.objective_data(),
                checksum=form.cleaned_data.get("checksum") or None,
            )
        except Objective.DoesNotExist:
            raise Http404 from None
        except services.ObjectiveConflict as exc:
            conflict = _objective_conflict(form, exc.objective)
            # Keep what was typed, but let the next save build on the version now shown beside it.
            data = request.POST.copy()
            data["checksum"] = services.objective_checksum(exc.objective)
            form = _objective_form(request, appraisal, instance=objective, data=data)
            form.is_valid()
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved your changes."))
            return redirect("appraisal:objective_detail", pk=objective.pk)
    if request.method == "GET":
        _viewed(request, appraisal, _("Editing objective “%(title)s”") % {"title": objective.title})
    return render(
        request,
        "appraisal/objective_form.html",
        {**_appraisal_base(request, appraisal), "form": form, "objective": objective, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


def _objective_conflict(form, saved) -> list[tuple[str, str]]:
    """The fields where the saved objective now differs from what this person typed, with the saved text."""
    typed = form.cleaned_data
    rows = []
    for name in ("title", "rationale", "priority", "success_criteria", "measures", "support_needed"):
        if (getattr(saved, name) or "").strip() != (typed.get(name) or "").strip():
            rows.append((form.fields[name].label, getattr(saved, name) or "—"))
    if saved.support_theme != (typed.get("support_theme") or ""):
        rows.append((form.fields["support_theme"].label, saved.get_support_theme_display() or "—"))
    if saved.subject_id != (typed["subject"].pk if typed.get("subject") else None):
        rows.append((form.fields["subject"].label, str(saved.subject or "—")))
    saved_codes = sorted(d.code for d in saved.descriptors.all())
    if saved_codes != sorted(d.code for d in typed.get("descriptors", [])):
        rows.append((form.fields["descriptors"].label, ", ".join(saved_codes) or "—"))
    return rows


def _objective_page(request, objective, *, check_in_form=None, check_in_added=False, status=200):
    appraisal = objective.appraisal
    template = "appraisal/objective_detail.html"
    if request.htmx and request.method == "POST":
        template += "#check-ins"
    return render(
        request,
        template,
        {
            **_appraisal_base(request, appraisal),
            "objective": objective,
            "history": selectors.carried_history(objective=objective),
            "check_in_form": check_in_form or CheckInForm(),
            "next_year_label": rules.year_label(appraisal.school, appraisal.cycle.year_start + 1),
            "statuses": services.SETTABLE_STATUSES,
            "check_in_added": check_in_added,
        },
        status=status,
    )


@member_required
@vary_on_headers("HX-Request")
def objective_detail(request, pk):
    objective = selectors.get_visible_objective(membership=request.membership, pk=pk)
    _viewed(request, objective.appraisal, _("Objective “%(title)s”") % {"title": objective.title})
    return _objective_page(request, objective)


@member_required
@require_POST
@vary_on_headers("HX-Request")
def objective_check_in(request, pk):
    objective = selectors.get_visible_objective(membership=request.membership, pk=pk)
    if not policies.can_write_appraisal(request.membership, objective.appraisal):
        raise PermissionDenied
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.add_check_in(actor=request.user, objective=objective, text=form.cleaned_data["text"])
        except ValidationError as exc:
            if objective.status == Objective.Status.CARRIED_OVER:
                # The page shows no check-in form for it, so the reason goes at the top instead.
                messages.error(request, " ".join(exc.messages))
                return redirect("appraisal:objective_detail", pk=objective.pk)
            add_errors_to_form(form, exc)
        else:
            if request.htmx:
                fresh = selectors.get_visible_objective(membership=request.membership, pk=pk)
                return _objective_page(request, fresh, check_in_added=True)
            messages.success(request, _("Check-in added."))
            return HttpResponseRedirect(reverse("appraisal:objective_detail", args=[pk]) + "#check-ins")
    return _objective_page(request, objective, check_in_form=form)


@member_required
@require_POST
def objective_status(request, pk):
    objective = selectors.get_visible_objective(membership=request.membership, pk=pk)
    if not policies.can_write_appraisal(request.membership, objective.appraisal):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the objective is in progress, achieved or withdrawn."))
    else:
        try:
            updated = services.set_objective_status(
                actor=request.user, objective=objective, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("“%(title)s” is now marked “%(status)s”.")
                % {"title": updated.title, "status": updated.get_status_display()},
            )
    return redirect("appraisal:objective_detail", pk=objective.pk)


@member_required
@require_POST
def objective_carry_over(request, pk):
    objective = selectors.get_visible_objective(membership=request.membership, pk=pk)
    if not policies.can_write_appraisal(request.membership, objective.appraisal):
        raise PermissionDenied
    try:
        copy = services.carry_over(actor=request.user, objective=objective)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("appraisal:objective_detail", pk=objective.pk)
    messages.success(
        request,
        _("Carried “%(title)s” over to %(year)s, with its history.")
        % {"title": copy.title, "year": rules.year_label(request.school, objective.appraisal.cycle.year_start + 1)},
    )
    # The person who carried it over can read next year's copy only if they are part of that appraisal too.
    next_appraisal = selectors.get_appraisal_for_management(school=request.school, pk=copy.appraisal_id)
    if policies.can_view_appraisal(request.membership, next_appraisal):
        return redirect("appraisal:objective_detail", pk=copy.pk)
    return redirect("appraisal:objective_detail", pk=objective.pk)


# ---- self-review -----------------------------------------------------------------------------------------------


@member_required
def self_review(request, pk):
    appraisal = selectors.get_visible_appraisal(membership=request.membership, pk=pk)
    base = _appraisal_base(request, appraisal)
    existing = selectors.self_review_of(appraisal=appraisal)
    framework = existing.framework if existing else rules.framework_for(appraisal, appraisal.cycle)
    if request.method == "POST" and not base["is_appraisee"]:
        raise PermissionDenied
    context = {**base, "framework": framework, "self_review": existing}
    if framework is None:
        if request.method == "GET":
            _viewed(request, appraisal, _("Self-review"))
        return render(request, "appraisal/self_review.html", context)
    standards = list(selectors.standards_for(framework=framework))
    if base["is_appraisee"]:
        linked = set()
        if existing is not None:
            linked = {a.pk for a in existing.evidence.all()}
            linked |= {a.pk for r in existing.ratings.all() for a in r.evidence.all()}
        activities = list(
            selectors.evidence_candidates(appraisal=appraisal, since=services.evidence_since(appraisal), keep=linked)
        )
        linked_by_standard = selectors.activities_by_standard(activities=activities, standards=standards)
        form = SelfReviewForm(
            request.POST or None,
            framework=framework,
            standards=standards,
            activities=activities,
            linked_by_standard=linked_by_standard,
            self_review=existing,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.save_self_review(actor=request.user, appraisal=appraisal, data=form.self_review_data())
            except ValidationError as exc:
                add_errors_to_form(form, exc)
            else:
                messages.success(request, _("Your self-review is saved."))
                return redirect("appraisal:self_review", pk=appraisal.pk)
        context["form"] = form
    else:
        ratings = {r.standard_id: r for r in existing.ratings.all()} if existing else {}
        context["rows"] = [(s, ratings.get(s.pk)) for s in standards]
    if request.method == "GET":
        _viewed(request, appraisal, _("Self-review"))
    return render(request, "appraisal/self_review.html", context)


# ---- review meetings -------------------------------------------------------------------------------------------


def _text_form(review, part, *, data=None, label="", help_text=""):
    form_class = ReviewRecordForm if part == "agreed_record" else ReviewTextForm
    initial = {
        "text": getattr(review, part),
        "version": review.version,
        "checksum": services.text_checksum(getattr(review, part)),
    }
    if part == "agreed_record":
        initial["meeting_on"] = review.meeting_on
    return form_class(data, initial=initial, label=label, help_text=help_text, prefix=part)


PART_LABELS = {
    "appraisee_notes": (
        gettext_lazy("Your notes before the meeting"),
        gettext_lazy("What went well, what was hard, what you want to talk about."),
    ),
    "reviewer_notes": (
        gettext_lazy("Your notes before the meeting"),
        gettext_lazy("What you have seen, and what you want to discuss."),
    ),
    "agreed_record": (
        gettext_lazy("Agreed record of the meeting"),
        gettext_lazy(
            "What you agreed together. Either of you can write it; changing it after a signature clears both "
            "signatures."
        ),
    ),
}


def _review_page(request, review, *, bound=None, conflict=None, status=200):
    appraisal = review.appraisal
    base = _appraisal_base(request, appraisal)
    forms_by_part = {}
    if base["can_write"] and review.approved_at is None:
        own_notes = "appraisee_notes" if base["is_appraisee"] else "reviewer_notes"
        for part in (own_notes, "agreed_record"):
            label, help_text = PART_LABELS[part]
            forms_by_part[part] = (
                bound[1] if bound and bound[0] == part else _text_form(review, part, label=label, help_text=help_text)
            )
    outcome_form = None
    if (
        base["is_reviewer"]
        and appraisal.cycle.outcome_statements_enabled
        and review.stage.kind == Stage.Kind.END_OF_YEAR
        and review.approved_at is None
    ):
        outcome_form = OutcomeForm(initial={"statement": appraisal.outcome_statement_id}, school=appraisal.school)
    return render(
        request,
        "appraisal/review.html",
        {
            **base,
            "review": review,
            "notes_form": forms_by_part.get("appraisee_notes") or forms_by_part.get("reviewer_notes"),
            "notes_part": "appraisee_notes" if base["is_appraisee"] else "reviewer_notes",
            "record_form": forms_by_part.get("agreed_record"),
            "sign_form": SignForm(initial={"checksum": services.text_checksum(review.agreed_record)}),
            "sign_problems": services.sign_off_problems(review),
            "signed_off": rules.is_signed_off(review),
            "conflict": conflict,
            "outcome_form": outcome_form,
            "i_signed": (base["is_appraisee"] and review.appraisee_signed_at)
            or (base["is_reviewer"] and review.reviewer_signed_at),
        },
        status=status,
    )


@member_required
def review_detail(request, pk):
    review = selectors.get_visible_review(membership=request.membership, pk=pk)
    _viewed(request, review.appraisal, _("Review: %(stage)s") % {"stage": review.stage.name})
    return _review_page(request, review)


def _save_part(request, review, part):
    label, help_text = PART_LABELS[part]
    form = _text_form(review, part, data=request.POST, label=label, help_text=help_text)
    if not form.is_valid():
        return _review_page(request, review, bound=(part, form))
    try:
        saved = services.save_review_text(
            actor=request.user,
            review=review,
            part=part,
            text=form.cleaned_data["text"],
            version=form.cleaned_data["version"],
            checksum=form.cleaned_data.get("checksum", ""),
            meeting_on=form.cleaned_data.get("meeting_on"),
        )
    except services.ReviewConflict as conflict:
        current = conflict.review
        # Keep what this person typed, but let their next save build on the version they have now seen.
        data = request.POST.copy()
        data[f"{part}-version"] = str(current.version)
        data[f"{part}-checksum"] = services.text_checksum(getattr(current, part))
        fresh_form = _text_form(current, part, data=data, label=label, help_text=help_text)
        fresh_form.is_valid()
        current.appraisal = review.appraisal
        return _review_page(
            request,
            current,
            bound=(part, fresh_form),
            conflict={"part": part, "saved": getattr(current, part)},
            status=409,
        )
    except ValidationError as exc:
        add_errors_to_form(form, exc)
        return _review_page(request, review, bound=(part, form))
    if getattr(saved, "signatures_cleared", False):
        messages.warning(request, _("Saved. The agreed record changed, so both of you need to sign it again."))
    else:
        messages.success(request, _("Saved."))
    return redirect("appraisal:review", pk=review.pk)


@member_required
@require_POST
def review_notes(request, pk):
    review = selectors.get_visible_review(membership=request.membership, pk=pk)
    appraisal = review.appraisal
    if policies.is_appraisee(request.membership, appraisal):
        return _save_part(request, review, "appraisee_notes")
    if policies.is_reviewer(request.membership, appraisal):
        return _save_part(request, review, "reviewer_notes")
    raise PermissionDenied


@member_required
@require_POST
def review_record(request, pk):
    review = selectors.get_visible_review(membership=request.membership, pk=pk)
    if not policies.can_write_appraisal(request.membership, review.appraisal):
        raise PermissionDenied
    return _save_part(request, review, "agreed_record")


@member_required
@require_POST
def review_sign(request, pk):
    review = selectors.get_visible_review(membership=request.membership, pk=pk)
    if not policies.can_write_appraisal(request.membership, review.appraisal):
        raise PermissionDenied
    form = SignForm(request.POST)
    form.is_valid()
    try:
        services.sign_review(actor=request.user, review=review, checksum=form.cleaned_data.get("checksum", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Signed. Thank you."))
    return redirect("appraisal:review", pk=review.pk)


@member_required
@require_POST
def review_approve(request, pk):
    review = selectors.get_visible_review(membership=request.membership, pk=pk)
    if not policies.can_approve_reviews(request.membership, review.appraisal):
        raise PermissionDenied
    try:
        services.approve_review(actor=request.user, review=review)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Approved."))
    return redirect("appraisal:review", pk=review.pk)


@member_required
@require_POST
def review_outcome(request, pk):
    review = selectors.get_visible_review(membership=request.membership, pk=pk)
    if not policies.is_reviewer(request.membership, review.appraisal):
        raise PermissionDenied
    form = OutcomeForm(request.POST, school=request.school)
    if not form.is_valid():
        messages.error(request, _("Choose one of your school's outcome statements."))
    else:
        try:
            services.record_outcome(actor=request.user, review=review, statement=form.cleaned_data["statement"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Outcome recorded."))
    return redirect("appraisal:review", pk=review.pk)


# ---- access log, PDF and evidence files --------------------------------------------------------------------------


@member_required
def access_log(request, pk):
    appraisal = selectors.get_visible_appraisal(membership=request.membership, pk=pk)
    # Your own visits are left out unless asked for, so that the people who matter are not buried under them.
    include_mine = request.GET.get("mine") == "1"
    not_me = None if include_mine else request.user
    entries = selectors.access_entries(appraisal=appraisal, exclude_user=not_me)
    page = Paginator(entries, ACCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **_appraisal_base(request, appraisal),
        "page": page,
        "include_mine": include_mine,
        "visitors": selectors.access_summary(appraisal=appraisal, exclude_user=request.user),
    }
    _viewed(request, appraisal, _("Who has opened the appraisal"))
    return render(request, "appraisal/access_log.html", context)


@member_required
def record_pdf(request, pk):
    appraisal = selectors.get_visible_appraisal(membership=request.membership, pk=pk)
    services.log_access(
        actor=request.user, appraisal=appraisal, action=AccessLog.Action.EXPORTED, what=_("The year's record (PDF)")
    )
    return exports.record_pdf_response(appraisal=appraisal, viewer=request.user)


@member_required
def evidence_file(request, pk, file_pk):
    appraisal = selectors.get_visible_appraisal(membership=request.membership, pk=pk)
    evidence = selectors.evidence_file_for(appraisal=appraisal, pk=file_pk)
    # Opened before the view is logged, so a file missing from storage is not logged as read.
    response = private_file_response(evidence)
    _viewed(request, appraisal, _("Evidence file “%(name)s”") % {"name": evidence.original_name})
    return response


# ---- support needs for the CPD plan -----------------------------------------------------------------------------


# The chart's labels must fit beside the bars; the table under each chart gives the full names.
SHORT_THEMES = {
    SupportTheme.SUBJECT_KNOWLEDGE: gettext_lazy("Subject knowledge"),
    SupportTheme.ASSESSMENT: gettext_lazy("Assessment"),
    SupportTheme.BEHAVIOUR: gettext_lazy("Behaviour"),
    SupportTheme.SEND: gettext_lazy("SEND and inclusion"),
    SupportTheme.READING: gettext_lazy("Reading and oracy"),
    SupportTheme.CURRICULUM: gettext_lazy("Curriculum design"),
    SupportTheme.LEADERSHIP: gettext_lazy("Leadership"),
    SupportTheme.WELLBEING: gettext_lazy("Well-being"),
    SupportTheme.COACHING: gettext_lazy("Coaching"),
    SupportTheme.TECHNOLOGY: gettext_lazy("Technology"),
    SupportTheme.OTHER: gettext_lazy("Other"),
    "": gettext_lazy("No theme"),
}


@needs_viewer_required
def needs(request):
    year, context = _year_context(request)
    cycle = selectors.get_cycle(school=request.school, year_start=year.year_start)
    context.update({"nav_section": "appraisal", "cycle": cycle})
    if cycle is not None:
        data = selectors.support_needs(cycle=cycle)
        context["needs"] = data
        context["sections"] = [
            (
                "theme",
                _("By theme"),
                _("Theme"),
                data.by_theme,
                horizontal_bars(
                    title=_("Objectives needing support, by theme"),
                    unit=_("Objectives"),
                    bars=[Bar(str(SHORT_THEMES.get(c.key, c.label)), c.count) for c in data.by_theme],
                ),
            ),
            (
                "subject",
                _("By subject"),
                _("Subject"),
                data.by_subject,
                horizontal_bars(
                    title=_("Objectives needing support, by subject"),
                    unit=_("Objectives"),
                    bars=[Bar(c.label, c.count) for c in data.by_subject],
                ),
            ),
            (
                "group",
                _("By staff group"),
                _("Staff group"),
                data.by_group,
                horizontal_bars(
                    title=_("Objectives needing support, by staff group"),
                    unit=_("Objectives"),
                    bars=[Bar(c.label, c.count) for c in data.by_group],
                ),
            ),
        ]
    return render(request, "appraisal/needs.html", context)


@needs_viewer_required
def needs_csv(request):
    year = selectors.chosen_year(school=request.school, raw=request.GET.get("year"))
    cycle = selectors.get_cycle(school=request.school, year_start=year.year_start)
    return exports.needs_csv_response(school=request.school, cycle=cycle, year=year)


# ---- running the cycle --------------------------------------------------------------------------------------------


def _cycle_page(request, cycle, *, year=None, context=None, status=200, **bound):
    """The leaders' page for a year. Forms that came back with errors are passed in `bound` and shown as typed."""
    if context is None:
        year, context = _year_context(request)
        if cycle is not None and year.year_start != cycle.year_start:
            year = selectors.chosen_year(school=request.school, raw=str(cycle.year_start))
            context.update(
                year=year, year_options=selectors.year_options(school=request.school, chosen=cycle.year_start)
            )
    current = rules.current_year_start(request.school)
    context.update({"nav_section": "appraisal", "cycle": cycle})
    if cycle is None:
        can_create = year.year_start in (current, current + 1)
        context["create_form"] = bound.get("create_form") or (
            CycleCreateForm(initial={"year_start": year.year_start}) if can_create else None
        )
        context["default_stages"] = rules.default_stages(request.school, year.year_start) if can_create else []
        return render(request, "appraisal/cycle.html", context, status=status)
    appraisals = selectors.cycle_appraisals(cycle=cycle)
    candidates = list(selectors.appraiser_candidates(school=request.school))
    staff_appraisals = [a for a in appraisals if a.kind == Appraisal.Kind.STAFF]
    without = list(selectors.staff_without_appraisal(cycle=cycle))
    context.update(
        {
            "settings_form": bound.get("settings_form") or CycleSettingsForm(instance=cycle, school=request.school),
            "stages": list(cycle.stages.all()),
            "stage_form": bound.get("stage_form") or StageForm(cycle=cycle),
            "outcome_statements": list(selectors.outcome_statements(school=request.school)),
            "outcome_form": bound.get("outcome_form") or OutcomeStatementForm(),
            "appraisals": appraisals,
            "head_appraisals": [a for a in appraisals if a.kind == Appraisal.Kind.HEADTEACHER],
            "appraisers_form": bound.get("appraisers_form")
            or AppraisersForm(appraisals=staff_appraisals, candidates=candidates),
            "without": without,
            "create_appraisal_form": bound.get("create_appraisal_form")
            or CreateAppraisalForm(candidates=selectors.staff_without_appraisal(cycle=cycle)),
            "unassigned": sum(1 for a in staff_appraisals if not a.reviewers.all()),
        }
    )
    return render(request, "appraisal/cycle.html", context, status=status)


def _back_to_cycle(cycle):
    return HttpResponseRedirect(reverse("appraisal:cycle") + f"?year={cycle.year_start}")


@manager_required
def cycle(request):
    year, context = _year_context(request)
    found = selectors.get_cycle(school=request.school, year_start=year.year_start)
    return _cycle_page(request, found, year=year, context=context)


@manager_required
@require_POST
def cycle_create(request):
    form = CycleCreateForm(request.POST)
    if form.is_valid():
        try:
            created = services.create_cycle(
                actor=request.user, school=request.school, year_start=form.cleaned_data["year_start"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("appraisal:cycle") + f"?year={form.cleaned_data['year_start']}")
        messages.success(
            request,
            _("The %(year)s cycle is set up with three stages. Check the dates, then create everyone's appraisals.")
            % {"year": rules.year_label(request.school, created.year_start)},
        )
        return _back_to_cycle(created)
    messages.error(request, _("Choose which year to set up."))
    return redirect("appraisal:cycle")


@manager_required
@require_POST
def cycle_settings(request, pk):
    found = selectors.get_cycle_for_management(school=request.school, pk=pk)
    form = CycleSettingsForm(request.POST, instance=found, school=request.school)
    if form.is_valid():
        try:
            services.update_cycle_settings(
                actor=request.user,
                cycle=found,
                teacher_framework=form.cleaned_data["teacher_framework"],
                support_framework=form.cleaned_data["support_framework"],
                headteacher_framework=form.cleaned_data["headteacher_framework"],
                outcome_statements_enabled=form.cleaned_data["outcome_statements_enabled"],
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return _back_to_cycle(found)
    found = selectors.get_cycle_for_management(school=request.school, pk=pk)
    return _cycle_page(request, found, settings_form=form)


@manager_required
@require_POST
def stage_add(request, pk):
    found = selectors.get_cycle_for_management(school=request.school, pk=pk)
    form = StageForm(request.POST, cycle=found)
    if form.is_valid():
        try:
            stage = services.add_stage(actor=request.user, cycle=found, data=form.stage_data())
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Added the stage “%(name)s”.") % {"name": stage.name})
            return _back_to_cycle(found)
    return _cycle_page(request, found, stage_form=form)


@manager_required
def stage_edit(request, pk):
    stage = selectors.get_stage_for_management(school=request.school, pk=pk)
    found = selectors.get_cycle_for_management(school=request.school, pk=stage.cycle_id)
    form = StageForm(request.POST or None, instance=stage, cycle=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_stage(actor=request.user, stage=stage, data=form.stage_data())
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved the stage."))
            return _back_to_cycle(found)
    return render(
        request,
        "appraisal/stage_form.html",
        {
            "nav_section": "appraisal",
            "form": form,
            "stage": stage,
            "cycle": found,
            "year_label": rules.year_label(request.school, found.year_start),
        },
    )


@manager_required
@require_POST
def stage_remove(request, pk):
    stage = selectors.get_stage_for_management(school=request.school, pk=pk)
    try:
        services.remove_stage(actor=request.user, stage=stage)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed the stage “%(name)s”.") % {"name": stage.name})
    return _back_to_cycle(stage.cycle)


@manager_required
@require_POST
def outcome_add(request):
    year = selectors.year_from_form(school=request.school, raw=request.POST.get("year"))
    form = OutcomeStatementForm(request.POST)
    if form.is_valid():
        try:
            services.add_outcome_statement(actor=request.user, school=request.school, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Added the statement."))
            return HttpResponseRedirect(reverse("appraisal:cycle") + f"?year={year}")
    found = selectors.get_cycle(school=request.school, year_start=year)
    if found is None:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("appraisal:cycle")
    return _cycle_page(request, found, outcome_form=form)


@manager_required
@require_POST
def outcome_remove(request, pk):
    statement = selectors.get_outcome_statement(school=request.school, pk=pk)
    year = selectors.year_from_form(school=request.school, raw=request.POST.get("year"))
    try:
        services.remove_outcome_statement(actor=request.user, statement=statement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed “%(text)s”.") % {"text": statement.text})
    return HttpResponseRedirect(reverse("appraisal:cycle") + f"?year={year}")


@manager_required
@require_POST
def appraisals_create(request, pk):
    found = selectors.get_cycle_for_management(school=request.school, pk=pk)
    if request.POST.get("everyone"):
        created = services.create_appraisals(actor=request.user, cycle=found)
        if created:
            messages.success(
                request,
                ngettext(
                    "Created %(n)d appraisal. Now choose the appraiser.",
                    "Created %(n)d appraisals. Now choose each person's appraiser.",
                    len(created),
                )
                % {"n": len(created)},
            )
        else:
            messages.info(request, _("Everyone already has an appraisal this year."))
        return _back_to_cycle(found)
    form = CreateAppraisalForm(request.POST, candidates=selectors.staff_without_appraisal(cycle=found))
    if form.is_valid():
        try:
            services.create_appraisals(actor=request.user, cycle=found, memberships=[form.cleaned_data["membership"]])
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Created an appraisal for %(name)s.") % {"name": form.cleaned_data["membership"].user.display_name},
            )
            return _back_to_cycle(found)
    return _cycle_page(request, found, create_appraisal_form=form)


@manager_required
@require_POST
def appraisers_save(request, pk):
    found = selectors.get_cycle_for_management(school=request.school, pk=pk)
    staff_appraisals = [a for a in selectors.cycle_appraisals(cycle=found) if a.kind == Appraisal.Kind.STAFF]
    candidates = list(selectors.appraiser_candidates(school=request.school))
    form = AppraisersForm(request.POST, appraisals=staff_appraisals, candidates=candidates)
    if form.is_valid():
        try:
            changed = services.set_appraisers(actor=request.user, cycle=found, choices=form.choices)
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(
                request,
                ngettext("Saved: %(n)d appraiser changed.", "Saved: %(n)d appraisers changed.", changed)
                % {"n": changed},
            )
            return _back_to_cycle(found)
    return _cycle_page(request, found, appraisers_form=form)


@manager_required
@require_POST
def appraisers_line_managers(request, pk):
    found = selectors.get_cycle_for_management(school=request.school, pk=pk)
    result = services.assign_line_managers(actor=request.user, cycle=found)
    messages.success(
        request,
        _("Assigned %(n)d line managers as appraisers.") % {"n": result.assigned},
    )
    if result.without_line_manager:
        messages.warning(
            request,
            _("%(n)d people without an appraiser have no line manager who can appraise them: choose one below.")
            % {"n": result.without_line_manager},
        )
    return _back_to_cycle(found)


@manager_required
def reviewers(request, pk):
    appraisal = selectors.get_appraisal_for_management(school=request.school, pk=pk)
    if appraisal.kind == Appraisal.Kind.HEADTEACHER:
        candidates = selectors.panel_candidates(school=request.school, also=appraisal.appraisee)
    else:
        candidates = selectors.appraiser_candidates(school=request.school)
    form = ReviewerForm(request.POST or None, appraisal=appraisal, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["membership"]
        try:
            services.assign_reviewer(
                actor=request.user, appraisal=appraisal, membership=member, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("%(name)s now reviews this appraisal.") % {"name": member.user.display_name})
            return redirect("appraisal:reviewers", pk=appraisal.pk)
    return render(
        request,
        "appraisal/reviewers.html",
        {
            "nav_section": "appraisal",
            "appraisal": appraisal,
            "form": form,
            "year_label": rules.year_label(request.school, appraisal.cycle.year_start),
        },
    )


@manager_required
@require_POST
def reviewer_remove(request, pk):
    reviewer = selectors.get_reviewer_for_management(school=request.school, pk=pk)
    services.remove_reviewer(actor=request.user, reviewer=reviewer)
    messages.success(
        request, _("%(name)s no longer reviews this appraisal.") % {"name": reviewer.membership.user.display_name}
    )
    return redirect("appraisal:reviewers", pk=reviewer.appraisal_id)
