"""Publishing: numbered, unchangeable versions with a change note; archive; the document's trail."""

import pytest

from guidance import services
from guidance.models import Document, DocumentEvent, DocumentVersion, Review, SignOff
from portal.errors import DomainError


def test_it_publishes_the_draft_as_version_one(make_document, member_support):
    document = make_document("Using social media", body="## Hello\n\nBe **kind** online.", publish=False)

    version = services.document_publish(
        document=document, actor=member_support, change_note="First version.", material=False
    )

    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert document.current_version == version
    assert version.number == 1
    assert version.title == "Using social media"
    assert version.body_html == "<h2>Hello</h2>\n<p>Be <strong>kind</strong> online.</p>"
    assert version.body_text == "Hello\nBe kind online."
    assert version.published_by == member_support
    # The first version is always one everybody must read.
    assert version.material is True
    assert document.acknowledge_from == 1
    assert document.next_review_on is not None
    event = DocumentEvent.objects.get(document=document)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "published",
        "draft",
        "published",
        member_support,
    )


def test_it_numbers_each_new_version_and_keeps_the_old_ones(make_document, publish_again):
    document = make_document(body="First text.")
    publish_again(document, body="Second text.", note="Rewrote it.")
    publish_again(document, body="Third text.", note="Again.", material=False)

    numbers = list(document.versions.order_by("number").values_list("number", "body", "material"))
    assert numbers == [(1, "First text.", True), (2, "Second text.", True), (3, "Third text.", False)]
    assert document.current_version.number == 3
    # The material version 2 is the one acknowledgements must reach; the minor 3 does not move it.
    assert document.acknowledge_from == 2


def test_it_refuses_to_change_a_published_version(make_document):
    version = make_document().current_version
    version.body = "Quietly rewritten"

    with pytest.raises(ValueError, match="cannot be changed"):
        version.save()
    assert DocumentVersion.objects.get(pk=version.pk).body != "Quietly rewritten"


def test_it_needs_a_change_note(make_document):
    document = make_document(publish=False)

    with pytest.raises(DomainError, match="Say what changed"):
        services.document_publish(document=document, actor=None, change_note="  ", material=True)
    assert not document.versions.exists()


def test_it_refuses_to_publish_when_nothing_has_changed(make_document):
    document = make_document()

    with pytest.raises(DomainError, match="Nothing has changed since version 1"):
        services.document_publish(document=document, actor=None, change_note="Again", material=False)
    assert document.versions.count() == 1


def test_it_refuses_to_publish_an_empty_draft(make_document):
    document = make_document(body="", publish=False)

    with pytest.raises(DomainError, match="no text"):
        services.document_publish(document=document, actor=None, change_note="First", material=True)


def test_it_attaches_the_pending_sign_off_record_to_the_new_version(make_document, publish_again):
    document = make_document()
    earlier = SignOff.objects.create(document=document, version=document.current_version, signed_off_by="MO")
    pending = SignOff.objects.create(document=document, signed_off_by="Corporate Management Team")

    version = publish_again(document)

    pending.refresh_from_db()
    earlier.refresh_from_db()
    assert pending.version == version
    assert earlier.version.number == 1


def test_a_new_version_counts_as_the_review(make_document, publish_again, member_support):
    document = make_document()
    Document.objects.filter(pk=document.pk).update(next_review_on="2020-01-01")

    version = publish_again(document, actor=member_support, note="Annual review: updated the law.")

    document.refresh_from_db()
    assert document.next_review_on > version.published_at.date()
    review = Review.objects.get(document=document)
    assert (review.outcome, review.version, review.reviewer) == ("new_version", version, member_support)


def test_it_archives_and_publishes_again(make_document, publish_again, member_support):
    document = make_document()

    services.document_archive(document=document, actor=member_support, note="Superseded.")
    document.refresh_from_db()
    assert document.status == Document.Status.ARCHIVED
    with pytest.raises(DomainError, match="cannot go from “Archived” to “Archived”"):
        services.document_archive(document=document, actor=member_support)

    publish_again(document, note="Brought back with changes.")
    assert document.status == Document.Status.PUBLISHED
    actions = list(
        DocumentEvent.objects.filter(document=document).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["published", "archived", "published"]


def test_the_review_date_lands_on_the_same_day_months_later():
    import datetime

    assert services.next_review_after(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert services.next_review_after(datetime.date(2025, 3, 15), 12) == datetime.date(2026, 3, 15)
    assert services.next_review_after(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
