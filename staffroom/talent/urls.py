from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("visibility/", views.visibility, name="visibility"),
    path("aspirations/", views.aspiration_add, name="aspiration_add"),
    path("aspirations/<int:pk>/remove/", views.aspiration_remove, name="aspiration_remove"),
    path("programmes/", views.programme_add, name="programme_add"),
    path("programmes/<int:pk>/remove/", views.programme_remove, name="programme_remove"),
    path("people/", views.pool, name="pool"),
    path("people/<int:pk>/", views.member, name="member"),
    path("succession/", views.plans, name="plans"),
    path("succession/<int:pk>/", views.plan, name="plan"),
    path("succession/<int:pk>/candidates/<int:candidate_pk>/remove/", views.candidate_remove, name="candidate_remove"),
]
