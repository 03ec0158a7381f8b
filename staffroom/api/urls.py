"""Two sets of routes: the API itself ("api:…", /api/…) and the pages that manage tokens ("tokens:…")."""

from django.urls import include, path, re_path

from . import views
from .api import api

token_patterns = [
    path("profile/api-tokens/", views.personal_tokens, name="personal"),
    path("profile/api-tokens/<int:pk>/revoke/", views.personal_token_revoke, name="personal_revoke"),
    path("admin/integrations/", views.school_tokens, name="school"),
    path("admin/integrations/<int:pk>/revoke/", views.school_token_revoke, name="school_revoke"),
]

urlpatterns = [
    path("api/", api.urls),
    # Anything else under /api/ is an API client's mistake, so it is told so in JSON rather than given a page.
    re_path(r"^api/.+", views.api_not_found),
    path("", include((token_patterns, "tokens"))),
]
