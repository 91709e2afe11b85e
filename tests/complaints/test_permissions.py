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
from tests import kit
from tests.complaints.conftest import advance, details
from tests.conftest import PERSONAS
from tests.kit import SIGN_IN, get, pdf_upload, post, to

CASE_OFFICERS = {"monitoring_officer", "deputy_monitoring_officer"}
EXTRA = ["subject_councillor", "assigned_ip"]
PEOPLE = PERSONAS + EXTRA


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


def only(allowed, *, ok=200):
    """``allowed`` get ``ok``; to everyone else the page does not exist."""
    return {p: ok if p in allowed else 404 for p in PEOPLE}


def everyone(status=200):
    return dict.fromkeys(PEOPLE, status)


CASE = "/complaints/cases/{pk}"
# {pk}: the case; {notice}, {document}, {decision}, {sanction}: its parts (see the ``case`` fixture).
OFFICER_PAGES = [
    get("/complaints/cases/", only(CASE_OFFICERS)),
    get("/complaints/cases/record/", only(CASE_OFFICERS)),
    get(CASE + "/", only(CASE_OFFICERS)),
    get(CASE + "/move/closed/", only(CASE_OFFICERS)),
    get(CASE + "/assessment/", only(CASE_OFFICERS)),
    get(CASE + "/confidentiality/", only(CASE_OFFICERS)),
    get(CASE + "/pause/", only(CASE_OFFICERS)),
    get(CASE + "/independent-person/view/", only(CASE_OFFICERS)),
    get(CASE + "/notify-member/", only(CASE_OFFICERS)),
    get(CASE + "/notices/{notice}/response/", only(CASE_OFFICERS)),
    get(CASE + "/documents/add/", only(CASE_OFFICERS)),
    get(CASE + "/documents/{document}/", only(CASE_OFFICERS)),
    get(CASE + "/decisions/{decision}/", only(CASE_OFFICERS)),
    get(CASE + "/sanctions/add/", only(CASE_OFFICERS)),
    get(CASE + "/access-log/", only(CASE_OFFICERS)),
]
CONSULTED_PAGES = [
    get("/complaints/consulted/{pk}/", only({"assigned_ip"})),
    get("/complaints/consulted/{pk}/documents/{document}/", only({"assigned_ip"})),
]
MEMBER_PAGES = [
    get("/complaints/my-notices/", {**everyone(), "anonymous": to(SIGN_IN)}),
    get("/complaints/my-notices/{notice}/", only({"subject_councillor"})),
    # A superuser is an Independent Person only when explicitly granted the role (complaints.access).
    get("/complaints/consulted/", only({"independent_person", "assigned_ip"})),
]
PUBLIC_PAGES = [
    get("/complaints/", everyone()),
    # The form's councillor picker: public like the form, limited per address (test_intake).
    get("/complaints/councillors/", everyone()),
    get("/complaints/privacy/", everyone()),
    get("/complaints/check-your-email/", everyone()),
    get("/complaints/decisions/", everyone()),
    get("/complaints/decisions/{decision}/", everyone()),
    get("/complaints/already-received/", everyone()),
    # The complainant's links work for whoever holds them, signed in or not.
    get("/complaints/confirm/{confirm}/", everyone()),
    get("/complaints/status/{status}/", everyone()),
    post("/complaints/status/{status}/withdraw/", everyone(400), {}),  # not confirmed: the form again
]


# Changes to the case, made in this order on the decided case. Officers get the service's
# answer (their outcomes are tested in test_workflow and test_outcomes): a decided case has
# no clock to pause (409), and closing it goes back to the case. To everyone else the case
# does not exist.
OFFICER_CHANGES = [
    post(CASE + "/resume/", only(CASE_OFFICERS, ok=302), {}),
    post(CASE + "/independent-person/", only(CASE_OFFICERS, ok=302), {"independent_person": ""}),
    post(CASE + "/decisions/{decision}/publish/", only(CASE_OFFICERS, ok=302), {"publish": "0"}),
    post(CASE + "/sanctions/{sanction}/", only(CASE_OFFICERS, ok=302), {"sanction-1-compliance": "done"}),
    post(CASE + "/pause/", only(CASE_OFFICERS, ok=409), {"reason": "Waiting"}),
    post(CASE + "/move/closed/", only(CASE_OFFICERS, ok=to("/complaints/cases/")), {"reasons": ""}),
]
MATRIX = OFFICER_PAGES + CONSULTED_PAGES + MEMBER_PAGES + PUBLIC_PAGES + OFFICER_CHANGES


def places(case):
    return {
        "pk": case["complaint"].pk,
        "notice": case["notice"].pk,
        "document": case["document"].pk,
        "decision": case["decision"].pk,
        "sanction": case["sanction"].pk,
        "confirm": case.get("confirm", "no-link"),
        "status": case.get("status", "no-link"),
    }


def responses(client, rows, case):
    """(what each row gave, what it should give) for one persona, keyed by path."""
    got, expected = {}, {}
    for route, want in rows:
        path = route.path.format(**places(case))
        response = kit.request(client, route, path)
        got[path] = want if kit.matches(response, want) else kit.outcome(response)
        expected[path] = want
    return got, expected


def test_it_covers_every_persona_for_every_url():
    kit.assert_covers(MATRIX, PEOPLE)


@pytest.mark.parametrize("persona", PEOPLE, indirect=True)
def test_it_gives_each_persona_exactly_the_case_urls_they_are_entitled_to(client_for, case, persona, request):
    name = request.node.callspec.params["persona"]
    rows = [(route, route.expected[name]) for route in OFFICER_PAGES + CONSULTED_PAGES + MEMBER_PAGES]
    got, expected = responses(client_for(persona), rows, case)
    assert got == expected


@pytest.mark.parametrize(
    "persona",
    [p for p in PEOPLE if p not in CASE_OFFICERS],
    indirect=True,
)
def test_it_refuses_every_case_change_with_404_to_everyone_else(client_for, case, persona, request):
    name = request.node.callspec.params["persona"]
    complaint = case["complaint"]
    events = complaint.events.count()
    got, expected = responses(client_for(persona), [(r, r.expected[name]) for r in OFFICER_CHANGES], case)
    assert got == expected
    assert set(expected.values()) == {404}
    complaint.refresh_from_db()
    assert complaint.stage == Stage.BREACH
    assert complaint.events.count() == events
    assert case["decision"].__class__.objects.get(pk=case["decision"].pk).is_published


@pytest.mark.parametrize("persona", sorted(CASE_OFFICERS), indirect=True)
def test_it_lets_the_case_officers_make_each_change(client_for, case, persona, request):
    name = request.node.callspec.params["persona"]
    got, expected = responses(client_for(persona), [(r, r.expected[name]) for r in OFFICER_CHANGES], case)
    assert got == expected


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


@pytest.mark.parametrize("persona", PEOPLE, indirect=True)
def test_it_opens_the_public_pages_to_everyone(client_for, case, persona, request):
    unconfirmed = services.complaint_submit(form_token=uuid4(), details=details(), evidence=())
    confirmed = services.complaint_submit(form_token=uuid4(), details=details(), evidence=())
    links = {
        "confirm": unconfirmed.confirmation_token,
        "status": services.complaint_confirm(token=confirmed.confirmation_token).status_token,
    }
    name = request.node.callspec.params["persona"]
    rows = [(r, r.expected[name]) for r in PUBLIC_PAGES]
    got, expected = responses(client_for(persona), rows, {**case, **links})
    assert got == expected


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
