"""Factories for training tests: courses, sessions, bookings, packs and guidance to acknowledge."""

import datetime
import io
import itertools

import pytest
from django.db import connection
from django.utils import timezone

from guidance.models import Acknowledgement, Document, DocumentVersion
from portal.models import CommitteeMembership
from training.models import Booking, Course, InductionItem, InductionPack, Session

_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _private_uploads(settings, tmp_path):
    """Keep uploaded evidence out of the real upload folder."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def run_tasks(run_tasks):
    """Run what the test's transaction queued "on commit" (it never commits), then the task worker.

    The same as django_capture_on_commit_callbacks(execute=True), without wrapping each test in it.
    """

    def run():
        while True:
            run_tasks()  # a task may queue more work "on commit", so go round until none is left
            if not connection.run_on_commit:
                return
            callbacks, connection.run_on_commit[:] = list(connection.run_on_commit), []
            for _, callback, _ in callbacks:
                callback()

    return run


@pytest.fixture
def make_course(db):
    def make(title=None, **fields):
        n = next(_sequence)
        title = title or f"Course {n}"
        defaults = {
            "slug": f"course-{n}",
            "summary": f"What {title} covers.",
            "provider": Course.Provider.MEMBER_SUPPORT,
            "delivery": Course.Delivery.IN_PERSON,
            "duration_minutes": 90,
        }
        defaults.update(fields)
        return Course.objects.create(title=title, **defaults)

    return make


@pytest.fixture
def course(make_course):
    return make_course("Social media basics", slug="social-media-basics", refresher_months=None)


@pytest.fixture
def make_session(course):
    def make(*, course=course, starts_in=datetime.timedelta(days=7), hours=2, capacity=10, **fields):
        starts = (timezone.now() + starts_in).replace(second=0, microsecond=0)
        return Session.objects.create(
            course=course,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
            capacity=capacity,
            venue=fields.pop("venue", "Committee Room 2, Fellbridge Town Hall"),
            trainer=fields.pop("trainer", "Jess Carter"),
            **fields,
        )

    return make


@pytest.fixture
def session(make_session):
    return make_session()


@pytest.fixture
def make_booking(db):
    def make(session, member, status=Booking.Status.BOOKED, **fields):
        now = timezone.now()
        defaults = {
            "booked_at": now if status == Booking.Status.BOOKED else None,
            "queued_at": now if status == Booking.Status.WAITING else None,
        }
        defaults.update(fields)
        return Booking.objects.create(session=session, member=member, status=status, **defaults)

    return make


@pytest.fixture
def make_document(db):
    def make(title=None, *, version=1):
        n = next(_sequence)
        document = Document.objects.create(
            slug=f"document-{n}",
            title=title or f"Guidance {n}",
            summary="What this guidance is for.",
            owning_team="Legal Services",
            draft_body="The text.",
        )
        current = None
        for number in range(1, version + 1):
            current = DocumentVersion.objects.create(
                document=document,
                number=number,
                title=document.title,
                summary=document.summary,
                body="The text.",
                body_html="<p>The text.</p>",
                change_note="First version" if number == 1 else "Updated",
                material=True,
            )
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.PUBLISHED, current_version=current, acknowledge_from=version
        )
        document.refresh_from_db()
        return document

    return make


@pytest.fixture
def acknowledge(db):
    def make(member, document, number=None):
        version = document.versions.get(number=number or document.acknowledge_from)
        return Acknowledgement.objects.create(member=member, document=document, version=version)

    return make


@pytest.fixture
def make_pack(db):
    def make(name=None, *, items=(), opens_on=None, **fields):
        n = next(_sequence)
        pack = InductionPack.objects.create(
            name=name or f"New members {n}",
            slug=f"new-members-{n}",
            opens_on=opens_on or datetime.date(2024, 1, 1),
            **fields,
        )
        for position, (thing, days) in enumerate(items):
            InductionItem.objects.create(
                pack=pack,
                position=position,
                document=thing if isinstance(thing, Document) else None,
                course=thing if isinstance(thing, Course) else None,
                due_days=days,
            )
        return pack

    return make


@pytest.fixture
def on_committee(db):
    def place(member, committee, start=datetime.date(2023, 5, 20)):
        return CommitteeMembership.objects.create(committee=committee, member=member, start_date=start)

    return place


@pytest.fixture
def image_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()
