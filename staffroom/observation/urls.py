from django.urls import path

from . import views

app_name = "observation"

urlpatterns = [
    path("", views.overview, name="list"),
    path("invite/", views.invite, name="invite"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/write/", views.write, name="write"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/conversation/", views.conversation, name="conversation"),
    path("<int:pk>/sharing/", views.sharing, name="sharing"),
    path("<int:pk>/files/", views.file_upload, name="file_upload"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("files/<int:pk>/remove/", views.file_remove, name="file_remove"),
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("walks/", views.walk_list, name="walks"),
    path("walks/new/", views.walk_edit, name="walk_create"),
    path("walks/<int:pk>/", views.walk_detail, name="walk_detail"),
    path("walks/<int:pk>/edit/", views.walk_edit, name="walk_edit"),
    path("coaching/", views.coaching, name="coaching"),
    path("coaching/pair/", views.pair_create, name="pair_create"),
    path("coaching/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("coaching/<int:pk>/visit/", views.session_create, name="session_create"),
    path("coaching/<int:pk>/end/", views.pair_end, name="pair_end"),
    path("coaching/steps/", views.step_list, name="steps"),
    path("coaching/steps/new/", views.step_create, name="step_create"),
    path("open-classrooms/", views.slot_list, name="slots"),
    path("open-classrooms/new/", views.slot_create, name="slot_create"),
    path("open-classrooms/<int:pk>/", views.slot_detail, name="slot_detail"),
    path("open-classrooms/<int:pk>/book/", views.slot_book, name="slot_book"),
    path("open-classrooms/<int:pk>/cancel/", views.slot_cancel, name="slot_cancel"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/visited/", views.booking_visited, name="booking_visited"),
    path("peers/", views.peers, name="peers"),
    path("peers/profile/", views.peer_profile, name="peer_profile"),
]
