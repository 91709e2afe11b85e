"""The member's dashboard shows overdue and expiring mandatory training, induction pack or not."""

import datetime
import re

from django.utils import timezone

from tests.kit import text_of
from training import services
from training.models import Completion, Course


def _attention(response):
    match = re.search(r'<ul[^>]*id="training-attention"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    return text_of(match.group(1)) if match else ""


def _completed(member, course, days_ago):
    return services.completion_record(
        member=member,
        course=course,
        completed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        source=Completion.Source.CERTIFICATE,
        actor=None,
    )


def test_it_shows_a_coopted_member_their_overdue_code_of_conduct_training(
    client_for, coopted_member, make_course
):
    member = coopted_member.member
    member.term_start = timezone.localdate() - datetime.timedelta(days=5 * 365)
    member.save(update_fields=["term_start"])
    make_course("Code of Conduct", requirement=Course.Requirement.ALL_MEMBERS, due_within_days=90)

    panel = _attention(client_for(coopted_member).get("/"))

    assert "Code of Conduct" in panel
    assert "Overdue since" in panel


def test_it_shows_a_member_their_expiring_training(client_for, councillor, make_course):
    course = make_course("Safeguarding", requirement=Course.Requirement.ALL_MEMBERS, refresher_months=12)
    _completed(councillor.member, course, days_ago=340)

    panel = _attention(client_for(councillor).get("/"))

    assert "Safeguarding" in panel
    assert "Expires" in panel


def test_it_shows_a_member_training_set_by_a_complaint_sanction(client_for, councillor, make_course):
    course = make_course("Code of Conduct refresher")
    services.course_assign(
        member=councillor.member,
        course=course,
        actor=None,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        reason="Sanction in standards complaint SC-2026-0001",
    )

    panel = _attention(client_for(councillor).get("/"))

    assert "Code of Conduct refresher" in panel
    assert "Due by" in panel
    assert "SC-2026-0001" in panel
