"""The library's rendered page and each document page's contents are kept in the shared cache per
reader: each changes right after every write that changes it, and is never shared between readers
who may see different things."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from guidance import extensions, services, to_read_cache
from guidance.models import Acknowledgement, ChecklistItem, Document, SignOff
from portal.models import Committee, CommitteeMembership


def page(client, path="/guidance/", **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_a_document_read_right_after_acknowledging_it(client_for, councillor, make_document):
    document = make_document("Social Media Guide")
    client = client_for(councillor)
    assert "To read</span>" in page(client)
    assert "To read</span>" in page(client)  # now from the cache

    services.document_acknowledge(document=document, member=councillor.member, version_number=1)

    html = page(client)
    assert "To read</span>" not in html
    assert "Read</span>" in html
    assert "You are up to date" in html


def test_a_title_changed_in_the_back_office_shows_at_once(client_for, councillor, make_document):
    document = make_document("Social Media Guide")
    client = client_for(councillor)
    assert "Social Media Guide" in page(client)
    assert "Social Media Guide" in page(client, f"/guidance/{document.slug}/")

    document.refresh_from_db()
    document.title = "Using Social Media"
    document.save()

    assert "Using Social Media" in page(client)
    assert "Social Media Guide" not in page(client)
    assert "Using Social Media" in page(client, f"/guidance/{document.slug}/")


def test_a_committee_renamed_shows_at_once_on_the_library_page(
    client_for, councillor, make_committee, make_document
):
    committee = make_committee("Planning Committee", members=[councillor.member])
    make_document("Planning Code", audience=Document.Audience.COMMITTEE, committee=committee)
    client = client_for(councillor)
    assert "For members of the planning committee" in page(client)

    committee.name = "Development Committee"
    committee.save()

    assert "For members of the development committee" in page(client)


def test_a_search_page_changes_right_after_publishing(client_for, councillor, make_document):
    make_document("Planning Code", body="How to declare a planning interest.")
    client = client_for(councillor)
    assert "1 document found" in page(client, q="planning")

    make_document("Planning Appeals", body="What happens at a planning appeal.")

    html = page(client, q="planning")
    assert "2 documents found" in html
    assert "<mark>Planning</mark> Appeals" in html


def test_the_library_page_is_never_shared_between_audiences(
    client_for, councillor, coopted_member, make_document
):
    make_document("For councillors only", audience=Document.Audience.COUNCILLORS)
    make_document("For co-opted members only", audience=Document.Audience.CO_OPTED)

    for _ in range(2):  # the second time from the cache
        councillor_sees = page(client_for(councillor))
        coopted_sees = page(client_for(coopted_member))
        assert "For councillors only" in councillor_sees
        assert "For co-opted members only" not in councillor_sees
        assert "For co-opted members only" in coopted_sees
        assert "For councillors only" not in coopted_sees


def test_the_library_page_is_never_shared_between_two_readers_of_the_same_audience(
    client_for, councillor, other_councillor, make_document
):
    document = make_document("Social Media Guide")
    services.document_acknowledge(document=document, member=councillor.member, version_number=1)

    for _ in range(2):
        assert "You are up to date" in page(client_for(councillor))
        assert "You have 1 document to read" in page(client_for(other_councillor))


def test_the_document_page_shows_an_acknowledgement_at_once_and_its_withdrawal(
    client_for, councillor, make_document
):
    document = make_document("Social Media Guide")
    client = client_for(councillor)
    path = f"/guidance/{document.slug}/"
    assert "I have read this" in page(client, path)
    assert "I have read this" in page(client, path)

    services.document_acknowledge(document=document, member=councillor.member, version_number=1)
    assert "You have read this." in page(client, path)

    Acknowledgement.objects.filter(member=councillor.member, document=document).delete()
    assert "I have read this" in page(client, path)


def test_the_document_page_shows_checklist_ticks_at_once_and_only_to_their_member(
    client_for, councillor, other_councillor, make_document
):
    document = make_document("Social Media Guide")
    item = ChecklistItem.objects.create(document=document, position=1, text="Check the privacy settings")
    path = f"/guidance/{document.slug}/"
    assert "You have ticked 0 of 1" in page(client_for(councillor), path)
    assert "You have ticked 0 of 1" in page(client_for(other_councillor), path)

    services.checklist_save(document=document, member=councillor.member, ticked_item_ids=[item.pk])

    assert "You have ticked 1 of 1" in page(client_for(councillor), path)
    assert "You have ticked 0 of 1" in page(client_for(other_councillor), path)


def test_the_document_page_shows_a_new_sign_off_row_at_once(client_for, councillor, make_document):
    document = make_document("Social Media Guide")
    client = client_for(councillor)
    path = f"/guidance/{document.slug}/"
    assert "Head of Legal Services" not in page(client, path)

    SignOff.objects.create(
        document=document, version=document.current_version, signed_off_by="Head of Legal Services"
    )

    assert "Head of Legal Services" in page(client, path)


def test_the_document_page_follows_a_committee_place_at_once(
    client_for, councillor, make_committee, make_document
):
    committee = make_committee("Planning Committee")
    document = make_document("Planning Code", audience=Document.Audience.COMMITTEE, committee=committee)
    client = client_for(councillor)
    path = f"/guidance/{document.slug}/"
    assert client.get(path).status_code == 404

    CommitteeMembership.objects.create(
        committee=committee, member=councillor.member, start_date=timezone.localdate()
    )

    assert "Planning Code" in page(client, path)


@dataclass
class Answer:
    title: str
    snippet: str = ""

    def get_absolute_url(self):
        return "/"


@pytest.fixture
def faq_provider(request):
    """A search provider like Ask the Monitoring Officer's, reading the library's own committees
    (any model will do) and counting its searches."""
    saved = extensions.snapshot()
    request.addfinalizer(lambda: extensions.restore(saved))
    searches = []

    def search(query, limit):
        searches.append(query)
        return [Answer(title=committee.name) for committee in Committee.objects.all()]

    extensions.register_search_provider(
        extensions.SearchProvider(key="answers", heading="Answers", search=search, reads=(Committee,))
    )
    return searches


def test_another_apps_search_results_change_right_after_a_write_to_what_they_read(
    client_for, councillor, make_committee, faq_provider
):
    make_committee("Planning Committee")
    client = client_for(councillor)
    assert "Planning Committee" in page(client, q="planning")
    assert "Planning Committee" in page(client, q="planning")
    assert faq_provider == ["planning"]  # the second time from the cache

    make_committee("Licensing Committee")

    assert "Licensing Committee" in page(client, q="planning")
    assert faq_provider == ["planning", "planning"]


def test_the_pages_work_without_the_cache(client_for, councillor, make_document, monkeypatch, caplog):
    document = make_document("Social Media Guide")

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for method in ("get_many", "set", "set_many"):
        monkeypatch.setattr(to_read_cache.cache, method, down)
    client = client_for(councillor)

    assert "Social Media Guide" in page(client)
    assert "<mark>Social</mark> Media Guide" in page(client, q="social")
    assert "I have read this" in page(client, f"/guidance/{document.slug}/")
    services.document_acknowledge(document=document, member=councillor.member, version_number=1)
    assert "You have read this." in page(client, f"/guidance/{document.slug}/")
    assert "Guidance cache unavailable" in caplog.text
