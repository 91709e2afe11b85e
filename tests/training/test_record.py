"""My training record: done, due, expiring and expired, and it prints cleanly."""

import datetime

from django.utils import timezone

from tests.kit import row_with, text_of
from training import services
from training.models import Completion, Course


def record(member, course, days_ago):
    return services.completion_record(
        member=member,
        course=course,
        completed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        source=Completion.Source.CERTIFICATE,
        actor=None,
    )


def test_it_sorts_a_members_training_into_done_expiring_expired_and_due(
    client_for, councillor, make_course, make_session
):
    member = councillor.member
    done = make_course("Chairing meetings", refresher_months=None)
    expiring = make_course("Safeguarding", refresher_months=12)
    expired = make_course("Data protection", refresher_months=12)
    make_course("Code of Conduct", requirement=Course.Requirement.ALL_MEMBERS, refresher_months=48)
    booked = make_course("Social media basics")
    record(member, done, days_ago=100)
    expiring_completion = record(member, expiring, days_ago=340)
    expired_completion = record(member, expired, days_ago=400)
    session = make_session(course=booked)
    services.booking_book(session=session, member=member, actor=councillor)

    html = client_for(councillor).get("/training/record/").content.decode()

    sections = {}
    for heading in ["Due", "Booked", "Expiring soon", "Expired", "Done"]:
        start = html.index(f">{heading}</h2>")
        sections[heading] = text_of(html[start : html.index("</section>", start)])
    assert "Code of Conduct" in sections["Due"]
    assert "Mandatory for all members" in sections["Due"]
    assert "Social media basics" in sections["Booked"]
    assert "Safeguarding" in sections["Expiring soon"]
    assert f"Expires {expiring_completion.expires_on:%-d %b %Y}" in sections["Expiring soon"]
    assert "Data protection" in sections["Expired"]
    assert f"Expired {expired_completion.expires_on:%-d %b %Y}" in sections["Expired"]
    assert "Chairing meetings" in sections["Done"]
    assert "Does not expire" in sections["Done"]
    assert "Data protection" not in sections["Done"]


def test_it_asks_for_a_refresher_when_a_mandatory_course_has_expired(client_for, councillor, make_course):
    conduct = make_course("Code of Conduct", requirement=Course.Requirement.ALL_MEMBERS, refresher_months=12)
    old = record(councillor.member, conduct, days_ago=400)
    html = client_for(councillor).get("/training/record/").content.decode()
    row = row_with(html, "Code of Conduct Last done")
    assert f"expired {old.expires_on:%-d %b %Y}" in row
    assert "Overdue" in row


def test_it_only_asks_new_members_for_new_member_courses(
    client_for, councillor, make_user, make_member, make_course
):
    make_course("Welcome to the council", requirement=Course.Requirement.NEW_MEMBERS, due_within_days=30)
    newcomer = make_user(role="Councillor")
    make_member(user=newcomer, term_start=timezone.localdate() - datetime.timedelta(days=10))
    assert "Welcome to the council" in client_for(newcomer).get("/training/record/").content.decode()
    assert "Welcome to the council" not in client_for(councillor).get("/training/record/").content.decode()


def test_it_limits_a_mandatory_course_to_its_audience(client_for, councillor, coopted_member, make_course):
    make_course(
        "Leading a ward", requirement=Course.Requirement.ALL_MEMBERS, audience=Course.Audience.COUNCILLORS
    )
    assert "Leading a ward" in client_for(councillor).get("/training/record/").content.decode()
    assert "Leading a ward" not in client_for(coopted_member).get("/training/record/").content.decode()


def test_it_prints_cleanly(client_for, councillor):
    html = client_for(councillor).get("/training/record/").content.decode()
    assert "data-training-print" in html
    assert "training/training" in html  # the stylesheet with the print rules
    assert 'class="training-no-print' in html


def test_it_explains_when_an_account_has_no_member_record(client_for, monitoring_officer):
    response = client_for(monitoring_officer).get("/training/record/")
    assert response.status_code == 200
    assert "not linked to a member record" in response.content.decode()


def test_it_shows_member_support_a_members_record(client_for, member_support, councillor, course):
    record(councillor.member, course, days_ago=5)
    page = text_of(
        client_for(member_support).get(f"/training/members/{councillor.member.pk}/").content.decode()
    )
    assert "Training record: Cllr Morgan Hale" in page
    assert "Social media basics" in page
    assert "Ask Cllr Morgan Hale to complete a course" in page
