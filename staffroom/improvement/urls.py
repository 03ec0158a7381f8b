from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plan/", views.plan_view, name="plan"),
    path("board/", views.board, name="board"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("plans/<int:plan_pk>/priorities/new/", views.priority_add, name="priority_add"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/remove/", views.priority_remove, name="priority_remove"),
    path("priorities/<int:priority_pk>/plans/new/", views.sub_plan_add, name="sub_plan_add"),
    path("sub-plans/<int:sub_plan_pk>/actions/new/", views.action_add, name="action_add"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/remove/", views.action_remove, name="action_remove"),
    path("actions/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("milestones/<int:pk>/remove/", views.milestone_remove, name="milestone_remove"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("actions/<int:pk>/updates/", views.action_update, name="action_update"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/support/", views.proposal_support, name="proposal_support"),
    path("proposals/<int:pk>/comments/", views.proposal_comment, name="proposal_comment"),
    path("proposals/<int:pk>/accept/", views.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/decline/", views.proposal_decline, name="proposal_decline"),
    path("ratings/", views.ratings, name="ratings"),
]
