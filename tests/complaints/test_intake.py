"""The public complaint form, end to end: form, email confirmation, reference, status link."""

import datetime
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from complaints import services
from complaints.models import CaseDocument, Complaint, ReferenceSequence
from complaints.stages import Stage
from tests.complaints.conftest import COMPLAINANT, COMPLAINANT_EMAIL
from tests.kit import link_in, pdf_upload, png_upload, text_of

FORM = "/complaints/"


def form_data(member=None, **overrides):
    data = {
        "form_token": str(uuid.uuid4()),
        "website": "",
        "complainant_name": COMPLAINANT,
        "complainant_email": COMPLAINANT_EMAIL,
        "complainant_phone": "01632 960123",
        "complainant_address": "",
        "subject": str(member.pk) if member else "unknown",
        "subject_description": "" if member else "The chair of Amberley Parish Council",
        "what_happened": "At the parish meeting the councillor shouted at a resident asking about money.",
        "incident_date": "2026-10-14",
        "incident_place": "Amberley village hall",
        "incident_link": "",
        "code_paragraphs": ["respect", "disrepute"],
        "nolan_principles": ["leadership"],
        "outcome_sought": "A public apology to the resident.",
        "declaration": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def sent(client, parish_member, django_capture_on_commit_callbacks, run_tasks, mailoutbox):
    """A complaint sent through the public form, its confirmation email delivered."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            FORM, form_data(parish_member, evidence=[pdf_upload("minutes.pdf"), png_upload()])
        )
    run_tasks()
    return response


def test_it_shows_the_form_in_fieldsets_with_a_councillor_search_not_a_list_of_everyone(
    client, parish_member, subject_member
):
    response = client.get(FORM)
    assert response.status_code == 200
    html = response.content.decode()
    for legend in [
        "About you",
        "Who is your complaint about?",
        "What happened",
        "Keeping your name confidential",
    ]:
        assert f'<legend class="h3">{legend}</legend>' in html
    assert "Search for the councillor" in html
    assert "Cllr Gerald Pickering" not in html
    assert "Cllr Morgan Hale" not in html
    assert "I don&#x27;t know their name, or they are not listed" in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_without_javascript_the_search_button_lists_the_councillors_found_and_keeps_what_was_typed(
    client, parish_member, subject_member
):
    data = form_data(None, subject="", subject_search="pickering", find_councillor="1")
    response = client.post(FORM, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cllr Gerald Pickering, Amberley Parish Council" in html
    assert "Cllr Morgan Hale" not in html
    assert "1 councillor found for “pickering”" in html
    assert COMPLAINANT in html  # what was typed is still there
    assert "There is a problem" not in html and "is-invalid" not in html  # searching is not sending
    assert not Complaint.objects.exists()

    by_ward = client.post(FORM, form_data(None, subject="", subject_search="riverside", find_councillor="1"))
    assert "Cllr Morgan Hale (Riverside), Fellbridge District Council" in by_ward.content.decode()
    nobody = client.post(FORM, form_data(None, subject="", subject_search="zzzz", find_councillor="1"))
    assert "No serving councillor matches “zzzz”" in nobody.content.decode()


def test_the_councillor_chosen_from_a_search_is_still_offered_when_the_form_comes_back(
    client, parish_member, subject_member
):
    response = client.post(FORM, form_data(parish_member, what_happened="", subject_search=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(f'name="subject" value="{parish_member.pk}"[^>]*checked>', html)
    assert "Cllr Morgan Hale" not in html


def test_a_councillor_chosen_without_searching_must_be_serving(client, make_member):
    left = make_member(
        first_name="Victor", last_name="Ames", status="left", left_on=datetime.date(2025, 1, 1)
    )
    response = client.post(FORM, form_data(left))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_it_leaves_members_who_have_left_out_of_the_search(client, make_member):
    make_member(first_name="Victor", last_name="Ames", status="left", left_on=datetime.date(2025, 1, 1))
    response = client.post(FORM, form_data(None, subject="", subject_search="ames", find_councillor="1"))
    assert "Victor Ames" not in response.content.decode()
    assert client.get("/complaints/councillors/?q=ames").json()["results"] == []


def test_the_search_endpoint_finds_serving_councillors_by_every_word(client, parish_member, subject_member):
    found = client.get("/complaints/councillors/?q=gerald+pick").json()
    assert found["results"] == [
        {"value": str(parish_member.pk), "label": "Cllr Gerald Pickering, Amberley Parish Council"}
    ]
    assert found["more"] is False
    assert client.get("/complaints/councillors/?q=g").json()["results"] == []  # too short to search
    assert client.get("/complaints/councillors/?q=gerald+hale").json()["results"] == []


def test_the_search_lists_twenty_and_says_there_are_more(client, make_member):
    for n in range(25):
        make_member(first_name=f"Sam{n}", last_name="Smithson")
    found = client.get("/complaints/councillors/?q=smithson").json()
    assert len(found["results"]) == 20 and found["more"] is True


def test_the_search_is_limited_per_address(client, settings, parish_member):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "complaint_member_search": "3/m/ip"}
    for _ in range(3):
        assert client.get("/complaints/councillors/?q=pickering").status_code == 200
    refused = client.get("/complaints/councillors/?q=pickering")
    assert refused.status_code == 429
    assert refused.json()["results"] == [] and "Wait a minute" in refused.json()["error"]
    form = client.post(FORM, form_data(None, subject="", subject_search="pickering", find_councillor="1"))
    assert form.status_code == 429
    assert "Cllr Gerald Pickering" not in form.content.decode()
    assert "Wait a minute, then search again" in form.content.decode()


def test_the_form_page_costs_the_same_queries_for_few_and_many_members(
    client, make_member, django_assert_max_num_queries
):
    for n in range(5):
        make_member(first_name=f"Few{n}", last_name="Person")
    client.get(FORM)
    with django_assert_max_num_queries(1):
        client.get(FORM)
    for n in range(200):
        make_member(first_name=f"Many{n}", last_name="Person")
    with django_assert_max_num_queries(1):
        client.get(FORM)


def test_it_asks_a_member_of_the_public_to_confirm_their_email(sent, mailoutbox):
    assert sent.status_code == 302
    assert sent["Location"] == "/complaints/check-your-email/"
    complaint = Complaint.objects.get()
    assert complaint.stage == Stage.UNCONFIRMED
    assert complaint.reference is None
    assert complaint.received_at is None
    assert complaint.source == Complaint.Source.PUBLIC
    assert complaint.subject_authority.name == "Amberley Parish Council"
    assert complaint.code_paragraphs == ["respect", "disrepute"]
    # The evidence is kept, in quarantine until the email is confirmed (issue 13).
    held = CaseDocument.with_quarantined.filter(complaint=complaint, quarantined=True)
    assert sorted(d.original_name for d in held) == ["minutes.pdf", "screenshot.png"]
    assert list(complaint.documents.all()) == []
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [COMPLAINANT_EMAIL]
    assert message.subject == "Confirm your complaint about a councillor"
    assert "/complaints/confirm/" in message.body


def test_it_receives_the_complaint_once_the_email_is_confirmed(
    sent, client, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    link = link_in(mailoutbox[0].body, "/complaints/confirm/")
    page = client.get(link)
    assert "Confirm my complaint" in text_of(page.content)
    assert Complaint.objects.get().stage == Stage.UNCONFIRMED  # opening the link alone changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    run_tasks()
    complaint = Complaint.objects.get()
    year = timezone.localdate().year
    assert complaint.stage == Stage.RECEIVED
    assert complaint.reference == f"FDC/{year}/0001"
    assert complaint.received_at is not None
    assert complaint.acknowledgement_due_on is not None
    event = complaint.events.get()
    assert (event.from_status, event.to_status, event.actor) == (Stage.UNCONFIRMED, Stage.RECEIVED, None)
    # The complainant lands on their status page, whose address is the secret link.
    status_path = response["Location"]
    assert status_path.startswith("/complaints/status/")
    assert complaint.reference not in status_path and "quennell" not in status_path.lower()
    received = mailoutbox[1]
    assert received.subject == f"Your complaint FDC/{year}/0001 has been received"
    assert link_in(received.body, "/complaints/status/") == status_path
    status = client.get(status_path)
    text = text_of(status.content)
    assert f"Your complaint FDC/{year}/0001" in text
    assert "Received" in text
    assert "We have received your complaint and will acknowledge it shortly." in text
    assert COMPLAINANT not in text and "Pickering" not in text and "liar" not in text
    assert "no-store" in status["Cache-Control"]


def test_it_does_nothing_more_when_the_link_is_confirmed_twice(
    sent, client, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    link = link_in(mailoutbox[0].body, "/complaints/confirm/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
        second = client.post(link)
    run_tasks()
    assert second.status_code == 200
    assert "already been received" in text_of(second.content)
    assert Complaint.objects.get().events.count() == 1
    assert ReferenceSequence.objects.get().last_number == 1
    assert len(mailoutbox) == 2


def test_it_refuses_a_confirmation_link_that_has_expired(sent, client, mailoutbox):
    Complaint.objects.update(submitted_at=timezone.now() - datetime.timedelta(days=8))
    response = client.post(link_in(mailoutbox[0].body, "/complaints/confirm/"))
    assert response.status_code == 400
    assert "This confirmation link has expired" in text_of(response.content)
    assert Complaint.objects.get().stage == Stage.UNCONFIRMED


def test_it_refuses_a_made_up_confirmation_link(client, db):
    response = client.get("/complaints/confirm/not-a-real-token/")
    assert response.status_code == 404
    assert "not valid" in text_of(response.content)


def test_it_makes_one_complaint_and_one_email_when_the_form_is_sent_twice(
    client, parish_member, django_capture_on_commit_callbacks, run_tasks, mailoutbox
):
    data = form_data(parish_member)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(FORM, data)
        second = client.post(FORM, data)
    run_tasks()
    assert first.status_code == second.status_code == 302
    assert Complaint.objects.count() == 1
    assert len(mailoutbox) == 1


def test_it_gives_references_in_sequence_within_a_year(make_complaint):
    year = timezone.localdate().year
    first, second, third = make_complaint(), make_complaint(), make_complaint()
    assert [first.reference, second.reference, third.reference] == [
        f"FDC/{year}/0001",
        f"FDC/{year}/0002",
        f"FDC/{year}/0003",
    ]


def test_it_starts_the_numbers_again_in_a_new_year(db):
    ReferenceSequence.objects.create(year=2025, last_number=41)
    assert services._next_reference(2025) == "FDC/2025/0042"
    assert services._next_reference(2026) == "FDC/2026/0001"


# --- Bad input -------------------------------------------------------------------------


def test_it_lists_what_is_missing_at_the_top_and_keeps_what_was_typed(client, parish_member):
    data = form_data(
        parish_member,
        complainant_name="",
        complainant_email="not-an-email",
        incident_date="",
        declaration=None,
        what_happened="He was rude to me at the meeting.",
    )
    response = client.post(FORM, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert '<a href="#id_complainant_name">Enter your full name.</a>' in html
    assert '<a href="#id_complainant_email">Enter an email address in the right form' in html
    assert '<a href="#id_incident_date">Enter the date it happened.</a>' in html
    assert '<a href="#id_declaration">Confirm that what you have written is true' in html
    # The errors are tied to their fields, and the answers given are still there.
    assert 'aria-describedby="id_complainant_name_error"' in html or 'id="id_complainant_name_error"' in html
    assert "He was rude to me at the meeting.</textarea>" in html
    assert 'value="not-an-email"' in html
    assert re.search(f'name="subject" value="{parish_member.pk}"[^>]*checked>', html)
    assert 'value="disrepute" id="id_code_paragraphs_4" checked' in html
    assert Complaint.objects.count() == 0


def test_it_asks_who_the_member_is_when_they_are_not_listed(client, db):
    response = client.post(FORM, form_data(None, subject_description=""))
    assert response.status_code == 400
    assert "Tell us who the councillor is" in text_of(response.content)


def test_it_asks_why_when_confidentiality_is_requested(client, parish_member):
    response = client.post(FORM, form_data(parish_member, confidentiality_requested="on"))
    assert response.status_code == 400
    assert "Say why your name should be kept from the councillor." in text_of(response.content)


def test_it_refuses_a_file_that_only_pretends_to_be_an_image(client, parish_member):
    fake = SimpleUploadedFile("photo.png", b"this is not really a picture", content_type="image/png")
    response = client.post(FORM, form_data(parish_member, evidence=[fake]))
    assert response.status_code == 400
    text = text_of(response.content)
    assert "photo.png is not a PNG image, JPEG image or PDF file, whatever its name says." in text
    assert "At the parish meeting the councillor shouted" in text
    assert Complaint.objects.count() == 0 and CaseDocument.objects.count() == 0


def test_it_refuses_a_file_that_is_too_big(client, parish_member, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile(
        "scan.pdf", b"%PDF-1.4\n" + b"0" * 2048 + b"\n%%EOF\n", content_type="application/pdf"
    )
    response = client.post(FORM, form_data(parish_member, evidence=[big]))
    assert response.status_code == 400
    assert "scan.pdf is 2.0 KB; the largest file we accept is 1.0 KB" in text_of(response.content)
    assert "choose them again" not in text_of(response.content)
    assert Complaint.objects.count() == 0


def test_it_refuses_more_than_five_files(client, parish_member):
    response = client.post(
        FORM, form_data(parish_member, evidence=[pdf_upload(f"p{n}.pdf") for n in range(6)])
    )
    assert response.status_code == 400
    assert "Attach up to 5 files; you chose 6." in text_of(response.content)


def test_it_refuses_a_date_in_the_future(client, parish_member):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(FORM, form_data(parish_member, incident_date=tomorrow.isoformat()))
    assert response.status_code == 400
    assert "The date cannot be in the future." in text_of(response.content)


# --- Spam defences ------------------------------------------------------------------------


def test_it_quietly_drops_a_form_filled_in_by_a_robot(
    client, parish_member, django_capture_on_commit_callbacks, mailoutbox, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, form_data(parish_member, website="http://spam.example"))
    run_tasks()
    assert response.status_code == 302
    assert response["Location"] == "/complaints/check-your-email/"
    assert Complaint.objects.count() == 0
    assert mailoutbox == []


def test_it_limits_complaints_from_one_email_address_and_says_what_to_do(client, parish_member, settings):
    for n in range(5):
        client.post(FORM, form_data(parish_member), REMOTE_ADDR=f"192.0.2.{n}")
    response = client.post(FORM, form_data(parish_member), REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 429
    text = text_of(response.content)
    assert "we cannot accept another online just now" in text
    assert settings.MONITORING_OFFICER_EMAIL in text
    assert "At the parish meeting the councillor shouted" in text  # what they wrote is kept
    assert Complaint.objects.count() == 5


def test_it_limits_complaints_from_one_address_but_not_from_another(client, parish_member):
    for n in range(10):
        client.post(FORM, form_data(parish_member, complainant_email=f"person{n}@example.net"))
    refused = client.post(FORM, form_data(parish_member, complainant_email="someone.else@example.net"))
    elsewhere = client.post(
        FORM,
        form_data(parish_member, complainant_email="someone.else@example.net"),
        REMOTE_ADDR="198.51.100.7",
    )
    assert refused.status_code == 429
    assert elsewhere.status_code == 302
    assert Complaint.objects.count() == 11


def test_it_does_not_count_forms_with_mistakes_against_the_limit(client, parish_member):
    for _ in range(12):
        client.post(FORM, form_data(parish_member, complainant_name=""))
    assert client.post(FORM, form_data(parish_member)).status_code == 302


# --- Signed in ---------------------------------------------------------------------------------


def test_it_lets_a_councillor_lodge_a_complaint_without_confirming_their_email(
    client, other_councillor, subject_member, django_capture_on_commit_callbacks, run_tasks, mailoutbox
):
    client.force_login(other_councillor)
    page = client.get(FORM).content.decode()
    assert 'value="Jo Pennant"' in page
    assert 'value="cllr.other@example.org"' in page and "disabled" in page
    data = form_data(subject_member, complainant_name="Jo Pennant", complainant_email="someone@else.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, data)
    run_tasks()
    complaint = Complaint.objects.get()
    assert complaint.stage == Stage.RECEIVED
    assert complaint.source == Complaint.Source.MEMBER
    assert complaint.complainant_user == other_councillor
    assert complaint.complainant_email == "cllr.other@example.org"  # from the login, not the form
    assert response["Location"].startswith("/complaints/status/")
    assert [m.subject for m in mailoutbox] == [f"Your complaint {complaint.reference} has been received"]
    assert complaint.events.get().actor == other_councillor


def test_it_records_an_officer_as_the_source(client, member_support, subject_member):
    client.force_login(member_support)
    client.post(FORM, form_data(subject_member, complainant_name="Priya Shah"))
    assert Complaint.objects.get().source == Complaint.Source.OFFICER


def test_it_stops_a_councillor_complaining_about_themselves(client, councillor):
    client.force_login(councillor)
    response = client.post(FORM, form_data(councillor.member, complainant_name="Morgan Hale"))
    assert response.status_code == 400
    assert "You cannot complain about yourself." in text_of(response.content)


def test_it_sends_a_signed_in_member_who_posts_twice_to_a_page_without_the_link(
    client, other_councillor, subject_member
):
    client.force_login(other_councillor)
    data = form_data(subject_member, complainant_name="Jo Pennant")
    client.post(FORM, data)
    second = client.post(FORM, data)
    assert second["Location"] == "/complaints/already-received/"
    assert Complaint.objects.count() == 1


def test_it_has_a_privacy_notice(client, db):
    text = text_of(client.get("/complaints/privacy/").content)
    assert "How we use information in complaints about councillors" in text
    assert "6 years after a case is closed" in text


# --- The status page ------------------------------------------------------------------------------


def test_it_lets_the_complainant_withdraw_from_the_status_page(client, make_complaint):
    complaint = make_complaint(stage=Stage.ACKNOWLEDGED)
    submission = services.complaint_submit(form_token=uuid.uuid4(), details=_details(), evidence=())
    confirmed = services.complaint_confirm(token=submission.confirmation_token)
    path = f"/complaints/status/{confirmed.status_token}/"
    response = client.post(path + "withdraw/", {"reasons": "We have sorted it out.", "confirm": "on"})
    assert response["Location"] == path
    withdrawn = Complaint.objects.get(pk=confirmed.complaint.pk)
    assert withdrawn.stage == Stage.WITHDRAWN
    assert withdrawn.outcome == Stage.WITHDRAWN
    event = withdrawn.events.filter(to_status=Stage.WITHDRAWN).get()
    assert event.note == "Withdrawn by the complainant. We have sorted it out."
    assert "The complaint was withdrawn." in text_of(client.get(path).content)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.ACKNOWLEDGED


def test_it_asks_the_complainant_to_tick_the_box_to_withdraw(client, db):
    submission = services.complaint_submit(form_token=uuid.uuid4(), details=_details(), evidence=())
    confirmed = services.complaint_confirm(token=submission.confirmation_token)
    response = client.post(f"/complaints/status/{confirmed.status_token}/withdraw/", {"reasons": ""})
    assert response.status_code == 400
    assert "Tick the box to confirm" in text_of(response.content)
    assert Complaint.objects.get().stage == Stage.RECEIVED


def _details():
    from tests.complaints.conftest import details

    return details()
