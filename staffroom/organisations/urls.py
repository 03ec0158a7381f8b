from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("admin/school/", views.school_settings, name="school_settings"),
]
