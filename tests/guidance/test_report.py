"""Member Support's acknowledgement report and reminders."""

import uuid

import pytest
from django.core import mail

from guidance import services
from guidance.models import Reminder, ReminderBatch


@pytest.fixture
def document(make_document, councillor, other_councillor, coopted_member):
    document = make_document("Social Media Guide")
    services.document_acknowledge(document=document, member=councillor.member, version_number=1)
    return document


def report(client, document, show=None):
    params = {"show": show} if show else {}
    response = client.get(f"/guidance/{document.slug}/acknowledgements/", params)
    assert response.status_code == 200
    return response


def names(response):
    return [member.full_name for member in response.context["page"].object_list]


def test_it_lists_who_has_not_acknowledged(client_for, member_support, document):
    response = report(client_for(member_support), document)

    assert names(response) == ["Sam Okafor", "Jo Pennant"]
    text = response.content.decode()
    assert "Not acknowledged (2)" in text
    assert "Acknowledged (1)" in text
    assert "Everyone (3)" in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_lists_who_has(client_for, member_support, document):
    response = report(client_for(member_support), document, show="acknowledged")

    assert names(response) == ["Morgan Hale"]
    assert "Acknowledged</span>" in response.content.decode()


def test_a_material_change_puts_members_back_on_the_not_acknowledged_list(
    client_for, member_support, document, publish_again
):
    publish_again(document, material=True)

    response = report(client_for(member_support), document)

    assert names(response) == ["Morgan Hale", "Sam Okafor", "Jo Pennant"]
    assert "Read version 1: must read again" in response.content.decode()


def test_reminders_go_to_those_who_have_not_acknowledged(
    client_for, member_support, document, django_capture_on_commit_callbacks, run_tasks
):
    client = client_for(member_support)
    token = str(uuid.uuid4())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/guidance/{document.slug}/reminders/", {"token": token})
    run_tasks()

    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "cllr.other@example.org",
        "coopted@example.org",
    ]
    assert mail.outbox[0].subject == "Reminder: please read Social Media Guide"
    batch = ReminderBatch.objects.get()
    assert (batch.recipient_count, batch.sent_by, batch.version) == (
        2,
        member_support,
        document.current_version,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Reminder sent to 2 members who have not acknowledged it yet." in page
    assert "Last reminder:" in page
    assert page.count(f"{batch.sent_at:%-d %b %Y}") >= 2  # the "last reminded" column


def test_a_double_submission_sends_one_batch(
    client_for, member_support, document, django_capture_on_commit_callbacks, run_tasks
):
    client = client_for(member_support)
    token = str(uuid.uuid4())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/guidance/{document.slug}/reminders/", {"token": token})
        client.post(f"/guidance/{document.slug}/reminders/", {"token": token})
    run_tasks()

    assert ReminderBatch.objects.count() == 1
    assert Reminder.objects.count() == 2
    assert len(mail.outbox) == 2


def test_it_refuses_reminders_when_everyone_is_up_to_date(
    client_for, member_support, make_document, councillor
):
    document = make_document()
    services.document_acknowledge(document=document, member=councillor.member, version_number=1)
    client = client_for(member_support)

    response = client.post(f"/guidance/{document.slug}/reminders/", {"token": str(uuid.uuid4())}, follow=True)

    assert "there is nobody to remind" in response.content.decode()
    assert not ReminderBatch.objects.exists()


def test_it_exports_everyone_as_csv(client_for, member_support, document):
    response = client_for(member_support).get(
        f"/guidance/{document.slug}/acknowledgements/", {"format": "csv"}
    )

    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("\ufeffMember,Email,Type,Up to date")  # with a BOM, for Excel
    assert any(line.startswith("Morgan Hale,cllr.ward@example.org,Councillor,Yes,1,") for line in lines)
    assert any(line.startswith("Jo Pennant,cllr.other@example.org,Councillor,No,,") for line in lines)


def test_the_index_counts_each_documents_audience(
    client_for, member_support, document, make_document, make_committee, councillor
):
    planning = make_committee("Planning Committee", members=[councillor.member])
    make_document("Predetermination", audience="committee", committee=planning)

    response = client_for(member_support).get("/guidance/manage/acknowledgements/")

    rows = {
        d.title: (d.up_to_date_count, d.audience_count, d.outstanding_count) for d in response.context["page"]
    }
    assert rows == {"Social Media Guide": (1, 3, 2), "Predetermination": (0, 1, 1)}
    assert "1 of 3" in response.content.decode()


def test_each_row_shows_the_member_escaped_and_their_dates(client_for, member_support, document, make_member):
    make_member(first_name="Ann <b>", last_name="Zed", ward="Mill & Weir", email="")

    text = report(client_for(member_support), document).content.decode()

    assert (
        '<tr><th scope="row">Cllr Ann &lt;b&gt; Zed <span class="doc-meta">Mill &amp; Weir</span>'
        ' <span class="doc-meta">(no email address)</span></th>'
    ) in text
    assert "<td>Never</td><td>Not reminded</td></tr>" in text
    acknowledged = report(client_for(member_support), document, show="acknowledged").content.decode()
    assert "(version 1)</td><td>Not reminded</td></tr>" in acknowledged
