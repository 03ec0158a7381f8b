from django.contrib.auth import logout

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
        if user.is_authenticated:
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
