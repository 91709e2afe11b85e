from django.urls import path

from training import induction_views, views

app_name = "training"

urlpatterns = [
    path("", views.courses, name="courses"),
    path("courses/<slug:slug>/", views.course, name="course"),
    path("courses/<slug:slug>/declare/", views.declare, name="declare"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/book/", views.session_book, name="book"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("sessions/<int:pk>/book-a-member/", views.session_book_member, name="book_member"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/register/", views.session_register, name="register"),
    path("sessions/<int:pk>/register/print/", views.session_register_print, name="register_print"),
    path("sessions/<int:pk>/register.csv", views.session_register_csv, name="register_csv"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("record/", views.my_record, name="my_record"),
    path("record/calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("completions/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("verification/", views.verification, name="verification"),
    path("completions/<int:pk>/check/", views.completion_check, name="completion_check"),
    path("members/<int:pk>/", views.member_record, name="member_record"),
    path("assignments/<int:pk>/withdraw/", views.assignment_withdraw, name="assignment_withdraw"),
    path("induction/", induction_views.induction_packs, name="induction_packs"),
    path("induction/<slug:slug>/", induction_views.cohort, name="cohort"),
    path("induction/<slug:slug>/assign/", induction_views.cohort_assign, name="cohort_assign"),
    path("induction/<slug:slug>/remind/", induction_views.cohort_remind, name="cohort_remind"),
    path("eligibility/", induction_views.eligibility, name="eligibility"),
]
