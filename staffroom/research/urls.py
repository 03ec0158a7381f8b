from django.urls import path

from . import views

app_name = "research"

urlpatterns = [
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/join/", views.project_join, name="project_join"),
    path("projects/<int:pk>/notes/", views.note_add, name="note_add"),
    path("projects/<int:pk>/files/", views.file_add, name="file_add"),
    path("projects/<int:pk>/finding/", views.finding_save, name="finding_save"),
    path("projects/<int:pk>/finding/publish/", views.finding_publish, name="finding_publish"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("files/<int:pk>/remove/", views.file_remove, name="file_remove"),
    path("library/", views.library, name="library"),
    path("library/new/", views.library_add, name="library_add"),
    path("library/<int:pk>/", views.library_item, name="library_item"),
    path("library/<int:pk>/file/", views.library_file, name="library_file"),
    path("library/<int:pk>/remove/", views.library_remove, name="library_remove"),
]
