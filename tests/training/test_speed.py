"""Training's reads at scale: the shortcuts taken for speed give the same answers as the long way."""

import datetime

from django.utils import timezone

from training import selectors
from training.models import Booking, Session


def test_place_counts_are_per_session_and_ignore_cancelled_places(make_member, make_session, make_booking):
    first, second, empty = make_session(capacity=2), make_session(capacity=5), make_session()
    people = [make_member(email=f"count{n}@example.org") for n in range(5)]
    make_booking(first, people[0])
    make_booking(first, people[1])
    make_booking(first, people[2], status=Booking.Status.WAITING)
    make_booking(first, people[3], status=Booking.Status.CANCELLED, cancelled_at=timezone.now())
    make_booking(second, people[4])

    counted = {s.pk: (s.booked_count, s.waiting_count) for s in selectors.upcoming_sessions_for_officers()}

    assert counted == {first.pk: (2, 1), second.pk: (1, 0), empty.pk: (0, 0)}


def test_the_officer_panel_lists_the_next_sessions_with_their_counts(
    client_for, member_support, make_member, make_session, make_booking
):
    sessions = [make_session(starts_in=datetime.timedelta(days=n + 1), capacity=3) for n in range(7)]
    make_booking(sessions[0], make_member(email="soonest@example.org"))

    listed = selectors.upcoming_sessions_for_officers(limit=5)

    assert [s.pk for s in listed] == [s.pk for s in sessions[:5]]
    assert (listed[0].booked_count, listed[1].booked_count) == (1, 0)
    page = client_for(member_support).get("/").content.decode()
    assert "1 of 3 booked" in page


def test_place_counts_do_not_join_every_booking_into_the_session_list():
    # A join and GROUP BY counted every upcoming session's bookings (200,000 at the bench's large
    # scale) before the officer panel's LIMIT 5; a correlated count only counts the sessions shown.
    sql = str(selectors.with_place_counts(Session.objects.all()).query)

    assert 'JOIN "training_booking"' not in sql


def test_the_cohort_page_agrees_with_the_sql_rule_for_every_member(
    make_member, make_pack, make_course, make_document, acknowledge
):
    from training.models import Completion, InductionAssignment

    document, old_document = make_document(), make_document(version=2)
    course, expired_course = make_course(), make_course(refresher_months=12)
    pack = make_pack(items=[(document, 7), (old_document, 400), (course, 14), (expired_course, 3000)])
    today = timezone.localdate()
    members = [make_member(email=f"cohort{n}@example.org") for n in range(5)]
    for n, member in enumerate(members):
        InductionAssignment.objects.create(
            pack=pack, member=member, start_date=today - datetime.timedelta(days=30 * n), how="cohort"
        )
    acknowledge(members[1], document)
    acknowledge(members[2], old_document, number=1)  # an old version does not count
    acknowledge(members[3], old_document)
    for member, on, expires in [
        (members[2], today, None),
        (members[3], today - datetime.timedelta(days=800), today - datetime.timedelta(days=1)),
        (members[4], today, today + datetime.timedelta(days=1)),
    ]:
        Completion.objects.create(
            member=member,
            course=course if member is not members[3] else expired_course,
            source=Completion.Source.CERTIFICATE,
            status=Completion.Status.VERIFIED,
            completed_on=on,
            expires_on=expires,
        )
    Completion.objects.create(
        member=members[0],
        course=course,
        source=Completion.Source.CERTIFICATE,
        status=Completion.Status.PENDING,
        completed_on=today,
    )

    shown = {
        a.member_id: (a.items_done, a.items_total, a.items_overdue)
        for a in selectors.cohort_page(pack.slug).page.object_list
    }
    by_sql = {
        a.member_id: (a.items_done, a.items_total, a.items_overdue)
        for a in selectors.with_progress(InductionAssignment.objects.filter(pack=pack), today)
    }

    assert shown == by_sql
    assert len(set(shown.values())) > 2  # the members really differ


def test_the_registers_radios_are_written_as_djangos_widget_writes_them(
    make_member, make_session, make_booking
):
    from training.forms import RegisterForm
    from training.templatetags.training_tags import radio_input

    session = make_session(starts_in=datetime.timedelta(hours=-2))
    marked = make_booking(session, make_member(email="marked@example.org"), attendance="absent")
    unmarked = make_booking(session, make_member(email="unmarked@example.org"))
    bookings = [marked, unmarked]
    unbound = RegisterForm(bookings=bookings)
    with_errors = RegisterForm({f"attendance_{unmarked.pk}": "asleep"}, bookings=bookings)
    assert not with_errors.is_valid()

    radios = [radio for form in (unbound, with_errors) for _, field in form.bound_rows() for radio in field]

    assert [radio_input(radio) for radio in radios] == [radio.tag() for radio in radios]
    assert any(" checked" in radio_input(radio) for radio in radios)
    assert any('aria-invalid="true"' in radio_input(radio) for radio in radios)


def test_session_dates_read_the_same_when_remembered(make_session):
    from django.utils import formats

    from training.templatetags.training_tags import short_when, when

    for session in (
        make_session(),
        make_session(hours=30),
        make_session(starts_in=datetime.timedelta(days=200)),
    ):
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        long = f"{formats.date_format(start, 'l j F Y')}, {start:%H:%M} to "
        if end.date() != start.date():
            long += f"{formats.date_format(end, 'l j F Y')}, "
        assert when(session) == long + f"{end:%H:%M}"
        assert when(session) == when(session)
        assert short_when(session) == f"{formats.date_format(start, 'j M Y')}, {start:%H:%M}"
