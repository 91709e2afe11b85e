"""The demo data: every part of training shows, and running it twice adds nothing."""

import datetime
import importlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.management.commands import seed_demo
from portal.models import Member
from training import selectors
from training.models import (
    Booking,
    CalendarFeed,
    Completion,
    Course,
    CourseAssignment,
    InductionAssignment,
    InductionPack,
    Session,
)

MODELS = [
    Course,
    Session,
    Booking,
    Completion,
    CourseAssignment,
    InductionPack,
    InductionAssignment,
    CalendarFeed,
]


@pytest.fixture
def seeded(db, settings, monkeypatch, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Guidance first, as seed_demo runs it, so courses and packs can link its documents.
    monkeypatch.setattr(
        seed_demo,
        "feature_demos",
        lambda: [importlib.import_module("guidance.demo"), importlib.import_module("training.demo")],
    )
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_seeds_training_and_adds_nothing_the_second_time(seeded):
    assert "Training: 6 courses" in seeded
    before = counts()
    call_command("seed_demo", force=True, stdout=StringIO())
    assert counts() == before


def test_it_seeds_the_courses_the_issue_names(seeded):
    social = Course.objects.get(slug="social-media-basics")
    assert social.get_provider_display() == "Communications Team"
    assert Course.objects.get(slug="code-of-conduct").refresher_months == 48
    planning = Course.objects.get(slug="planning-and-licensing")
    assert planning.refresher_months == 12
    assert {c.slug for c in planning.required_for_committees.all()} == {"planning", "licensing"}


def test_it_seeds_full_sessions_with_waiting_lists_and_marked_registers(seeded):
    full = [
        s
        for s in selectors.with_place_counts(Session.objects.upcoming())
        if s.booked_count == s.capacity and s.waiting_count
    ]
    assert full
    assert Booking.objects.exclude(attendance="").exists()
    assert Session.objects.filter(status="cancelled").exists()
    assert Completion.objects.verified().filter(expires_on__lt=timezone.localdate()).exists()
    assert Completion.objects.filter(status="pending").exclude(evidence="").count() >= 2


def test_it_leaves_aisha_part_way_through_her_induction(seeded):
    aisha = Member.objects.get(email="cllr.new@example.org")
    [progress] = selectors.member_induction(aisha)
    assert 0 < progress.done < progress.total
    assert progress.overdue


def test_it_flags_morgan_as_not_eligible_for_planning(seeded):
    morgan = Member.objects.get(email="cllr.ward@example.org")
    gaps = selectors.eligibility_gaps(morgan)
    assert "planning" in {gap.committee.slug for gap in gaps}
    assert all(expired for gap in gaps for _, expired in gap.courses)


def test_it_shows_aisha_a_place_she_cancelled_through_the_confirmation_page(seeded, client):
    aisha = Member.objects.get(email="cllr.new@example.org")
    cancelled = Booking.objects.get(member=aisha, status=Booking.Status.CANCELLED)
    assert cancelled.session.course.slug == "chairing-meetings"
    assert cancelled.cancelled_at < timezone.now() - datetime.timedelta(days=1)
    # She cancelled it herself, through the service, so the trail says so.
    assert cancelled.events.filter(actor=aisha.user, to_status=Booking.Status.CANCELLED).exists()
    client.force_login(aisha.user)
    page = client.get(cancelled.session.get_absolute_url()).content.decode()
    assert "Your earlier booking was cancelled. You can book again." in page
