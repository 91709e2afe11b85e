"""Who sees what: audiences, committees, archived documents and officers."""

import pytest

from guidance import selectors
from guidance.models import Attachment, Document
from tests.kit import pdf_upload


@pytest.fixture
def licensing_only(make_document, make_committee, other_councillor):
    licensing = make_committee("Licensing Committee", members=[other_councillor.member])
    return make_document(
        "Licensing hearings: what members must know",
        body="Licensing hearings must be fair. Never discuss a hearing with the applicant beforehand.",
        audience=Document.Audience.COMMITTEE,
        committee=licensing,
    )


def test_a_committee_member_can_read_their_committees_guide(client_for, other_councillor, licensing_only):
    response = client_for(other_councillor).get(licensing_only.get_absolute_url())

    assert response.status_code == 200
    assert "Members of the Licensing Committee committee" not in response.content.decode()
    assert "Members of the Licensing Committee" in response.content.decode()


def test_a_councillor_not_on_the_committee_cannot_open_it(client_for, councillor, licensing_only):
    client = client_for(councillor)

    assert client.get(licensing_only.get_absolute_url()).status_code == 404
    assert client.get(f"/guidance/{licensing_only.slug}/versions/1/").status_code == 404
    assert client.post(f"/guidance/{licensing_only.slug}/acknowledge/", {"version": 1}).status_code == 404


def test_a_councillor_not_on_the_committee_cannot_download_its_files(client_for, councillor, licensing_only):
    attachment = Attachment(document=licensing_only, title="Hearing procedure", original_filename="p.pdf")
    attachment.file.save("p.pdf", pdf_upload(), save=False)
    attachment.save()

    response = client_for(councillor).get(f"/guidance/{licensing_only.slug}/files/{attachment.pk}/")

    assert response.status_code == 404


def test_a_councillor_not_on_the_committee_cannot_find_it(
    client_for, councillor, licensing_only, make_document
):
    make_document("Hearings in general", body="Most hearings are public.")
    client = client_for(councillor)

    search = client.get("/guidance/", {"q": "hearing"}).content.decode()
    listing = client.get("/guidance/").content.decode()
    filtered = client.get("/guidance/", {"audience": "committee"}).content.decode()

    assert "<mark>Hearings</mark> in general" in search
    assert "Licensing hearings" not in search
    assert "Licensing hearings" not in listing
    assert "Licensing hearings" not in filtered
    assert "0 matching documents" in filtered


def test_a_member_who_left_the_committee_loses_it(client_for, other_councillor, licensing_only):
    import datetime

    from portal.models import CommitteeMembership

    CommitteeMembership.objects.filter(member=other_councillor.member).update(
        end_date=datetime.date(2024, 1, 1)
    )

    assert client_for(other_councillor).get(licensing_only.get_absolute_url()).status_code == 404


def test_councillor_and_co_opted_audiences(client_for, councillor, coopted_member, make_document):
    for_councillors = make_document("Councillors only", audience=Document.Audience.COUNCILLORS)
    for_co_opted = make_document("Co-opted only", audience=Document.Audience.CO_OPTED)

    assert client_for(councillor).get(for_councillors.get_absolute_url()).status_code == 200
    assert client_for(councillor).get(for_co_opted.get_absolute_url()).status_code == 404
    assert client_for(coopted_member).get(for_co_opted.get_absolute_url()).status_code == 200
    assert client_for(coopted_member).get(for_councillors.get_absolute_url()).status_code == 404
    assert list(selectors.documents_visible_to(coopted_member.member)) == [for_co_opted]


def test_officers_without_a_member_record_read_every_published_document(
    client_for, monitoring_officer, licensing_only, make_document
):
    draft = make_document("Not ready", publish=False)
    client = client_for(monitoring_officer)

    assert client.get(licensing_only.get_absolute_url()).status_code == 200
    assert "Licensing hearings" in client.get("/guidance/").content.decode()
    assert client.get(f"/guidance/{draft.slug}/").status_code == 404


def test_members_cannot_open_drafts_or_archived_documents(
    client_for, councillor, member_support, make_document
):
    from guidance import services

    draft = make_document("Draft", publish=False)
    archived = make_document("Old guidance")
    services.document_archive(document=archived, actor=None)

    assert client_for(councillor).get(f"/guidance/{draft.slug}/").status_code == 404
    assert client_for(councillor).get(archived.get_absolute_url()).status_code == 404
    assert "Old guidance" not in client_for(councillor).get("/guidance/").content.decode()
    officer_view = client_for(member_support).get(archived.get_absolute_url())
    assert officer_view.status_code == 200
    assert "This document has been withdrawn from the library." in officer_view.content.decode()


def test_people_without_the_library_permission_get_nothing(client_for, independent_person, make_document):
    document = make_document()
    client = client_for(independent_person)

    assert client.get("/guidance/").status_code == 403
    assert client.get(document.get_absolute_url()).status_code == 404
