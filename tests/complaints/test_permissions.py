"""Who may open what: every complaint URL for every persona.

Case files are for the Monitoring Officer and the Deputy (a superuser only when explicitly
granted the casework permission: see test_smaller_leaks).
An Independent Person sees only a case they are assigned to; the member
complained about sees only their own notice. Everyone else gets 404, never
403, so that nobody learns that a case exists.
"""

from uuid import uuid4

import pytest

from complaints import services
from complaints.models import Complaint
from complaints.stages import Stage
from portal import roles
from tests.complaints.conftest import advance, details, pdf_upload
from tests.conftest import PERSONAS

CASE_OFFICERS = {"monitoring_officer", "deputy_monitoring_officer"}
EXTRA = ["subject_councillor", "assigned_ip"]


@pytest.fixture
def subject_councillor(other_councillor):
    return other_councillor


@pytest.fixture
def assigned_ip(make_user):
    return make_user("ip.assigned@example.org", role=roles.INDEPENDENT_PERSON, full_name="Olive Stannard")


@pytest.fixture
def case(make_complaint, subject_councillor, assigned_ip, monitoring_officer):
    """A case that has everything: a document, a notice, a decision notice, a sanction."""
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_councillor.member)
    services.document_add(
        complaint=complaint, actor=monitoring_officer, upload=pdf_upload("report.pdf"), kind="report"
    )
    notice = services.subject_notify(
        complaint=complaint, actor=monitoring_officer, allegation_summary="Shouting."
    )
    # The Independent Person persona is never assigned: only Olive Stannard is asked for a view.
    advance(complaint, Stage.HEARING, actor=monitoring_officer, independent_person=assigned_ip)
    services.complaint_move(
        complaint=complaint,
        target=Stage.BREACH,
        actor=monitoring_officer,
        reasons="The hearing found a breach.",
        sanctions=[{"kind": "censure", "details": "Formal censure at full Council."}],
    )
    complaint = Complaint.objects.get(pk=complaint.pk)
    return {
        "complaint": complaint,
        "notice": notice,
        "document": complaint.documents.get(),
        "decision": complaint.decision_notices.get(decision=Stage.BREACH),
        "sanction": complaint.sanctions.get(),
    }


def officer_urls(case):
    pk = case["complaint"].pk
    return [
        "/complaints/cases/",
        f"/complaints/cases/{pk}/",
        f"/complaints/cases/{pk}/move/closed/",
        f"/complaints/cases/{pk}/assessment/",
        f"/complaints/cases/{pk}/confidentiality/",
        f"/complaints/cases/{pk}/pause/",
        f"/complaints/cases/{pk}/independent-person/view/",
        f"/complaints/cases/{pk}/notify-member/",
        f"/complaints/cases/{pk}/notices/{case['notice'].pk}/response/",
        f"/complaints/cases/{pk}/documents/add/",
        f"/complaints/cases/{pk}/documents/{case['document'].pk}/",
        f"/complaints/cases/{pk}/decisions/{case['decision'].pk}/",
        f"/complaints/cases/{pk}/sanctions/add/",
        f"/complaints/cases/{pk}/access-log/",
    ]


def officer_posts(case):
    pk = case["complaint"].pk
    return [
        (f"/complaints/cases/{pk}/move/closed/", {"reasons": ""}),
        (f"/complaints/cases/{pk}/resume/", {}),
        (f"/complaints/cases/{pk}/independent-person/", {"independent_person": ""}),
        (f"/complaints/cases/{pk}/decisions/{case['decision'].pk}/publish/", {"publish": "0"}),
        (f"/complaints/cases/{pk}/sanctions/{case['sanction'].pk}/", {"sanction-1-compliance": "done"}),
        (f"/complaints/cases/{pk}/pause/", {"reason": "Waiting"}),
    ]


def consulted_urls(case):
    pk = case["complaint"].pk
    return [f"/complaints/consulted/{pk}/", f"/complaints/consulted/{pk}/documents/{case['document'].pk}/"]


def member_urls(case):
    return [f"/complaints/my-notices/{case['notice'].pk}/"]


@pytest.mark.parametrize("persona", PERSONAS + EXTRA, indirect=True)
def test_it_gives_each_persona_exactly_the_case_urls_they_are_entitled_to(client_for, case, persona, request):
    name = request.node.callspec.params["persona"]
    client = client_for(persona)
    expected = {}
    for url in officer_urls(case):
        expected[url] = 200 if name in CASE_OFFICERS else 404
    for url in consulted_urls(case):
        expected[url] = 200 if name == "assigned_ip" else 404
    for url in member_urls(case):
        expected[url] = 200 if name == "subject_councillor" else 404
    got = {url: client.get(url).status_code for url in expected}
    assert got == expected


@pytest.mark.parametrize(
    "persona",
    [p for p in PERSONAS + EXTRA if p not in CASE_OFFICERS],
    indirect=True,
)
def test_it_refuses_every_case_change_with_404_to_everyone_else(client_for, case, persona):
    client = client_for(persona)
    complaint = case["complaint"]
    events = complaint.events.count()
    for url, data in officer_posts(case):
        assert client.post(url, data).status_code == 404, url
    complaint.refresh_from_db()
    assert complaint.stage == Stage.BREACH
    assert complaint.events.count() == events
    assert case["decision"].__class__.objects.get(pk=case["decision"].pk).is_published


def test_it_shows_an_unassigned_independent_person_no_cases(client_for, case, make_user):
    other = make_user("ip.other@example.org", role=roles.INDEPENDENT_PERSON, full_name="Ned Ashworth")
    client = client_for(other)
    page = client.get("/complaints/consulted/")
    assert page.status_code == 200
    assert case["complaint"].reference not in page.content.decode()
    assert client.get(f"/complaints/consulted/{case['complaint'].pk}/").status_code == 404


def test_it_gives_the_consulted_list_only_to_independent_persons(
    client_for, case, councillor, member_support
):
    for user in (None, councillor, member_support):
        assert client_for(user).get("/complaints/consulted/").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_it_opens_the_public_pages_to_everyone(client_for, case, persona):
    client = client_for(persona)
    for url in [
        "/complaints/",
        "/complaints/privacy/",
        "/complaints/check-your-email/",
        "/complaints/decisions/",
        f"/complaints/decisions/{case['decision'].pk}/",
    ]:
        assert client.get(url).status_code == 200, url


def test_it_shows_a_status_link_only_its_own_case(client, db):
    first = services.complaint_submit(form_token=uuid4(), details=details(), evidence=())
    second = services.complaint_submit(
        form_token=uuid4(), details=details(complainant_name="Oswin Threlkeld"), evidence=()
    )
    first_status = services.complaint_confirm(token=first.confirmation_token)
    second_status = services.complaint_confirm(token=second.confirmation_token)
    page = client.get(f"/complaints/status/{first_status.status_token}/").content.decode()
    assert first_status.complaint.reference in page
    assert second_status.complaint.reference not in page
    assert client.get("/complaints/status/" + "x" * 43 + "/").status_code == 404
    assert client.get(f"/complaints/status/{first.confirmation_token}/").status_code == 404


def test_it_does_not_publish_an_unpublished_decision(client, case, monitoring_officer):
    services.notice_publish(notice=case["decision"], actor=monitoring_officer, publish=False)
    assert client.get(f"/complaints/decisions/{case['decision'].pk}/").status_code == 404
    investigate = case["complaint"].decision_notices.get(decision=Stage.INVESTIGATION)
    assert client.get(f"/complaints/decisions/{investigate.pk}/").status_code == 404
