import re

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staffroom.core.decorators import member_passes, member_required
from staffroom.core.tenancy import get_in_school_or_404

from . import policies, selectors, services
from .forms import AcceptInvitationForm, InviteForm, MemberForm, StaffImportForm
from .middleware import SESSION_KEY
from .models import Invitation, Membership

admin_required = member_passes(policies.can_administer_school)


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@admin_required
def staff_list(request):
    show_inactive = request.GET.get("show") == "all"
    # PostgreSQL cannot compare text holding a NUL character; nobody searches for one.
    search = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    staff = selectors.staff_for_school(school=request.school, include_inactive=show_inactive, search=search)
    return render(
        request,
        "accounts/staff_list.html",
        {
            "nav_section": "admin",
            "staff": staff,
            "show_inactive": show_inactive,
            "search": search,
        },
    )


@admin_required
def invite(request):
    form = InviteForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_staff(
                actor=request.user,
                school=request.school,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                roles=data["roles"],
                job_title=data["job_title"],
                department=data["department"],
                line_manager=data["line_manager"],
                base_url=_base_url(request),
            )
        except services.MembershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return redirect("accounts:staff_list")
    return render(request, "accounts/invite.html", {"nav_section": "admin", "form": form})


@admin_required
def member_detail(request, pk):
    member = get_in_school_or_404(
        Membership.objects.select_related("user", "department", "line_manager__user").prefetch_related("roles"),
        school=request.school,
        pk=pk,
    )
    initial = {
        "roles": sorted(member.role_set),
        "job_title": member.job_title,
        "department": member.department,
        "line_manager": member.line_manager,
    }
    form = MemberForm(request.POST or None, initial=initial, school=request.school, exclude=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_member(
                actor=request.user,
                membership=member,
                roles=data["roles"],
                job_title=data["job_title"],
                department=data["department"],
                line_manager=data["line_manager"],
            )
        except services.MembershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved the changes for %(name)s.") % {"name": member.user.display_name})
            return redirect("accounts:member_detail", pk=member.pk)
    return render(request, "accounts/member_detail.html", {"nav_section": "admin", "member": member, "form": form})


@admin_required
@require_POST
def member_set_active(request, pk):
    member = get_in_school_or_404(Membership.objects.select_related("user"), school=request.school, pk=pk)
    try:
        if request.POST.get("active") == "1":
            services.reactivate_member(actor=request.user, membership=member)
            messages.success(request, _("%(name)s can log in again.") % {"name": member.user.display_name})
        else:
            services.deactivate_member(actor=request.user, membership=member)
            messages.success(
                request, _("%(name)s is deactivated and has been logged out.") % {"name": member.user.display_name}
            )
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    return redirect("accounts:member_detail", pk=member.pk)


@admin_required
def staff_import(request):
    # Bound on every POST, so that a submission without a file is told so rather than shown a blank form.
    form = StaffImportForm(request.POST, request.FILES) if request.method == "POST" else StaffImportForm()
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_staff_csv(
                actor=request.user,
                school=request.school,
                uploaded=form.cleaned_data["file"],
                send_invitations=form.cleaned_data["send_invitations"],
                base_url=_base_url(request),
            )
        except services.MembershipError as exc:
            form.add_error("file", str(exc))
    return render(request, "accounts/staff_import.html", {"nav_section": "admin", "form": form, "report": report})


def accept_invitation(request, token):
    # Tokens are URL-safe base64; anything else (a NUL byte would make PostgreSQL fail) is simply unknown.
    invitation = (
        Invitation.objects.select_related("membership__user", "school").filter(token=token).first()
        if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", token)
        else None
    )
    usable = invitation is not None and invitation.is_usable
    if usable and invitation.membership.user.has_usable_password():
        # Someone who already has an account (at another school) keeps their password; they just log in.
        return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "existing_account": True})
    form = AcceptInvitationForm(request.POST or None)
    if usable and request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token=invitation.token, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error("password1", exc)
        except services.MembershipError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Staffroom."))
            return redirect("home")
    status = 200 if usable else 410
    return render(
        request,
        "accounts/accept_invitation.html",
        {"invitation": invitation, "usable": usable, "form": form},
        status=status,
    )


@member_required
@require_POST
def switch_school(request):
    chosen = request.POST.get("membership", "")
    for membership in request.user_memberships:
        if str(membership.pk) == chosen:
            request.session[SESSION_KEY] = membership.pk
            break
    return HttpResponseRedirect(reverse("home"))


@member_required
def profile(request):
    return render(request, "accounts/profile.html", {"memberships": request.user_memberships})
