from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Membership

SESSION_KEY = "staffroom_membership_id"


class CurrentMembershipMiddleware:
    """Puts the signed-in person's current school membership on the request.

    The school always comes from one of the user's own active memberships; a session value only chooses
    between them. Someone whose last membership was deactivated is logged out on their next request,
    which is how a school admin's deactivation ends a session at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.school = None
        request.user_memberships = []
        user = request.user
        if not user.is_authenticated and AUTH_SESSION_KEY in request.session:
            # The session names an account that may no longer sign in (disabled, e.g. in Django's admin). Django
            # treats it as anonymous; end it for good, so that re-enabling the account does not revive it.
            request.session.flush()
        elif user.is_authenticated:
            memberships = list(
                Membership.objects.active()
                .filter(user=user)
                .select_related("school")
                .prefetch_related("roles")
                .order_by("school__name")
            )
            if not memberships and not user.is_superuser:
                logout(request)
            elif memberships:
                chosen_id = request.session.get(SESSION_KEY)
                current = next((m for m in memberships if m.pk == chosen_id), memberships[0])
                request.membership = current
                request.school = current.school
                request.user_memberships = memberships
        return self.get_response(request)


def mfa_required_for(memberships) -> bool:
    """Whether any of these memberships has a role that its school requires two-factor authentication for."""
    return any(m.has_role(*m.school.mfa_required_roles) for m in memberships if m.school.mfa_required_roles)


class MfaRequiredMiddleware:
    """Sends someone whose school requires two-factor authentication for their role to set it up first.

    The rule belongs to the account, not to the school being viewed: if any of a person's schools requires it,
    they set it up before doing anything else, wherever they are. Only the account pages (to set it up or log
    out) and static files stay open. Goes after CurrentMembershipMiddleware, which loads the memberships, and
    MessageMiddleware, which carries the explanation to the set-up page.
    """

    OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFFROOM_ENFORCE_MFA
            and request.user.is_authenticated
            and not request.path_info.startswith(self.OPEN_PREFIXES)
            and mfa_required_for(request.user_memberships)
            and not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        ):
            setup = reverse("mfa_activate_totp")
            messages.info(
                request,
                _(
                    "Your school asks everyone in your role to sign in with an authenticator app as well as a "
                    "password. Set one up to carry on."
                ),
                fail_silently=True,
            )
            if request.headers.get("HX-Request"):
                # An HTMX swap would put the set-up page inside the current one; ask for a full page load.
                return HttpResponse(status=204, headers={"HX-Redirect": setup})
            return redirect(setup)
        return self.get_response(request)
