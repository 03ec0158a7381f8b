from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("admin/staff/", views.staff_list, name="staff_list"),
    path("admin/staff/invite/", views.invite, name="invite"),
    path("admin/staff/import/", views.staff_import, name="staff_import"),
    path("admin/staff/<int:pk>/", views.member_detail, name="member_detail"),
    path("admin/staff/<int:pk>/active/", views.member_set_active, name="member_set_active"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("switch-school/", views.switch_school, name="switch_school"),
    path("profile/", views.profile, name="profile"),
]
