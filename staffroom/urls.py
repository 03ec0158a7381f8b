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
    path("network/", include("staffroom.network.urls")),
    path("community/", include("staffroom.community.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "staffroom.core.views.bad_request"
handler403 = "staffroom.core.views.permission_denied"
handler404 = "staffroom.core.views.page_not_found"
handler500 = "staffroom.core.views.server_error"
