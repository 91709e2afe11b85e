from django.urls import path

from complaints.views import cases, consulted, member, public, recorded

app_name = "complaints"

urlpatterns = [
    # The public: complain, confirm, follow, withdraw; the register of hearing decisions.
    path("", public.complaint_form, name="public_form"),
    path("councillors/", public.member_search, name="member_search"),
    path("privacy/", public.privacy, name="privacy"),
    path("check-your-email/", public.check_email, name="check_email"),
    path("already-received/", public.already_received, name="already_received"),
    path("confirm/<str:token>/", public.confirm, name="confirm"),
    path("status/<str:token>/", public.status, name="status"),
    path("status/<str:token>/withdraw/", public.withdraw, name="withdraw"),
    path("decisions/", public.register, name="register"),
    path("decisions/<int:pk>/", public.register_entry, name="register_entry"),
    # The Monitoring Officer's case files.
    path("cases/", cases.case_list, name="case_list"),
    path("cases/record/", recorded.case_record, name="case_record"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/move/<slug:target>/", cases.case_move, name="case_move"),
    path("cases/<int:pk>/assessment/", cases.case_assessment, name="case_assessment"),
    path("cases/<int:pk>/confidentiality/", cases.case_confidentiality, name="case_confidentiality"),
    path("cases/<int:pk>/pause/", cases.case_pause, name="case_pause"),
    path("cases/<int:pk>/resume/", cases.case_resume, name="case_resume"),
    path("cases/<int:pk>/independent-person/", cases.case_assign_ip, name="case_assign_ip"),
    path("cases/<int:pk>/independent-person/view/", cases.case_record_view, name="case_record_view"),
    path("cases/<int:pk>/notify-member/", cases.case_notify_member, name="case_notify_member"),
    path(
        "cases/<int:pk>/notices/<int:notice_pk>/response/",
        cases.case_record_response,
        name="case_record_response",
    ),
    path("cases/<int:pk>/documents/add/", cases.case_document_add, name="case_document_add"),
    path("cases/<int:pk>/documents/<int:document_pk>/", cases.case_document, name="case_document"),
    path(
        "cases/<int:pk>/decisions/<int:notice_pk>/", cases.case_decision_notice, name="case_decision_notice"
    ),
    path(
        "cases/<int:pk>/decisions/<int:notice_pk>/publish/",
        cases.case_publish_notice,
        name="case_publish_notice",
    ),
    path("cases/<int:pk>/sanctions/add/", cases.case_sanction_add, name="case_sanction_add"),
    path(
        "cases/<int:pk>/sanctions/<int:sanction_pk>/", cases.case_sanction_update, name="case_sanction_update"
    ),
    path("cases/<int:pk>/access-log/", cases.case_access_log, name="case_access_log"),
    # The Independent Person: only the cases they are asked about.
    path("consulted/", consulted.consulted_list, name="consulted_list"),
    path("consulted/<int:pk>/", consulted.consulted_case, name="consulted_case"),
    path(
        "consulted/<int:pk>/documents/<int:document_pk>/",
        consulted.consulted_document,
        name="consulted_document",
    ),
    # The member complained about: their own notice and the outcome.
    path("my-notices/", member.notice_list, name="member_notices"),
    path("my-notices/<int:pk>/", member.notice_detail, name="member_notice"),
]
