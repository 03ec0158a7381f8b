from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("reach/", views.reach, name="reach"),
    path("reach/budget/", views.budget_set, name="budget_set"),
    path("reach/spending/", views.spend_add, name="spend_add"),
    path("reach/spending/<int:pk>/remove/", views.spend_remove, name="spend_remove"),
    path("impact/", views.impact, name="impact"),
    path("quality/", views.quality, name="quality"),
    path("progress/", views.progress, name="progress"),
    path("network/", views.network, name="network"),
]
