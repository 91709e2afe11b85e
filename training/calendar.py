"""iCalendar files: one per session, and a member's personal feed of the sessions they are booked on.

Times are written in Europe/London with a VTIMEZONE built from the time-zone
database, so calendar programs show the right local time either side of a
clock change. A session keeps the same UID whatever changes, so a calendar
updates the event instead of adding a second one.
"""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

PRODUCT_ID = "-//Member Support Portal//Training//EN"


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _event(session, *, booked: bool) -> icalendar.Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    event = icalendar.Event()
    event.add("uid", session.calendar_uid)
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", f"Training: {session.course.title}")
    location = session.venue or ("Online" if session.joining_link else "")
    if booked and session.joining_link:
        location = location if session.venue else session.joining_link
        event.add("url", session.joining_link)
    if location:
        event.add("location", location)
    lines = [session.course.summary]
    if session.trainer:
        lines.append(f"Trainer: {session.trainer}")
    if booked and session.joining_link:
        lines.append(f"Join online: {session.joining_link}")
    if session.notes:
        lines.append(session.notes)
    lines.append(f"Details: {settings.SITE_URL}{session.get_absolute_url()}")
    event.add("description", "\n\n".join(line for line in lines if line))
    if session.is_cancelled:
        event.add("status", "CANCELLED")
        event.add("sequence", 1)
    else:
        event.add("status", "CONFIRMED")
        event.add("sequence", 0)
    return event


def _finish(calendar, sessions) -> bytes:
    if sessions:
        first = min(timezone.localdate(s.starts_at) for s in sessions)
        last = max(timezone.localdate(s.ends_at) for s in sessions)
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366), last_date=last + datetime.timedelta(days=366)
        )
    return calendar.to_ical()


def session_calendar(session, *, booked: bool) -> bytes:
    calendar = _calendar(session.course.title)
    calendar.add_component(_event(session, booked=booked))
    return _finish(calendar, [session])


def feed_calendar(member, bookings) -> bytes:
    calendar = _calendar(f"Training for {member.full_name}")
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    sessions = [booking.session for booking in bookings]
    for session in sessions:
        calendar.add_component(_event(session, booked=True))
    return _finish(calendar, sessions)


def calendar_response(content: bytes, *, filename: str, download: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
