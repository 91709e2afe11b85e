"""The back office: authoring with a preview, publish and archive via a confirm page, sign-off inlines."""

import datetime

from django_tasks_db.models import DBTaskResult

from guidance.models import Document, DocumentEvent, SignOff
from tests.guidance.admin_helpers import change_form_data

CHANGELIST = "/back-office/guidance/document/"


def test_it_creates_a_draft_that_members_cannot_see(client_for, member_support, councillor):
    client = client_for(member_support)

    response = client.post(
        f"{CHANGELIST}add/",
        change_form_data(
            client.get(f"{CHANGELIST}add/"),
            title="Gifts and hospitality",
            slug="gifts-and-hospitality",
            summary="What to register and when.",
            category="code_of_conduct",
            owning_team="Legal Services",
            audience="all_members",
            draft_body="## Register gifts\n\nWithin 28 days.",
            review_interval_months=12,
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get(slug="gifts-and-hospitality")
    assert document.status == Document.Status.DRAFT
    assert client_for(councillor).get("/guidance/gifts-and-hospitality/").status_code == 404


def test_it_previews_the_draft_sanitised(client_for, member_support, make_document):
    document = make_document(
        publish=False, body="## Heading\n\n<script>alert(1)</script>[x](javascript:alert(2))"
    )

    text = client_for(member_support).get(f"{CHANGELIST}{document.pk}/change/").content.decode()

    preview = text.split('<div class="guidance-preview">', 1)[1].split("</div>", 1)[0]
    assert "<h2>Heading</h2>" in preview
    assert "<script" not in preview and "javascript:" not in preview


def test_it_refuses_a_committee_audience_without_a_committee(client_for, member_support, make_document):
    document = make_document()
    client = client_for(member_support)
    url = f"{CHANGELIST}{document.pk}/change/"

    response = client.post(url, change_form_data(client.get(url), audience="committee", committee=""))

    assert response.status_code == 200
    assert "Choose the committee whose members this document is for." in response.content.decode()
    document.refresh_from_db()
    assert document.audience == "all_members"


def test_it_refuses_a_reserved_web_address(client_for, member_support, make_document):
    document = make_document()
    client = client_for(member_support)
    url = f"{CHANGELIST}{document.pk}/change/"

    response = client.post(url, change_form_data(client.get(url), slug="manage"))

    assert "is used by the library itself" in response.content.decode()


def test_editing_goes_through_the_service_and_leaves_a_trail(client_for, member_support, make_document):
    document = make_document("Old title")
    client = client_for(member_support)
    url = f"{CHANGELIST}{document.pk}/change/"

    client.post(url, change_form_data(client.get(url), title="New title"))

    event = DocumentEvent.objects.filter(document=document, action="edited").get()
    assert event.actor == member_support
    assert event.note == "Changed: title"
    assert list(Document.objects.filter(search_vector="new")) == [document]


def test_the_publish_action_asks_for_a_change_note_first(client_for, member_support, make_document):
    document = make_document(body="Old text.")
    Document.objects.filter(pk=document.pk).update(draft_body="New text.")
    client = client_for(member_support)

    page = client.post(CHANGELIST, {"action": "publish_new_version", "_selected_action": [document.pk]})

    text = page.content.decode()
    assert page.status_code == 200
    assert "Publish a new version" in text
    assert '<del><span class="visually-hidden">[removed: </span>Old<span' in text
    assert document.versions.count() == 1

    refused = client.post(
        CHANGELIST,
        {
            "action": "publish_new_version",
            "_selected_action": [document.pk],
            "confirm": "yes",
            "change_note": "",
        },
    )
    assert "This field is required." in refused.content.decode()
    assert document.versions.count() == 1


def test_the_publish_action_publishes_a_material_version(
    client_for, member_support, make_document, django_capture_on_commit_callbacks
):
    document = make_document(body="Old text.")
    Document.objects.filter(pk=document.pk).update(draft_body="New text.")
    client = client_for(member_support)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {
                "action": "publish_new_version",
                "_selected_action": [document.pk],
                "confirm": "yes",
                "change_note": "Added the pre-election period.",
                "material": "on",
            },
            follow=True,
        )

    document.refresh_from_db()
    version = document.current_version
    assert (version.number, version.material, version.change_note, version.published_by) == (
        2,
        True,
        "Added the pre-election period.",
        member_support,
    )
    assert document.acknowledge_from == 2
    assert "Published version 2 of" in response.content.decode()
    assert DBTaskResult.objects.filter(task_path="guidance.tasks.notify_new_version").count() == 1


def test_the_publish_button_on_a_document_publishes_a_minor_version(
    client_for, member_support, make_document
):
    document = make_document(body="Old text.")
    Document.objects.filter(pk=document.pk).update(draft_body="Old text, corrected.")
    client = client_for(member_support)
    url = f"{CHANGELIST}{document.pk}/publish/"

    assert "Publish a new version" in client.get(f"{CHANGELIST}{document.pk}/change/").content.decode()
    response = client.post(url, {"confirm": "yes", "change_note": "Typo."})

    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.current_version.number, document.current_version.material) == (2, False)
    assert document.acknowledge_from == 1


