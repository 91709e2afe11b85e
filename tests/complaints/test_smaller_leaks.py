"""Smaller leaks (issue 12): pages that showed case data without a line in the access log,
a superuser who held the casework permission without being given it, and status links that
kept opening a case after it closed (or left their secret in the request log)."""

import logging
import uuid

import pytest
from django.contrib.auth.models import Permission

from complaints import services
from complaints.models import CaseAccess, Complaint
from complaints.stages import Stage
from portal.errors import DomainError
from tests.complaints.conftest import COMPLAINANT, details
from tests.kit import text_of


@pytest.fixture
def breach(make_complaint, subject_member):
    return make_complaint(stage=Stage.BREACH, subject=subject_member)


def entries(complaint, user):
    return list(
        CaseAccess.objects.filter(complaint=complaint, user=user)
        .order_by("pk")
        .values_list("action", "detail")
    )


# --- Pages that were not in the access log -----------------------------------------------


def test_it_logs_every_case_shown_in_the_case_list_and_its_search(
    make_complaint, subject_member, monitoring_officer, client_for
):
    found = make_complaint(subject=subject_member)
    other = make_complaint(subject=subject_member, complainant_name="Oswin Threlkeld")
    client = client_for(monitoring_officer)
    client.get("/complaints/cases/")
    page = client.get("/complaints/cases/", {"q": "Quennell"})
    assert found.reference in text_of(page.content) and other.reference not in text_of(page.content)
    assert entries(found, monitoring_officer) == [
        (CaseAccess.Action.LISTED, "Case list"),
        (CaseAccess.Action.LISTED, "Case list, search “Quennell”"),
    ]
    assert entries(other, monitoring_officer) == [(CaseAccess.Action.LISTED, "Case list")]


def test_it_logs_a_decision_notice_and_a_sanction_opened_or_listed_in_the_back_office(
    breach, monitoring_officer, client_for
):
    client = client_for(monitoring_officer)
    notice = breach.decision_notices.get(decision=Stage.BREACH)
    sanction_admin = "/back-office/complaints/sanction/"
    services.sanction_add(complaint=breach, actor=monitoring_officer, kind="censure", details="At Council.")
    sanction = breach.sanctions.get()
    for path in [
        f"/back-office/complaints/decisionnotice/{notice.pk}/change/",
        f"{sanction_admin}{sanction.pk}/change/",
        "/back-office/complaints/decisionnotice/",
        sanction_admin,
        "/back-office/complaints/complaint/",
    ]:
        assert client.get(path).status_code == 200, path
    logged = entries(breach, monitoring_officer)
    assert (CaseAccess.Action.VIEWED_IN_BACK_OFFICE, f"Decision notice: {notice.title}") in logged
    assert (CaseAccess.Action.VIEWED_IN_BACK_OFFICE, "Sanction: Formal censure") in logged
    assert (CaseAccess.Action.LISTED_IN_BACK_OFFICE, "Decision notices") in logged
    assert (CaseAccess.Action.LISTED_IN_BACK_OFFICE, "Sanctions") in logged
    assert (CaseAccess.Action.LISTED_IN_BACK_OFFICE, "Complaints") in logged


def test_it_logs_a_case_page_shown_again_after_a_form_error(
    make_complaint, subject_member, monitoring_officer, client_for
):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    response = client_for(monitoring_officer).post(f"/complaints/cases/{complaint.pk}/pause/", {"reason": ""})
    assert response.status_code == 400
    assert entries(complaint, monitoring_officer) == [
        (CaseAccess.Action.VIEWED_CASE, "Page: pause the clock (form shown again after an error)")
    ]


def test_it_logs_the_members_and_the_independent_persons_pages_shown_again_after_a_form_error(
    make_complaint, subject_member, councillor, independent_person, monitoring_officer, client_for
):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    notice = services.subject_notify(
        complaint=complaint, actor=monitoring_officer, allegation_summary="Rude."
    )
    services.ip_assign(complaint=complaint, independent_person=independent_person, actor=monitoring_officer)
    member_page = client_for(councillor).post(f"/complaints/my-notices/{notice.pk}/", {"response": ""})
    ip_page = client_for(independent_person).post(f"/complaints/consulted/{complaint.pk}/", {"view": ""})
    assert (member_page.status_code, ip_page.status_code) == (400, 400)
    assert entries(complaint, councillor) == [
        (CaseAccess.Action.VIEWED_MEMBER_NOTICE, "Form shown again after an error")
    ]
    assert entries(complaint, independent_person) == [
        (CaseAccess.Action.VIEWED_AS_IP, "Form shown again after an error")
    ]


