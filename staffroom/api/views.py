"""Pages where people manage tokens: their own in their profile, the school's in Admin."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staffroom.core.decorators import member_passes, member_required
from staffroom.core.tenancy import get_in_school_or_404

from . import policies, selectors, services
from .forms import TokenForm
from .models import ApiToken, TokenKind

school_admin_required = member_passes(policies.can_manage_school_tokens)


NEW_SECRET_SESSION_KEY = "api_new_token_secret"


def _token_page(request, *, kind, tokens, template, extra):
    form = TokenForm(request.POST or None)
    # The secret waits in the session only until the page the creation redirects to shows it, once. The redirect
    # means that reloading the page cannot create a second token.
    new_secret = request.session.pop(NEW_SECRET_SESSION_KEY, None) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_token(
                actor=request.user,
                membership=request.membership,
                kind=kind,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
        except services.TokenError as exc:
            form.add_error("name", str(exc))
        else:
            request.session[NEW_SECRET_SESSION_KEY] = created.secret
            return redirect(request.path)
    return render(request, template, {"form": form, "tokens": tokens, "new_secret": new_secret, **extra})


@member_required
def personal_tokens(request):
    return _token_page(
        request,
        kind=TokenKind.PERSONAL,
        tokens=selectors.personal_tokens(membership=request.membership),
        template="api/personal_tokens.html",
        extra={},
    )


@member_required
@require_POST
def personal_token_revoke(request, pk):
    token = get_in_school_or_404(
        ApiToken.objects.filter(membership=request.membership, kind=TokenKind.PERSONAL), school=request.school, pk=pk
    )
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, _("Revoked “%(name)s”. It no longer works.") % {"name": token.name})
    return redirect("tokens:personal")


@school_admin_required
def school_tokens(request):
    return _token_page(
        request,
        kind=TokenKind.SCHOOL,
        tokens=selectors.school_tokens(school=request.school),
        template="api/school_tokens.html",
        extra={"nav_section": "admin"},
    )


@school_admin_required
@require_POST
def school_token_revoke(request, pk):
    token = get_in_school_or_404(ApiToken.objects.filter(kind=TokenKind.SCHOOL), school=request.school, pk=pk)
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, _("Revoked “%(name)s”. It no longer works.") % {"name": token.name})
    return redirect("tokens:school")


def api_not_found(request):
    return JsonResponse({"detail": _("There is no such API address. The documentation is at /api/docs.")}, status=404)
