from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("shared/", views.shared_with_me, name="shared"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("portfolio.pdf", views.export_pdf, name="export_pdf"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/delete/", views.activity_delete, name="delete"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("follow-ups/<int:pk>/", views.follow_up_answer, name="follow_up"),
    path("follow-ups/<int:pk>/postpone/", views.follow_up_postpone, name="follow_up_postpone"),
]
