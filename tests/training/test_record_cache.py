"""The member's training record is kept in the cache: each write that changes it shows at once."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from portal.models import CommitteeMembership
from training import record_cache, selectors, services
from training.models import Booking, CommitteeRequirement, Completion, CourseAssignment


@pytest.fixture
def member(councillor):
    return councillor.member


def record(member):
    return selectors.training_record(member)


def kept(member):
    return record_cache.get(member, timezone.localdate()) is not None


def test_the_record_is_kept_and_used_until_something_changes(member, make_course):
    make_course("Code of Conduct", requirement="all_members")
    first = record(member)
    assert kept(member)
    assert [line.course.title for line in record(member).due] == [line.course.title for line in first.due]


def test_booking_and_cancelling_a_place_show_at_once(member, make_session):
    session = make_session(capacity=1)
    assert record(member).upcoming == []

    booking = services.booking_book(session=session, member=member, actor=member.user)
    assert [b.pk for b in record(member).upcoming] == [booking.pk]

    services.booking_cancel(booking=booking, actor=member.user)
    assert record(member).upcoming == []


def test_a_place_on_the_waiting_list_moves_up_when_someone_ahead_cancels(member, make_member, make_session):
    session = make_session(capacity=1)
    first, second = make_member(email="ahead1@example.org"), make_member(email="ahead2@example.org")
    services.booking_book(session=session, member=first, actor=None)
    ahead = services.booking_book(session=session, member=second, actor=None)
    mine = services.booking_book(session=session, member=member, actor=None)
    assert mine.status == Booking.Status.WAITING
    assert record(member).upcoming[0].position == 2

    services.booking_cancel(booking=ahead, actor=None)  # someone else's write

    assert record(member).upcoming[0].position == 1


def test_marking_the_register_adds_the_course_at_once(member, make_session, make_booking, member_support):
    session = make_session(starts_in=datetime.timedelta(hours=-3))
    booking = make_booking(session, member)
    assert record(member).done == []

    services.attendance_record(session=session, marks={booking.pk: "attended"}, actor=member_support)

    assert [c.course_id for c in record(member).done] == [session.course_id]


def test_a_recorded_then_removed_completion_shows_at_once(member, course):
    assert record(member).done == []
    completion = services.completion_record(
        member=member, course=course, completed_on=timezone.localdate(), source="certificate", actor=None
    )
    assert [c.pk for c in record(member).done] == [completion.pk]

    completion.delete()

    assert record(member).done == []


def test_an_acknowledgement_moves_induction_on_at_once(member, make_pack, make_document, acknowledge):
    document = make_document()
    pack = make_pack(items=[(document, 14)])
    services.induction_assign(pack=pack, member=member, actor=None)
    assert record(member).induction[0].done == 0

    acknowledge(member, document)

    assert record(member).induction[0].done == 1


def test_a_new_committee_place_shows_its_missing_training_at_once(member, make_committee, course):
    committee = make_committee("Planning Committee")
    CommitteeRequirement.objects.create(committee=committee, course=course)
    assert record(member).gaps == []

    CommitteeMembership.objects.create(
        committee=committee, member=member, start_date=timezone.localdate() - datetime.timedelta(days=1)
    )

    assert [gap.committee.pk for gap in record(member).gaps] == [committee.pk]


def test_an_assignment_reason_rewritten_in_bulk_shows_at_once(member, course, member_support):
    services.course_assign(member=member, course=course, actor=member_support, due_on=None, reason="Case 12")
    assert record(member).due[0].why == "Assigned to you: Case 12"

    CourseAssignment.objects.filter(member=member).update(reason="")  # as a case's anonymisation does

    assert record(member).due[0].why == "Assigned to you"


def test_a_session_that_has_ended_leaves_upcoming_without_a_write(member, make_session, make_booking):
    session = make_session(starts_in=datetime.timedelta(hours=2))
    make_booking(session, member)
    assert len(record(member).upcoming) == 1

    later = timezone.now() + datetime.timedelta(hours=5)

    with mock.patch("django.utils.timezone.now", return_value=later):
        assert record(member).upcoming == []


def test_a_new_day_works_the_record_out_again(member):
    record(member)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert record_cache.get(member, tomorrow) is None


def test_each_member_has_their_own_record(member, make_member, make_session, make_booking):
    other = make_member(email="other@example.org")
    make_booking(make_session(), other)
    assert record(other).upcoming
    assert record(member).upcoming == []
    assert len(record(other).upcoming) == 1


def test_a_write_inside_a_transaction_is_seen_by_a_read_after_it_in_the_same_transaction(member, course):
    with transaction.atomic():
        record(member)
        Completion.objects.create(
            member=member,
            course=course,
            source="certificate",
            status="verified",
            completed_on=timezone.localdate(),
        )
        assert len(record(member).done) == 1
        Completion.objects.filter(member=member).delete()
        assert record(member).done == []
    cache.delete(record_cache.GENERATION)
    assert record(member).done == []
