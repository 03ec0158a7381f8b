from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.my_record, name="mine"),
    path("export/", views.export_archive, name="export"),
    path("record.pdf", views.export_pdf, name="pdf"),
    path("qualifications/new/", views.qualification_create, name="qualification_create"),
    path("qualifications/<int:pk>/delete/", views.qualification_delete, name="qualification_delete"),
    path("qualifications/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("import/", views.import_record, name="import"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("public-key/", views.public_key, name="public_key"),
    path("data-protection/", views.people, name="people"),
    path("data-protection/<int:pk>/subject-access/", views.subject_access, name="subject_access"),
    path("data-protection/<int:pk>/leaver/", views.leaver, name="leaver"),
    path("data-protection/retention/", views.retention, name="retention"),
]
