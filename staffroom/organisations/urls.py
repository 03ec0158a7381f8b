from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("admin/school/", views.school_settings, name="school_settings"),
    path("admin/departments/", views.departments, name="departments"),
    path("admin/departments/<int:pk>/remove/", views.department_remove, name="department_remove"),
]
