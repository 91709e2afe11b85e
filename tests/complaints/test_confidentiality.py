"""A complainant's withheld name reaches nobody on the member's side: pages, emails, notices, the register."""

import pytest

from complaints import services
from complaints.models import Complaint, DecisionNotice, SubjectNotice
from complaints.stages import Stage
from portal.errors import DomainError
from tests.complaints.conftest import ALL_YES, COMPLAINANT, COMPLAINANT_EMAIL, advance
from tests.kit import text_of

IDENTIFYING = [COMPLAINANT, "Quennell", COMPLAINANT_EMAIL, "Beatrix", "01632 960123", "Mill Lane"]


def assert_anonymous(text, where):
    for fragment in IDENTIFYING:
        assert fragment.lower() not in text.lower(), f"{fragment!r} appears in {where}"


@pytest.fixture
def confidential(make_complaint, monitoring_officer):
    def make(subject):
        complaint = make_complaint(
            stage=Stage.ACKNOWLEDGED,
            subject=subject,
            confidentiality_requested=True,
            confidentiality_reasons="I live next door to the councillor and fear what they will do.",
        )
        services.confidentiality_decide(
            complaint=complaint,
            actor=monitoring_officer,
            granted=True,
            reasons="Credible risk of harassment between neighbours.",
        )
        return Complaint.objects.get(pk=complaint.pk)

    return make


def test_it_keeps_a_withheld_name_from_the_member_everywhere_they_look(
    confidential,
    subject_member,
    councillor,
    monitoring_officer,
    client_for,
    django_capture_on_commit_callbacks,
    run_tasks,
    mailoutbox,
):
    complaint = confidential(subject_member)
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.subject_notify(
            complaint=complaint,
            actor=monitoring_officer,
            allegation_summary="A neighbour says you shouted abuse at them about a planning objection.",
        )
        services.complaint_move(
            complaint=complaint, target=Stage.INITIAL_ASSESSMENT, actor=monitoring_officer
        )
        services.assessment_save(complaint=complaint, actor=monitoring_officer, **ALL_YES)
        services.complaint_move(
            complaint=complaint,
            target=Stage.INFORMAL_RESOLUTION,
            actor=monitoring_officer,
            reasons="The member will apologise in writing through the Monitoring Officer.",
        )
    run_tasks()
    assert notice.complainant_named is False
    member_mail = [m for m in mailoutbox if m.to == ["cllr.ward@example.org"]]
    assert [m.subject for m in member_mail] == [
        f"A complaint about you: {complaint.reference}",
        f"Complaint {complaint.reference}: informal resolution",
    ]
    for message in member_mail:
        assert_anonymous(message.subject + message.body, f"the email {message.subject!r}")
    assert "the complainant asked for their name to be withheld" in member_mail[0].body
    decision = DecisionNotice.objects.get(complaint=complaint)
    assert decision.complainant_redacted
    assert_anonymous(decision.for_parties, "the decision notice")
    assert "the complainant (whose name has been withheld)" in decision.for_parties

    client = client_for(councillor)
    for path in ["/", "/complaints/my-notices/", f"/complaints/my-notices/{notice.pk}/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_anonymous(text_of(response.content), path)
    page = text_of(client.get(f"/complaints/my-notices/{notice.pk}/").content)
    assert "shouted abuse at them about a planning objection" in page
    assert "The complainant asked for their name to be withheld, and the Monitoring Officer agreed." in page
    assert "The member will apologise in writing through the Monitoring Officer." in page  # the outcome
    assert client.get(f"/complaints/cases/{complaint.pk}/").status_code == 404


def test_it_keeps_a_withheld_name_from_the_parish_clerk_and_the_public_register(
    confidential,
    parish_member,
    independent_person,
    monitoring_officer,
    client,
    django_capture_on_commit_callbacks,
    run_tasks,
    mailoutbox,
):
    complaint = confidential(parish_member)
    with django_capture_on_commit_callbacks(execute=True):
        services.subject_notify(
            complaint=complaint, actor=monitoring_officer, allegation_summary="Abuse shouted at a neighbour."
        )
        advance(complaint, Stage.BREACH, actor=monitoring_officer, independent_person=independent_person)
    run_tasks()
    clerk_mail = [m for m in mailoutbox if m.to == ["clerk@amberley.example.org"]]
    assert [m.subject for m in clerk_mail] == [
        f"Complaint {complaint.reference} about a member of Amberley Parish Council",
        f"Complaint {complaint.reference}: investigation",
        f"Complaint {complaint.reference}: hearing: breach found",
    ]
    member_mail = [m for m in mailoutbox if m.to == ["gerald.pickering@example.org"]]
    assert len(member_mail) == 3  # the notice, the decision to investigate, the hearing's decision
    for message in clerk_mail + member_mail:
        assert_anonymous(message.subject + message.body, f"the email to {message.to}")
    notice = DecisionNotice.objects.get(complaint=complaint, decision=Stage.BREACH)
    assert notice.is_published
    register = client.get("/complaints/decisions/")
    entry = client.get(f"/complaints/decisions/{notice.pk}/")
    assert "Cllr Gerald Pickering" in text_of(register.content)
    for response in (register, entry):
        assert_anonymous(text_of(response.content), "the public register")


def test_it_never_names_even_a_named_complainant_on_the_public_register(
    make_complaint, subject_member, monitoring_officer, client
):
    complaint = make_complaint(stage=Stage.BREACH, subject=subject_member)
    notice = DecisionNotice.objects.get(complaint=complaint, decision=Stage.BREACH)
    assert COMPLAINANT in notice.for_parties  # the parties' copy names them: their name was not withheld
    assert_anonymous(notice.public_text, "the public text")
    assert_anonymous(text_of(client.get(f"/complaints/decisions/{notice.pk}/").content), "the register entry")


def test_it_refuses_a_summary_that_would_identify_a_withheld_complainant(
    confidential, subject_member, monitoring_officer
):
    complaint = confidential(subject_member)
    for summary in [
        "Ms Quennell says you shouted.",
        "Complaint from BEATRIX.QUENNELL@example.net about you.",
    ]:
        with pytest.raises(DomainError, match="mentions the complainant by name or email address"):
            services.subject_notify(complaint=complaint, actor=monitoring_officer, allegation_summary=summary)
    assert not SubjectNotice.objects.exists()


def test_it_offers_an_empty_summary_when_the_name_is_withheld(
    confidential, subject_member, monitoring_officer, client_for
):
    complaint = confidential(subject_member)
    html = (
        client_for(monitoring_officer)
        .get(f"/complaints/cases/{complaint.pk}/notify-member/")
        .content.decode()
    )
    assert "The complainant's name is withheld." in text_of(html)
    assert "liar" not in html.split('name="allegation_summary"')[1].split("</textarea>")[0]


def test_it_tells_the_member_who_complained_by_default(
    make_complaint,
    subject_member,
    monitoring_officer,
    django_capture_on_commit_callbacks,
    run_tasks,
    mailoutbox,
):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED, subject=subject_member)
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.subject_notify(
            complaint=complaint, actor=monitoring_officer, allegation_summary="Rude."
        )
    run_tasks()
    assert notice.complainant_named and notice.complainant_label == COMPLAINANT
    assert f"Complaint made by: {COMPLAINANT}" in mailoutbox[0].body


