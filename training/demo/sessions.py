"""The demo sessions: when and where each course runs, past, coming and (one) to be cancelled.

A session is scheduled by Member Support in the admin (there is no workflow
to schedule one), so these rows are made directly, keyed on course, trainer,
venue and joining link. Dates move with ``today``.
"""

import datetime

from django.utils import timezone

from training.models import Session

TOWN_HALL = "Committee Room 1, Fellbridge Town Hall, Market Street"
CHAMBER = "Council Chamber, Fellbridge Town Hall, Market Street"


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_session(course, *, trainer, venue, starts, hours, capacity, link="", deadline_days=2, notes=""):
    session, _ = Session.objects.update_or_create(
        course=course,
        trainer=trainer,
        venue=venue,
        joining_link=link,
        defaults={
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=hours),
            "capacity": capacity,
            "booking_deadline": starts - datetime.timedelta(days=deadline_days),
            "notes": notes,
        },
    )
    return session


def make_sessions(courses, today) -> dict[str, Session]:
    conduct, social, planning = (
        courses["code-of-conduct"],
        courses["social-media-basics"],
        courses["planning-and-licensing"],
    )
    chairing = courses["chairing-meetings"]
    teams = "https://meet.example.org/fellbridge/"
    sessions = {
        # Code of Conduct: the 2023 induction session, last week's by-election session, one to come.
        "conduct_2023": make_session(
            conduct,
            trainer="Ruth Calder, Monitoring Officer",
            venue=CHAMBER,
            starts=_at(datetime.date(2023, 6, 12), 18),
            hours=2.5,
            capacity=45,
        ),
        "conduct_recent": make_session(
            conduct,
            trainer="Ian Marr, Deputy Monitoring Officer",
            venue=TOWN_HALL,
            starts=_at(today - datetime.timedelta(days=7), 17, 30),
            hours=2.5,
            capacity=12,
        ),
        "conduct_next": make_session(
            conduct,
            trainer="Ruth Calder, Monitoring Officer",
            venue=TOWN_HALL,
            starts=_at(today + datetime.timedelta(days=24), 18),
            hours=2.5,
            capacity=15,
            notes="Please read the Code of Conduct summary in the guidance library before you come.",
        ),
        # Social media basics: one done, one to come online (Aisha booked), one cancelled.
        "social_past": make_session(
            social,
            trainer="Leila Haddad, Communications Team",
            venue="",
            link=teams + "social-media-spring",
            starts=_at(today - datetime.timedelta(days=62), 12, 30),
            hours=1.5,
            capacity=20,
        ),
        "social_next": make_session(
            social,
            trainer="Tom Pryor, Communications Team",
            venue="",
            link=teams + "social-media-basics",
            starts=_at(today + datetime.timedelta(days=9), 12, 30),
            hours=1.5,
            capacity=12,
            notes="Have your phone or laptop with you if you would like help with your own accounts.",
        ),
        "social_cancelled": make_session(
            social,
            trainer="Leila Haddad, Communications Team",
            venue=TOWN_HALL,
            starts=_at(today + datetime.timedelta(days=16), 18),
            hours=1.5,
            capacity=12,
        ),
        # Planning and Licensing: last year's (expired for some), this year's (expiring soon),
        # and the next one, which is full with a waiting list.
        "planning_old": make_session(
            planning,
            trainer="Mark Ellison, Head of Planning",
            venue=CHAMBER,
            starts=_at(today - datetime.timedelta(days=430), 14),
            hours=3,
            capacity=25,
        ),
        "planning_recent": make_session(
            planning,
            trainer="Mark Ellison, Head of Planning",
            venue=TOWN_HALL,
            starts=_at(today - datetime.timedelta(days=330), 14),
            hours=3,
            capacity=25,
        ),
        "planning_next": make_session(
            planning,
            trainer="Sarah Quinn, Planning Solicitor",
            venue=TOWN_HALL,
            starts=_at(today + datetime.timedelta(days=14), 14),
            hours=3,
            capacity=8,
            notes="Lunch is not provided. The session ends with a short mock committee.",
        ),
        "chairing_next": make_session(
            chairing,
            trainer="Local Government Association",
            venue="",
            link=teams + "lga-chairing",
            starts=_at(today + datetime.timedelta(days=31), 10),
            hours=2,
            capacity=20,
            deadline_days=5,
        ),
    }
    return sessions
