"""Fetching school-owned rows safely.

Every school-owned row carries its school. Views never look a row up by id alone: they go through these
helpers with the school taken from the signed-in user's membership, so "not yours" and "does not exist"
are the same 404.
"""

from django.db.models import Model, QuerySet
from django.http import Http404


def get_in_school_or_404(queryset: QuerySet, *, school, **lookup) -> Model:
    try:
        return queryset.get(school=school, **lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        # ValueError/TypeError come from ids that are not numbers; to a visitor they are simply missing.
        raise Http404 from None