def test_it_waits_for_a_decision_on_a_request_before_telling_the_member(
    make_complaint, subject_member, monitoring_officer
):
    complaint = make_complaint(
        stage=Stage.ACKNOWLEDGED,
        subject=subject_member,
        confidentiality_requested=True,
        confidentiality_reasons="Fear.",
    )
    assert complaint.confidentiality == Complaint.Confidentiality.PENDING
    with pytest.raises(DomainError, match="Decide on that request before telling the member"):
        services.subject_notify(complaint=complaint, actor=monitoring_officer, allegation_summary="Rude.")


def test_it_tells_the_complainant_they_may_withdraw_when_the_request_is_refused(
    make_complaint,
    subject_member,
    monitoring_officer,
    django_capture_on_commit_callbacks,
    run_tasks,
    mailoutbox,
):
    complaint = make_complaint(
        stage=Stage.ACKNOWLEDGED,
        subject=subject_member,
        confidentiality_requested=True,
        confidentiality_reasons="I would rather they did not know.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.confidentiality_decide(
            complaint=complaint,
            actor=monitoring_officer,
            granted=False,
            reasons="No risk of harm was described; the member needs to know to respond fairly.",
        )
    run_tasks()
    complaint.refresh_from_db()
    assert complaint.confidentiality == Complaint.Confidentiality.REFUSED
    event = complaint.events.get(kind="confidentiality")
    assert event.note.startswith("Refused: the member will be told who complained.")
    (message,) = mailoutbox
    assert message.to == [COMPLAINANT_EMAIL]
    assert "If you would rather withdraw your complaint" in message.body
    assert "the member needs to know to respond fairly" in message.body


def test_it_fixes_the_decision_once_the_member_has_been_told(
    confidential, subject_member, monitoring_officer
):
    complaint = confidential(subject_member)
    services.subject_notify(complaint=complaint, actor=monitoring_officer, allegation_summary="Shouting.")
    with pytest.raises(DomainError, match="already been told"):
        services.confidentiality_decide(
            complaint=complaint, actor=monitoring_officer, granted=False, reasons="Changed."
        )


def test_it_lets_the_member_respond_to_their_notice_in_the_portal(
    confidential, subject_member, councillor, monitoring_officer, client_for
):
    complaint = confidential(subject_member)
    notice = services.subject_notify(
        complaint=complaint, actor=monitoring_officer, allegation_summary="Shouting."
    )
    client = client_for(councillor)
    empty = client.post(f"/complaints/my-notices/{notice.pk}/", {"response": ""})
    assert empty.status_code == 400
    assert "Write your response before sending it." in text_of(empty.content)
    response = client.post(
        f"/complaints/my-notices/{notice.pk}/",
        {"response": "I did raise my voice, and I regret it."},
        follow=True,
    )
    assert "Your response has been sent to the Monitoring Officer." in text_of(response.content)
    notice.refresh_from_db()
    assert notice.response == "I did raise my voice, and I regret it."
    assert complaint.events.filter(kind="response", actor=councillor).exists()


def test_it_shows_a_member_only_their_own_notice(
    confidential, subject_member, other_councillor, monitoring_officer, client_for
):
    notice = services.subject_notify(
        complaint=confidential(subject_member), actor=monitoring_officer, allegation_summary="Shouting."
    )
    client = client_for(other_councillor)
    assert client.get(f"/complaints/my-notices/{notice.pk}/").status_code == 404
    assert client.post(f"/complaints/my-notices/{notice.pk}/", {"response": "Not me."}).status_code == 404
    assert "No notice" not in text_of(client.get("/complaints/my-notices/").content)
    assert "Shouting" not in text_of(client.get("/complaints/my-notices/").content)
