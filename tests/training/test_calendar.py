"""Calendar files: one per session, and the personal feed at a secret, resettable address."""

import datetime
import hashlib
import re
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from training import services
from training.models import CalendarFeed

LONDON = ZoneInfo("Europe/London")


def summer_session(make_session):
    session = make_session()
    start = datetime.datetime(2031, 7, 1, 10, 0, tzinfo=LONDON)  # British Summer Time: UTC+1
    session.starts_at = start
    session.ends_at = start + datetime.timedelta(hours=2, minutes=30)
    session.save()
    return session


def parse(response):
    return icalendar.Calendar.from_ical(response.content)


def test_it_serves_a_session_as_an_ics_file_in_london_time(client_for, councillor, make_session):
    session = summer_session(make_session)
    response = client_for(councillor).get(f"/training/sessions/{session.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="training-session-{session.pk}.ics"' in response["Content-Disposition"]
    text = response.content.decode()
    assert "DTSTART;TZID=Europe/London:20310701T100000" in text
    assert "DTEND;TZID=Europe/London:20310701T123000" in text
    assert "BEGIN:VTIMEZONE" in text
    assert "TZID:Europe/London" in text
    event = parse(response).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Training: Social media basics"
    assert event.decoded("DTSTART") == session.starts_at
    assert event.decoded("DTSTART").astimezone(datetime.UTC).hour == 9
    assert event["LOCATION"] == "Committee Room 2, Fellbridge Town Hall"
    assert event["UID"] == f"training-session-{session.pk}@127.0.0.1:8000"


def test_it_keeps_the_same_uid_when_a_session_changes(client_for, councillor, make_session):
    session = make_session()
    url = f"/training/sessions/{session.pk}/calendar.ics"
    before = parse(client_for(councillor).get(url)).walk("VEVENT")[0]["UID"]
    session.venue = "Council Chamber"
    session.starts_at += datetime.timedelta(hours=1)
    session.ends_at += datetime.timedelta(hours=1)
    session.save()
    after = parse(client_for(councillor).get(url)).walk("VEVENT")[0]
    assert after["UID"] == before
    assert after["LOCATION"] == "Council Chamber"


def test_it_puts_the_joining_link_in_the_ics_only_for_booked_members(
    client_for, councillor, other_councillor, make_session
):
    session = make_session(venue="", joining_link="https://meet.example.org/secret-room")
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    url = f"/training/sessions/{session.pk}/calendar.ics"
    assert "secret-room" in client_for(councillor).get(url).content.decode()
    assert "secret-room" not in client_for(other_councillor).get(url).content.decode()


def test_it_marks_a_cancelled_session_as_cancelled_in_the_ics(
    client_for, councillor, member_support, session
):
    services.session_cancel(session=session, actor=member_support, reason="Trainer unwell")
    event = parse(client_for(councillor).get(f"/training/sessions/{session.pk}/calendar.ics")).walk("VEVENT")[
        0
    ]
    assert event["STATUS"] == "CANCELLED"


def feed_token_in(page: str) -> str:
    match = re.search(r"/training/calendar/([^/\s\"]+)\.ics", page)
    assert match, "no calendar address on the page"
    return match.group(1)


def test_it_gives_a_member_a_personal_feed_of_their_bookings_without_signing_in(
    client, client_for, councillor, make_course, make_session
):
    booked = make_session()
    other = make_session(course=make_course("Chairing skills"), starts_in=datetime.timedelta(days=9))
    services.booking_book(session=booked, member=councillor.member, actor=councillor)
    page = client_for(councillor).get("/training/record/calendar/").content.decode()
    feed = CalendarFeed.objects.get(member=councillor.member)
    # Only a hash is stored: the address is read from the page that made it.
    feed.token = feed_token_in(page)
    assert f"/training/calendar/{feed.token}.ics" in page
    client.logout()
    response = client.get(f"/training/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = parse(response).walk("VEVENT")
    assert [e["UID"] for e in events] == [booked.calendar_uid]
    assert other.calendar_uid not in response.content.decode()
    assert len(feed.token) >= 40


def test_it_drops_cancelled_places_from_the_feed(client, councillor, session):
    booking = services.booking_book(session=session, member=councillor.member, actor=councillor)
    feed = services.feed_for(member=councillor.member)
    services.booking_cancel(booking=booking, actor=councillor)
    assert parse(client.get(f"/training/calendar/{feed.token}.ics")).walk("VEVENT") == []


def test_it_resets_the_feed_address_so_the_old_one_stops_working(client, client_for, councillor, session):
    services.booking_book(session=session, member=councillor.member, actor=councillor)
    old = services.feed_for(member=councillor.member).token
    signed_in = client_for(councillor)
    response = signed_in.post("/training/record/calendar/")
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    new = feed_token_in(page)
    assert new != old
    assert "The old address no longer works" in page
    client.logout()
    assert client.get(f"/training/calendar/{old}.ics").status_code == 404
    assert client.get(f"/training/calendar/{new}.ics").status_code == 200


def test_it_answers_404_for_an_unknown_feed_address(client, db):
    assert client.get("/training/calendar/not-a-real-token.ics").status_code == 404


def test_it_stops_the_feed_of_a_member_who_has_left(client, councillor):
    feed = services.feed_for(member=councillor.member)
    councillor.member.status = "left"
    councillor.member.left_on = timezone.localdate()
    councillor.member.save()
    assert client.get(f"/training/calendar/{feed.token}.ics").status_code == 404


def test_it_stores_only_a_hash_of_the_calendar_address(client_for, councillor):
    page = client_for(councillor).get("/training/record/calendar/").content.decode()
    token = feed_token_in(page)
    feed = CalendarFeed.objects.get(member=councillor.member)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(CalendarFeed.objects.filter(pk=feed.pk).values().get())


def test_it_shows_the_calendar_address_only_once(client_for, councillor):
    signed_in = client_for(councillor)
    token = feed_token_in(signed_in.get("/training/record/calendar/").content.decode())
    again = signed_in.get("/training/record/calendar/").content.decode()
    assert token not in again
    assert "/training/calendar/" not in again
    assert "If you have lost it, reset it" in again
