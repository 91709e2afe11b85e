"""Training records outside sessions: e-learning recorded, declarations waiting, a course assigned.

Member Support records and assigns, members declare, all through the
training services; ``backdate`` moves each to its day.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from training import services
from training.models import Completion, CourseAssignment

from .backdate import backdate

EVIDENCE = b"%PDF-1.4\n% Fellbridge demo certificate\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _record(member, course, completed_on, *, support, verified_at):
    if Completion.objects.filter(member=member, course=course, source=Completion.Source.E_LEARNING).exists():
        return
    since = timezone.now()
    services.completion_record(
        member=member,
        course=course,
        completed_on=completed_on,
        source=Completion.Source.E_LEARNING,
        actor=support,
    )
    backdate(since, verified_at)


def other_completions(courses, people, rng, today, support):
    """E-learning finished and verified: some current, some expired."""
    data_protection = courses["data-protection-for-members"]
    for n, member in enumerate(people["others"][:24]):
        days_ago = 790 if n % 4 == 0 else rng.randint(30, 600)  # a quarter expired (two-year refresher)
        completed = today - datetime.timedelta(days=days_ago)
        verified_at = _at(completed + datetime.timedelta(days=2), 11)
        _record(member, data_protection, completed, support=support, verified_at=verified_at)
    morgan_done = today - datetime.timedelta(days=300)
    verified_at = _at(morgan_done + datetime.timedelta(days=1), 10)
    _record(people["morgan"], data_protection, morgan_done, support=support, verified_at=verified_at)


def declarations(courses, people, today):
    """Three members have sent certificates that Member Support has not checked yet."""
    with_login = [member for member in people["others"][26:] if member.user_id]
    pending = [
        (courses["data-protection-for-members"], Completion.Source.E_LEARNING, "", 3),
        (courses["safeguarding-awareness"], Completion.Source.E_LEARNING, "", 5),
        (courses["chairing-meetings"], Completion.Source.CERTIFICATE, "Local Government Association", 40),
    ]
    for member, (course, source, issued_by, days_ago) in zip(with_login, pending, strict=False):
        if Completion.objects.filter(member=member, course=course, status=Completion.Status.PENDING).exists():
            continue
        since = timezone.now()
        services.completion_declare(
            member=member,
            course=course,
            source=source,
            completed_on=today - datetime.timedelta(days=days_ago),
            evidence=ContentFile(EVIDENCE, name=f"{course.slug}-certificate.pdf"),
            actor=member.user,
            issued_by=issued_by,
            note="Certificate attached." if source == Completion.Source.E_LEARNING else "",
        )
        backdate(since, _at(today - datetime.timedelta(days=days_ago - 1), 19))


def assignments(courses, people, support, today):
    """After a complaint was resolved informally, one member must take the social media course."""
    member, course = people["others"][12], courses["social-media-basics"]
    if CourseAssignment.objects.filter(member=member, course=course).exists():
        return
    services.course_assign(
        member=member,
        course=course,
        actor=support,
        due_on=today + datetime.timedelta(days=45),
        reason="Agreed with the Monitoring Officer after a complaint about a post (informal resolution).",
    )
