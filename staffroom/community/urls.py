from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("directory/", views.directory, name="directory"),
    path("directory/my-profile/", views.profile, name="profile"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("threads/<int:pk>/", views.thread_detail, name="thread"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/questions/", views.survey_question_add, name="survey_question_add"),
    path("surveys/<int:pk>/send/", views.survey_send, name="survey_send"),
    path("surveys/<int:pk>/results/", views.survey_results, name="survey_results"),
    path("surveys/<int:pk>/answer/", views.survey_answer, name="survey_answer"),
    path("commissioning/", views.need_list, name="needs"),
    path("commissioning/new/", views.need_create, name="need_create"),
    path("commissioning/clusters/new/", views.cluster_create, name="cluster_create"),
    path("commissioning/<int:pk>/", views.need_detail, name="need"),
    path("commissioning/<int:pk>/propose/", views.need_propose, name="need_propose"),
    path("commissioning/<int:pk>/commission/", views.need_commission, name="need_commission"),
]
