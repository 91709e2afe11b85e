"""Member Support."""

import datetime

from django.core.paginator import Paginator
from django.db.models import (
    F,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from guidance.models import Document
from portal.models import Member
from training.models import (
    Booking,
    Completion,
    CourseAssignment,
    Session,
)
from training.selectors.courses import PAGE_SIZE, can_manage, with_place_counts


def verification_queue(page_number=1):
    pending = (
        Completion.objects.filter(status=Completion.Status.PENDING)
        .select_related("member__authority", "course")
        .order_by("created_at", "pk")
    )
    return Paginator(pending, PAGE_SIZE).get_page(page_number)


def completion_for(user, pk: int) -> Completion:
    """A completion the person may see (their own, or any for Member Support), else 404."""
    completions = Completion.objects.select_related("member", "course")
    if not can_manage(user):
        completions = completions.filter(member__user=user)
    return get_object_or_404(completions, pk=pk)


def booking_for(user, pk: int) -> Booking:
    """A booking the person may change (their own, or any for Member Support), else 404."""
    bookings = Booking.objects.select_related("session__course", "member")
    if not can_manage(user):
        bookings = bookings.filter(member__user=user)
    return get_object_or_404(bookings, pk=pk)


def outstanding_assignments(limit=None):
    assignments = (
        CourseAssignment.objects.filter(status=CourseAssignment.Status.OUTSTANDING)
        .select_related("member", "course")
        .order_by(F("due_on").asc(nulls_last=True), "assigned_at")
    )
    return list(assignments[:limit] if limit else assignments)


def upcoming_sessions_for_officers(limit=6):
    return list(
        with_place_counts(Session.objects.upcoming().select_related("course")).order_by("starts_at", "pk")[
            :limit
        ]
    )


def feed_bookings(member: Member):
    """Sessions the member has a place on, for their calendar feed: the last 90 days and all to come."""
    since = timezone.now() - datetime.timedelta(days=90)
    return list(
        Booking.objects.filter(
            member=member, status=Booking.Status.BOOKED, session__starts_at__gte=since
        ).select_related("session__course")
    )


def documents_for_choice():
    return Document.objects.published().order_by("title")
