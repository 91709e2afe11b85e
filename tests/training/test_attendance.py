"""The attendance register: marking in bulk, completions it creates, printing and CSV."""

import datetime

from django.utils import timezone

from tests.kit import text_of
from training import services
from training.models import Booking, Completion, CourseAssignment


def past_session(make_session, **fields):
    return make_session(starts_in=datetime.timedelta(hours=-3), **fields)


def book(session, member):
    return Booking.objects.create(
        session=session, member=member, status=Booking.Status.BOOKED, booked_at=timezone.now()
    )


def test_it_marks_the_register_in_bulk_and_records_completions_with_expiry(
    client_for, member_support, councillor, other_councillor, coopted_member, make_course, make_session
):
    planning = make_course("Planning and Licensing training", refresher_months=12)
    session = past_session(make_session, course=planning)
    attended = book(session, councillor.member)
    absent = book(session, other_councillor.member)
    no_show = book(session, coopted_member.member)
    client = client_for(member_support)

    response = client.post(
        f"/training/sessions/{session.pk}/register/",
        {
            f"attendance_{attended.pk}": "attended",
            f"attendance_{absent.pk}": "absent",
            f"attendance_{no_show.pk}": "no_show",
        },
    )

    assert response.status_code == 302
    assert "Register saved: 3 changes." in client.get(response["Location"]).content.decode()
    assert dict(Booking.objects.filter(session=session).values_list("member__last_name", "attendance")) == {
        "Hale": "attended",
        "Pennant": "absent",
        "Okafor": "no_show",
    }
    completion = Completion.objects.get()
    session_day = timezone.localdate(session.starts_at)
    assert completion.member == councillor.member
    assert completion.source == Completion.Source.SESSION
    assert completion.status == Completion.Status.VERIFIED
    assert completion.completed_on == session_day
    assert completion.expires_on == session_day.replace(year=session_day.year + 1)
    record = text_of(client_for(councillor).get("/training/record/").content.decode())
    assert "Planning and Licensing training" in record
    assert f"{completion.expires_on:%-d %b %Y}" in record


def test_it_computes_expiry_in_calendar_months(make_course):
    conduct = make_course("Code of Conduct", refresher_months=48)
    assert conduct.expiry_for(datetime.date(2024, 2, 29)) == datetime.date(2028, 2, 29)
    monthly = make_course(refresher_months=1)
    assert monthly.expiry_for(datetime.date(2025, 1, 31)) == datetime.date(2025, 2, 28)
    never = make_course(refresher_months=None)
    assert never.expiry_for(datetime.date(2025, 1, 31)) is None


def test_it_removes_the_completion_when_attendance_is_corrected(member_support, councillor, make_session):
    session = past_session(make_session)
    booking = book(session, councillor.member)
    services.attendance_record(session=session, marks={booking.pk: "attended"}, actor=member_support)
    assert Completion.objects.filter(booking=booking).exists()
    services.attendance_record(session=session, marks={booking.pk: "no_show"}, actor=member_support)
    assert not Completion.objects.filter(booking=booking).exists()
    booking.refresh_from_db()
    assert booking.attendance == "no_show"


def test_it_marks_the_same_register_twice_without_duplicating_completions(
    member_support, councillor, make_session
):
    session = past_session(make_session)
    booking = book(session, councillor.member)
    services.attendance_record(session=session, marks={booking.pk: "attended"}, actor=member_support)
    again = services.attendance_record(session=session, marks={booking.pk: "attended"}, actor=member_support)
    assert again == 0
    assert Completion.objects.count() == 1


def test_it_closes_an_assigned_course_when_the_member_attends(
    member_support, councillor, course, make_session
):
    assignment = services.course_assign(member=councillor.member, course=course, actor=member_support)
    session = past_session(make_session)
    # Set before the session's day (the rule), whatever the time of day the test runs: three
    # hours ago is yesterday between midnight and 3 am.
    CourseAssignment.objects.filter(pk=assignment.pk).update(
        assigned_at=session.starts_at - datetime.timedelta(days=1)
    )
    booking = book(session, councillor.member)
    services.attendance_record(session=session, marks={booking.pk: "attended"}, actor=member_support)
    assignment.refresh_from_db()
    assert assignment.status == CourseAssignment.Status.COMPLETED


def test_it_does_not_let_the_register_be_marked_before_the_day(
    client_for, member_support, councillor, session
):
    booking = book(session, councillor.member)
    client = client_for(member_support)
    page = client.get(f"/training/sessions/{session.pk}/register/").content.decode()
    assert "can be marked from the day of the session" in page
    assert 'type="radio"' not in page
    response = client.post(
        f"/training/sessions/{session.pk}/register/", {f"attendance_{booking.pk}": "attended"}
    )
    booking.refresh_from_db()
    assert booking.attendance == ""
    assert not Completion.objects.exists()
    assert "can be marked from the day of the session" in response.content.decode()


def test_it_only_lists_members_with_a_place_on_the_register(
    client_for, member_support, councillor, other_councillor, make_session
):
    session = past_session(make_session)
    book(session, councillor.member)
    Booking.objects.create(
        session=session,
        member=other_councillor.member,
        status=Booking.Status.WAITING,
        queued_at=timezone.now(),
    )
    page = text_of(
        client_for(member_support).get(f"/training/sessions/{session.pk}/register/").content.decode()
    )
    assert "Cllr Morgan Hale" in page
    assert "Cllr Jo Pennant" not in page
    assert "1 member booked; 0 marked so far." in page


def test_it_rejects_an_unknown_attendance_mark(client_for, member_support, councillor, make_session):
    session = past_session(make_session)
    booking = book(session, councillor.member)
    response = client_for(member_support).post(
        f"/training/sessions/{session.pk}/register/", {f"attendance_{booking.pk}": "asleep"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    booking.refresh_from_db()
    assert booking.attendance == ""


def test_it_exports_the_register_as_csv(client_for, member_support, councillor, make_session):
    session = past_session(make_session)
    booking = book(session, councillor.member)
    services.attendance_record(session=session, marks={booking.pk: "attended"}, actor=member_support)
    response = client_for(member_support).get(f"/training/sessions/{session.pk}/register.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    lines = body.strip().splitlines()
    assert lines[0] == "First name,Last name,Email,Council,Ward,Attendance,Marked at"
    assert lines[1].startswith(
        "Morgan,Hale,cllr.ward@example.org,Fellbridge District Council,Riverside,Attended,"
    )


def test_it_prints_the_register_as_a_sign_in_sheet(client_for, member_support, councillor, make_session):
    session = past_session(make_session)
    book(session, councillor.member)
    response = client_for(member_support).get(f"/training/sessions/{session.pk}/register/print/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sign-in sheet" in page
    assert "Signature" in page
    assert "Cllr Morgan Hale" in page
    assert "training/training" in page  # the stylesheet with the print rules
