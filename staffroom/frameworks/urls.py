from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("frameworks/", views.framework_list, name="list"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="detail"),
    path("admin/frameworks/", views.choose_frameworks, name="choose"),
]
