"""Reading and acknowledging, and asking again only after a material change (with an email)."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from guidance import selectors, services
from guidance.models import Acknowledgement
from portal.errors import DomainError


def acknowledge(client, document, number=None):
    number = number or document.current_version.number
    return client.post(f"/guidance/{document.slug}/acknowledge/", {"version": number})


def test_it_records_who_acknowledged_which_version_and_when(client_for, councillor, make_document):
    document = make_document("Code of Conduct in brief")

    client = client_for(councillor)
    response = acknowledge(client, document)

    assert response.status_code == 302
    assert response["Location"] == "/guidance/"
    acknowledgement = Acknowledgement.objects.get()
    assert acknowledgement.member == councillor.member
    assert acknowledgement.version == document.current_version
    assert acknowledgement.acknowledged_at is not None
    page = client.get("/guidance/").content.decode()
    assert "You have acknowledged “Code of Conduct in brief”" in page


def test_it_takes_the_document_off_the_to_read_list(client_for, councillor, make_document):
    read = make_document("Seven Principles")
    unread = make_document("Legal risks online")
    client = client_for(councillor)
    to_read = (
        client.get("/guidance/").content.decode().split('id="to-read-heading"')[1].split("</section>")[0]
    )
    assert "Seven Principles" in to_read and "Legal risks online" in to_read

    acknowledge(client, read)

    to_read = (
        client.get("/guidance/").content.decode().split('id="to-read-heading"')[1].split("</section>")[0]
    )
    assert "Seven Principles" not in to_read
    assert "Legal risks online" in to_read
    assert "You have 1 document to read" in to_read
    page = client.get(read.get_absolute_url()).content.decode()
    assert "You have read this." in page
    assert "I have read this" not in page
    assert unread.pk


def test_a_double_click_records_one_acknowledgement(client_for, councillor, make_document):
    document = make_document()
    client = client_for(councillor)

    acknowledge(client, document)
    acknowledge(client, document)

    assert Acknowledgement.objects.count() == 1


def test_it_refuses_an_acknowledgement_of_a_version_that_is_no_longer_current(
    client_for, councillor, make_document, publish_again
):
    document = make_document()
    publish_again(document)

    client = client_for(councillor)
    response = acknowledge(client, document, number=1)

    assert response.status_code == 302
    assert not Acknowledgement.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "A newer version (version 2) was published while you were reading" in page


def test_an_officer_without_a_member_record_cannot_acknowledge(client_for, member_support, make_document):
    document = make_document()

    assert acknowledge(client_for(member_support), document).status_code == 404
    assert not Acknowledgement.objects.exists()


def test_a_material_version_asks_everyone_again(client_for, councillor, make_document, publish_again):
    document = make_document("Social Media Guide")
    acknowledge(client_for(councillor), document)

    publish_again(document, material=True, note="Added the pre-election period.")

    assert (
        not selectors.documents_visible_to(councillor.member)
        .filter(
            pk__in=selectors.up_to_date_acknowledgements().filter(member=councillor.member).values("document")
        )
        .exists()
    )
    page = client_for(councillor).get(document.get_absolute_url()).content.decode()
    assert "This has changed since you read it." in page
    assert "I have read this" in page
    library = client_for(councillor).get("/guidance/").content.decode()
    assert "Changed: read again" in library


def test_a_minor_version_keeps_acknowledgements_valid(client_for, councillor, make_document, publish_again):
    document = make_document("Social Media Guide")
    acknowledge(client_for(councillor), document)

    publish_again(document, material=False, note="Fixed a typo.")

    assert (
        selectors.up_to_date_acknowledgements().filter(member=councillor.member, document=document).exists()
    )
    page = client_for(councillor).get(document.get_absolute_url()).content.decode()
    assert "You have read this." in page
    assert "Later changes were minor" in page
    assert "I have read this" not in page


def test_a_material_version_queues_the_email_task_on_commit(
    make_document, publish_again, councillor, django_capture_on_commit_callbacks
):
    document = make_document()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = publish_again(document, material=True)
    assert not DBTaskResult.objects.filter(task_path="guidance.tasks.notify_new_version").exists()

    for callback in callbacks:
        callback()

    queued = DBTaskResult.objects.get(task_path="guidance.tasks.notify_new_version")
    assert queued.args_kwargs["kwargs"] == {"version_id": version.pk}


def test_a_minor_version_queues_no_task(make_document, publish_again, django_capture_on_commit_callbacks):
    document = make_document()

    with django_capture_on_commit_callbacks(execute=True):
        publish_again(document, material=False)

    assert not DBTaskResult.objects.filter(task_path="guidance.tasks.notify_new_version").exists()


def test_the_task_emails_each_member_who_must_read_again(
    make_document,
    publish_again,
    councillor,
    other_councillor,
    make_member,
    parish,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    make_member(email="", first_name="No", last_name="Email")
    make_member(authority=parish, email="parish.member@example.org")  # not a member of the district council
    document = make_document("Social Media Guide")
    services.document_acknowledge(document=document, member=councillor.member, version_number=1)

    with django_capture_on_commit_callbacks(execute=True):
        publish_again(document, material=True, note="Added the pre-election period.")
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()  # the guidance task queues one email per member...
    run_tasks()  # ...which the worker then sends

    assert sorted(message.to[0] for message in mail.outbox) == [
        "cllr.other@example.org",
        "cllr.ward@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["cllr.ward@example.org"])
    assert message.subject == "Updated guidance to read again: Social Media Guide"
    assert "Dear Morgan" in message.body
    assert "What changed in version 2: Added the pre-election period." in message.body
    assert f"/guidance/{document.slug}/" in message.body


def test_the_task_skips_members_already_up_to_date(
    make_document, councillor, other_councillor, django_capture_on_commit_callbacks, run_tasks
):
    document = make_document(publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_publish(document=document, actor=None, change_note="First", material=True)
    document.refresh_from_db()
    services.document_acknowledge(document=document, member=councillor.member, version_number=1)

    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    run_tasks()

    assert [message.to for message in mail.outbox] == [["cllr.other@example.org"]]
    assert mail.outbox[0].subject.startswith("New guidance to read: ")


def test_the_service_refuses_a_member_outside_the_audience(make_document, councillor, coopted_member):
    document = make_document(audience="councillors")

    with pytest.raises(DomainError, match="not one you are asked to read"):
        services.document_acknowledge(document=document, member=coopted_member.member, version_number=1)
