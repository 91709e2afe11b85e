from django.urls import path

from . import views

app_name = "advice"

urlpatterns = [
    # Members
    path("", views.my_questions, name="my_questions"),
    path("new/", views.ask, name="ask"),
    path("questions/<int:pk>/", views.question, name="question"),
    path("questions/<int:pk>/reply/", views.question_reply, name="question_reply"),
    path("questions/<int:pk>/copy/", views.question_copy, name="question_copy"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    # The Monitoring Officer and the Deputy
    path("queue/", views.queue, name="queue"),
    path("queue/<int:pk>/", views.case, name="case"),
    path("queue/<int:pk>/triage/", views.case_triage, name="case_triage"),
    path("queue/<int:pk>/reply/", views.case_reply, name="case_reply"),
    path("queue/<int:pk>/note/", views.case_note, name="case_note"),
    path("queue/<int:pk>/state/", views.case_transition, name="case_transition"),
    path("queue/<int:pk>/faq/", views.case_faq, name="case_faq"),
    # The FAQ
    path("faq/", views.faq_list, name="faq_list"),
    path("faq/<slug:slug>/", views.faq_entry, name="faq_entry"),
    path("faq/<slug:slug>/edit/", views.faq_edit, name="faq_edit"),
]
