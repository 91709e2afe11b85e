"""The "to read" summary is cached per person and changes right after each write that changes it."""

import re

import pytest
from django.utils import timezone

from guidance import services
from guidance.models import Acknowledgement, Document
from portal.models import CommitteeMembership


def to_read(client):
    """(how many, titles listed) from the dashboard's card, as the member sees it."""
    html = client.get("/").content.decode()
    found = re.search(r'<section[^>]*aria-labelledby="guidance-to-read".*?</section>', html, re.S)
    if found is None:
        raise AssertionError("no to-read panel")
    card = found.group(0)
    count = re.search(r'<span class="stat">(\d+)</span>', card)
    titles = re.findall(r'<li><a href="[^"]*">([^<]*)</a>', card)
    return (int(count.group(1)) if count else 0), titles


@pytest.fixture
def seen(client_for, councillor, make_document):
    """The councillor's client, with one document to read and the summary already cached."""
    make_document("Social Media Guide")
    client = client_for(councillor)
    assert to_read(client) == (1, ["Social Media Guide"])
    return client


def test_acknowledging_takes_the_document_off_the_list_at_once(seen, councillor):
    document = Document.objects.get(title="Social Media Guide")

    services.document_acknowledge(document=document, member=councillor.member, version_number=1)

    assert to_read(seen) == (0, [])


def test_withdrawing_an_acknowledgement_puts_it_back(seen, councillor):
    document = Document.objects.get(title="Social Media Guide")
    services.document_acknowledge(document=document, member=councillor.member, version_number=1)
    assert to_read(seen) == (0, [])

    Acknowledgement.objects.get(member=councillor.member, document=document).delete()

    assert to_read(seen) == (1, ["Social Media Guide"])


def test_a_newly_published_document_is_listed_at_once(seen, make_document):
    make_document("Code of Conduct")

    assert to_read(seen) == (2, ["Code of Conduct", "Social Media Guide"])


def test_a_material_new_version_asks_again_and_an_archived_document_goes(
    seen, councillor, member_support, publish_again
):
    document = Document.objects.get(title="Social Media Guide")
    services.document_acknowledge(document=document, member=councillor.member, version_number=1)
    assert to_read(seen) == (0, [])

    publish_again(document, material=True)
    assert to_read(seen) == (1, ["Social Media Guide"])

    services.document_archive(document=document, actor=member_support, note="Replaced.")
    assert to_read(seen) == (0, [])


def test_joining_a_committee_lists_its_documents_at_once(seen, councillor, make_committee, make_document):
    committee = make_committee("Planning Committee")
    make_document("Planning Code", audience=Document.Audience.COMMITTEE, committee=committee)
    assert to_read(seen) == (1, ["Social Media Guide"])

    CommitteeMembership.objects.create(
        committee=committee, member=councillor.member, start_date=timezone.localdate()
    )

    assert to_read(seen) == (2, ["Planning Code", "Social Media Guide"])


def test_people_who_see_different_documents_never_share_a_summary(
    client_for, councillor, coopted_member, make_document
):
    make_document("For everyone")
    make_document("For councillors", audience=Document.Audience.COUNCILLORS)
    make_document("For co-opted members", audience=Document.Audience.CO_OPTED)

    for _ in range(2):  # the second time from the cache
        assert to_read(client_for(councillor)) == (2, ["For councillors", "For everyone"])
        assert to_read(client_for(coopted_member)) == (2, ["For co-opted members", "For everyone"])


def test_the_library_page_shows_the_same_cached_summary(seen, councillor):
    document = Document.objects.get(title="Social Media Guide")
    assert seen.get("/guidance/").context["library"].to_read_count == 1

    services.document_acknowledge(document=document, member=councillor.member, version_number=1)

    assert seen.get("/guidance/").context["library"].to_read_count == 0


def test_the_library_count_and_a_search_change_right_after_publishing_and_archiving(
    client_for, councillor, member_support, make_document
):
    make_document("Planning Code", body="How to declare a planning interest.")
    client = client_for(councillor)
    assert client.get("/guidance/").context["page"].paginator.count == 1
    assert [d.title for d in client.get("/guidance/", {"q": "planning"}).context["page"]] == ["Planning Code"]

    newer = make_document("Planning Appeals", body="What happens at a planning appeal.")

    assert client.get("/guidance/").context["page"].paginator.count == 2
    found = client.get("/guidance/", {"q": "planning"}).context["page"]
    assert found.paginator.count == 2
    assert sorted(d.title for d in found) == ["Planning Appeals", "Planning Code"]

    services.document_archive(document=newer, actor=member_support, note="Withdrawn.")

    assert client.get("/guidance/").context["page"].paginator.count == 1
    assert [d.title for d in client.get("/guidance/", {"q": "planning"}).context["page"]] == ["Planning Code"]


def test_a_search_is_never_shared_between_readers_of_different_audiences(
    client_for, councillor, coopted_member, make_document
):
    make_document("Planning for councillors", audience=Document.Audience.COUNCILLORS)
    make_document("Planning for everyone")

    for _ in range(2):  # the second time from the cache
        councillor_sees = client_for(councillor).get("/guidance/", {"q": "planning"}).context["page"]
        coopted_sees = client_for(coopted_member).get("/guidance/", {"q": "planning"}).context["page"]
        assert sorted(d.title for d in councillor_sees) == [
            "Planning for councillors",
            "Planning for everyone",
        ]
        assert [d.title for d in coopted_sees] == ["Planning for everyone"]
        assert client_for(coopted_member).get("/guidance/").context["page"].paginator.count == 1
