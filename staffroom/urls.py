from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from staffroom.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("staffroom.accounts.urls")),
    path("", include("staffroom.organisations.urls")),
    path("", include("staffroom.frameworks.urls")),
    path("learning/", include("staffroom.learning.urls")),
    path("appraisal/", include("staffroom.appraisal.urls")),
    path("observation/", include("staffroom.observation.urls")),
    path("evaluation/", include("staffroom.evaluation.urls")),
    path("improvement/", include("staffroom.improvement.urls")),
    path("records/", include("staffroom.records.urls")),
    path("insights/", include("staffroom.insights.urls")),
    path("talent/", include("staffroom.talent.urls")),
    path("network/", include("staffroom.network.urls")),
    path("", include("staffroom.api.urls")),
    path("research/", include("staffroom.research.urls")),
    path("community/", include("staffroom.community.urls")),
    path("django-admin/", admin.site.urls),
]

if settings.BENCH_ENDPOINTS:
    # bench/run compares every page with this one: the same server and middleware, no work of our own.
    urlpatterns.insert(0, path("bench/bare", core_views.bench_bare))

handler400 = "staffroom.core.views.bad_request"
handler403 = "staffroom.core.views.permission_denied"
handler404 = "staffroom.core.views.page_not_found"
handler500 = "staffroom.core.views.server_error"
