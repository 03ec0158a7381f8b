from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("areas/new/", views.area_create, name="area_create"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("areas/<int:pk>/move/", views.area_move, name="area_move"),
    path("areas/<int:pk>/remove/", views.area_remove, name="area_remove"),
    path("scale/", views.scale_edit, name="scale"),
    path("metrics/", views.metric_list, name="metric_list"),
    path("metrics/new/", views.metric_create, name="metric_create"),
    path("metrics/import/", views.metric_import, name="metric_import"),
    path("metrics/<int:pk>/", views.metric_detail, name="metric_detail"),
    path("metrics/<int:pk>/edit/", views.metric_edit, name="metric_edit"),
    path("metrics/<int:pk>/remove/", views.metric_remove, name="metric_remove"),
    path("metrics/<int:pk>/data/", views.metric_data, name="metric_data"),
    path("metrics/<int:pk>/targets/", views.metric_target, name="metric_target"),
    path("metrics/<int:pk>/targets/<int:target_pk>/remove/", views.target_remove, name="target_remove"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/questions/", views.survey_question_add, name="survey_question_add"),
    path("surveys/<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question_move"),
    path("surveys/<int:pk>/questions/<int:question_pk>/remove/", views.question_remove, name="question_remove"),
    path("surveys/<int:pk>/questions/<int:question_pk>/feed/", views.survey_feed, name="survey_feed"),
    path("surveys/<int:pk>/answer/", views.survey_answer, name="survey_answer"),
    path("s/<str:token>/", views.public_survey, name="public_survey"),
]
