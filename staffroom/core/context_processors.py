from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from staffroom.accounts import policies
from staffroom.appraisal import policies as appraisal_policies
from staffroom.appraisal import selectors as appraisal_selectors
from staffroom.insights import policies as insights_policies
from staffroom.network import policies as network_policies
from staffroom.observation import policies as observation_policies
from staffroom.talent import policies as talent_policies


def navigation(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"nav_items": []}
    items = [
        ("home", _("Home"), reverse("home")),
        ("learning", _("My learning"), reverse("learning:list")),
    ]
    if (
        appraisal_policies.can_manage_cycles(membership)
        or appraisal_policies.can_see_support_needs(membership)
        or appraisal_selectors.takes_part(membership=membership)
    ):
        items.append(("appraisal", _("Appraisal"), reverse("appraisal:overview")))
    if observation_policies.takes_part_in_peer_learning(membership):
        items.append(("observation", _("Observation"), reverse("observation:list")))
    items.append(("improvement", _("Improvement"), reverse("improvement:hub")))
    if network_policies.takes_part(membership):
        items.append(("network", _("Network"), reverse("network:offer")))
    if insights_policies.can_read_school_insights(membership):
        items.append(("insights", _("Insights"), reverse("insights:index")))
    if talent_policies.is_staff(membership):
        items.append(("talent", _("Talent"), reverse("talent:mine")))
    if policies.can_administer_school(membership):
        items.append(("admin", _("Admin"), reverse("accounts:staff_list")))
    return {"nav_items": items, "current_membership": membership, "user_memberships": request.user_memberships}