# --- A superuser is not a case officer by default -------------------------------------------


def test_it_refuses_case_files_to_a_superuser_who_was_not_given_the_casework_permission(
    breach, superuser, client_for
):
    client = client_for(superuser)
    for path in [
        "/complaints/cases/",
        f"/complaints/cases/{breach.pk}/",
        f"/complaints/cases/{breach.pk}/access-log/",
        "/complaints/consulted/",
    ]:
        assert client.get(path).status_code == 404, path
    for path in [
        "/back-office/complaints/complaint/",
        f"/back-office/complaints/complaint/{breach.pk}/change/",
        "/back-office/complaints/decisionnotice/",
        "/back-office/complaints/sanction/",
    ]:
        assert client.get(path).status_code in (403, 404), path
    assert COMPLAINANT not in text_of(client.get("/").content)
    assert not CaseAccess.objects.filter(user=superuser).exists()


def test_it_lets_a_superuser_run_case_files_once_explicitly_given_the_permission(
    breach, superuser, client_for
):
    superuser.user_permissions.add(Permission.objects.get(codename="manage_cases"))
    client = client_for(superuser)
    assert client.get(f"/complaints/cases/{breach.pk}/").status_code == 200
    assert client.get("/back-office/complaints/complaint/").status_code == 200


def test_it_does_not_ask_a_superuser_for_an_independent_persons_view(breach, superuser, monitoring_officer):
    with pytest.raises(DomainError, match="not one of the council's Independent Persons"):
        services.ip_assign(complaint=breach, independent_person=superuser, actor=monitoring_officer)


# --- Status links ------------------------------------------------------------------------------


@pytest.fixture
def lodged(db):
    submission = services.complaint_submit(form_token=uuid.uuid4(), details=details(), evidence=())
    return services.complaint_confirm(token=submission.confirmation_token)


def test_it_stops_an_old_status_link_showing_the_case_once_it_is_closed(lodged, monitoring_officer, client):
    complaint, token = lodged.complaint, lodged.status_token
    assert complaint.reference in text_of(client.get(f"/complaints/status/{token}/").content)
    services.complaint_move(complaint=complaint, target=Stage.ACKNOWLEDGED, actor=monitoring_officer)
    services.complaint_move(
        complaint=complaint, target=Stage.WITHDRAWN, actor=monitoring_officer, reasons="Asked."
    )
    services.complaint_move(complaint=complaint, target=Stage.CLOSED, actor=monitoring_officer)
    page = client.get(f"/complaints/status/{token}/")
    text = text_of(page.content)
    assert page.status_code == 200
    assert "This complaint is closed" in text
    complaint.refresh_from_db()
    for detail in [complaint.reference, "Withdrawn", "Received", f"{complaint.received_at:%-d %B %Y}"]:
        assert detail not in text
    withdraw = client.post(f"/complaints/status/{token}/withdraw/", {"reasons": "Again."})
    assert "This complaint is closed" in text_of(withdraw.content)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.CLOSED


def test_it_stops_an_old_confirmation_link_showing_the_reference_once_the_case_is_closed(
    db, monitoring_officer, client
):
    submission = services.complaint_submit(form_token=uuid.uuid4(), details=details(), evidence=())
    complaint = services.complaint_confirm(token=submission.confirmation_token).complaint
    link = f"/complaints/confirm/{submission.confirmation_token}/"
    assert complaint.reference in text_of(client.get(link).content)
    for target in (Stage.ACKNOWLEDGED, Stage.WITHDRAWN, Stage.CLOSED):
        services.complaint_move(
            complaint=complaint, target=target, actor=monitoring_officer, reasons="Asked."
        )
    for response in (client.get(link), client.post(link)):
        text = text_of(response.content)
        assert "This complaint is closed" in text and complaint.reference not in text


def test_it_keeps_link_tokens_out_of_the_request_log(lodged, client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    unknown = "Z" * 43
    for path in [f"/complaints/status/{unknown}/", f"/complaints/confirm/{unknown}/"]:
        assert client.get(path).status_code == 404
    assert caplog.records, "the 404s were logged"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert unknown not in logged
    assert "/complaints/status/[token removed]/" in logged