def test_publishing_with_nothing_changed_says_so(client_for, member_support, make_document):
    document = make_document()
    client = client_for(member_support)

    response = client.post(
        f"{CHANGELIST}{document.pk}/publish/", {"confirm": "yes", "change_note": "Again."}, follow=True
    )

    assert "Nothing has changed since version 1" in response.content.decode()


def test_the_archive_action_archives(client_for, member_support, make_document):
    document = make_document()
    client = client_for(member_support)

    client.post(CHANGELIST, {"action": "archive_documents", "_selected_action": [document.pk]})
    client.post(
        CHANGELIST,
        {
            "action": "archive_documents",
            "_selected_action": [document.pk],
            "confirm": "yes",
            "note": "Replaced.",
        },
    )

    document.refresh_from_db()
    assert document.status == Document.Status.ARCHIVED
    assert DocumentEvent.objects.get(document=document, action="archived").note == "Replaced."


def test_versions_are_shown_but_cannot_be_changed(client_for, member_support, make_document, publish_again):
    document = make_document()
    publish_again(document, note="Second go.")

    text = client_for(member_support).get(f"{CHANGELIST}{document.pk}/change/").content.decode()

    assert "Published versions (they cannot be changed)" in text
    assert "Second go." in text
    assert 'name="versions-0-change_note"' not in text


def test_a_sign_off_row_without_a_version_joins_the_next_one(client_for, member_support, make_document):
    document = make_document(body="Text.")
    client = client_for(member_support)
    url = f"{CHANGELIST}{document.pk}/change/"

    client.post(
        url,
        change_form_data(
            client.get(url),
            draft_body="Text, revised.",
            **{
                "signoffs-TOTAL_FORMS": 1,
                "signoffs-0-signed_off_by": "Monitoring Officer",
                "signoffs-0-date_sent": "2025-09-30",
                "signoffs-0-date_signed_off": "2025-10-01",
            },
        ),
    )
    sign_off = SignOff.objects.get()
    assert sign_off.version is None
    client.post(f"{CHANGELIST}{document.pk}/publish/", {"confirm": "yes", "change_note": "Revised."})

    sign_off.refresh_from_db()
    assert sign_off.version.number == 2
    assert sign_off.date_signed_off == datetime.date(2025, 10, 1)


def test_the_monitoring_officer_may_publish_but_a_councillor_never_reaches_the_back_office(
    client_for, monitoring_officer, councillor, make_document
):
    document = make_document()

    assert client_for(monitoring_officer).get(f"{CHANGELIST}{document.pk}/publish/").status_code == 200
    response = client_for(councillor).get(f"{CHANGELIST}{document.pk}/publish/")
    assert response.status_code == 302 and "/back-office/login/" in response["Location"]
