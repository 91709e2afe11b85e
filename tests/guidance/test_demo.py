"""The demo guidance: what it adds, and that running it twice adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from guidance import selectors
from guidance.models import (
    Acknowledgement,
    ChecklistItem,
    ChecklistTick,
    CommitteeNoting,
    Document,
    DocumentVersion,
    Review,
    SignOff,
)
from portal.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


def counts():
    return [
        model.objects.count()
        for model in (
            Document,
            DocumentVersion,
            SignOff,
            CommitteeNoting,
            Acknowledgement,
            ChecklistTick,
            Review,
        )
    ]


def test_it_adds_the_documents_the_issue_asks_for(seeded):
    titles = set(Document.objects.published().values_list("title", flat=True))
    assert {
        "Social Media Guide for Councillors",
        "The Code of Conduct in brief",
        "The Seven Principles of Public Life",
        "Social media do's and don'ts: a checklist",
        "Legal risks when posting online",
        "Planning Committee: predetermination and bias",
    } <= titles
    guide = Document.objects.get(slug="social-media-guide")
    assert guide.versions.count() == 2
    assert "defamation" in guide.current_version.body_text
    assert SignOff.objects.filter(document=guide, version=guide.current_version).exists()
    assert ChecklistItem.objects.filter(document__slug="social-media-checklist").count() >= 5
    assert Document.objects.published().filter(next_review_on__lt=timezone.localdate()).count() == 1


def test_morgan_has_read_some_and_aisha_has_everything_to_read(seeded):
    morgan = Member.objects.get(email="cllr.ward@example.org")
    aisha = Member.objects.get(email="cllr.new@example.org")

    up_to_date = set(
        selectors.up_to_date_acknowledgements().filter(member=morgan).values_list("document__slug", flat=True)
    )
    assert {"code-of-conduct-summary", "seven-principles-of-public-life"} <= up_to_date
    assert "social-media-guide" not in up_to_date  # a material version 2 followed
    assert not Acknowledgement.objects.filter(member=aisha).exists()
    assert "planning-predetermination" not in set(
        selectors.documents_visible_to(aisha).values_list("slug", flat=True)
    )
    assert "planning-predetermination" in set(
        selectors.documents_visible_to(morgan).values_list("slug", flat=True)
    )


def test_running_it_twice_adds_nothing(seeded):
    before = counts()

    call_command("seed_demo", stdout=StringIO())

    assert counts() == before


def test_it_records_the_standards_committee_meeting_that_reviewed_the_checklist(seeded, client):
    from portal.models import User

    review = Review.objects.get(meeting_on__isnull=False)
    assert review.minute_reference == "SC/26/14"
    assert review.meeting_on < review.reviewed_on < timezone.localdate()
    client.force_login(User.objects.get(email="mo@example.org"))
    page = client.get(f"/guidance/{review.document.slug}/review/").content.decode()
    assert "(minute SC/26/14)" in page
    assert "Noted the checklist and agreed it needs no change this year." in page
