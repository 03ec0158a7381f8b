from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.offer, name="offer"),
    path("propose/", views.propose, name="propose"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/session.ics", views.session_ics, name="session_ics"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/publish/", views.publish, name="publish"),
    path("sessions/<int:pk>/return/", views.return_to_leader, name="return"),
    path("sessions/<int:pk>/cancel/", views.cancel_session, name="cancel_session"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/results/", views.results, name="results"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("review/", views.review, name="review"),
    path("mine/", views.mine, name="mine"),
    path("calendar/create/", views.calendar_create, name="calendar_create"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:pk>/", views.approval_decide, name="approval_decide"),
    path("giving-and-taking/", views.balance, name="balance"),
    path("settings/", views.school_settings, name="settings"),
]
