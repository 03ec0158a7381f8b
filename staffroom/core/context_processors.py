from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from staffroom.accounts import policies


def navigation(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"nav_items": []}
    items = [
        ("home", _("Home"), reverse("home")),
        ("learning", _("My learning"), reverse("learning:list")),
    ]
    if policies.can_administer_school(membership):
        items.append(("admin", _("Admin"), reverse("accounts:staff_list")))
    return {"nav_items": items, "current_membership": membership, "user_memberships": request.user_memberships}
