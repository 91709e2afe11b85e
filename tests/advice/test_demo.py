"""The demo data: questions in every state from demo councillors, one overdue, published FAQ entries."""

import datetime
import random
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from advice import demo
from advice.models import (
    FaqEntry,
    InternalNote,
    Message,
    Question,
    QuestionEvent,
    State,
)
from portal import roles


def counts():
    return {
        "questions": Question.objects.count(),
        "messages": Message.objects.count(),
        "notes": InternalNote.objects.count(),
        "events": QuestionEvent.objects.count(),
        "faqs": FaqEntry.objects.count(),
    }


@pytest.fixture
def demo_people(
    councillor, coopted_member, monitoring_officer, deputy_monitoring_officer, make_user, make_member
):
    aisha = make_user("cllr.new@example.org", role=roles.COUNCILLOR, full_name="Aisha Rahman")
    make_member(user=aisha, first_name="Aisha", last_name="Rahman")
    dana = make_user("mssg@example.org", role=roles.COUNCILLOR, full_name="Dana Whitlock")
    make_member(user=dana, first_name="Dana", last_name="Whitlock")


@pytest.fixture
def seeded(demo_people):
    now = timezone.now()
    command = SimpleNamespace(today=timezone.localdate(now), now=now, rng=random.Random(1), stdout=StringIO())
    return demo.seed(command)


def test_it_seeds_questions_in_every_state(seeded):
    assert set(Question.objects.values_list("state", flat=True)) == set(State.values)
    assert seeded[0].startswith("Ask the Monitoring Officer: 9 demo questions in every state (1 overdue)")


def test_it_seeds_exactly_one_overdue_question(seeded):
    assert [q.subject for q in Question.objects.overdue()] == ["Replying to abusive messages from a resident"]


def test_it_seeds_questions_from_several_demo_members(seeded):
    askers = set(Question.objects.values_list("asked_by__email", flat=True))
    assert askers == {
        "cllr.ward@example.org",
        "cllr.new@example.org",
        "coopted@example.org",
        "mssg@example.org",
    }
    assert not Question.objects.filter(member__isnull=True).exists()


def test_it_keeps_each_question_consistent_with_its_history(seeded):
    assert InternalNote.objects.exists()
    assert Message.objects.filter(from_officer=False).exists()
    assert QuestionEvent.objects.filter(from_status=State.ANSWERED, to_status=State.IN_PROGRESS).exists()
    for question in Question.objects.all():
        history = list(QuestionEvent.objects.filter(question=question))
        assert history[0].to_status == State.NEW
        assert history[-1].to_status == question.state
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_status == before.to_status
        if question.answered_at:
            assert question.messages.filter(is_answer=True).exists()
        assert question.due_on >= question.received_at.date()


def test_it_seeds_anonymised_published_faq_entries(seeded):
    published = FaqEntry.objects.filter(status=FaqEntry.Status.PUBLISHED)
    assert published.count() == 4
    assert published.filter(source_question__isnull=False).count() == 2
    assert not published.filter(plain_text="").exists()
    for entry in published:
        for name in ("Morgan", "Hale", "Aisha", "Rahman", "Okafor", "Whitlock"):
            assert name not in entry.title + entry.question_text + entry.answer_text


def test_it_adds_nothing_when_seeded_again(seeded):
    before = counts()
    now = timezone.now() + datetime.timedelta(days=3)
    demo.seed(
        SimpleNamespace(today=timezone.localdate(now), now=now, rng=random.Random(1), stdout=StringIO())
    )
    assert counts() == before


def test_it_lets_the_demo_councillor_read_their_answer_but_not_the_notes(client_for, seeded, councillor):
    question = Question.objects.get(subject="Tickets to the county show from a council contractor")
    page = client_for(councillor).get(f"/ask/questions/{question.pk}/").content.decode()
    assert "Please decline politely." in page
    mill_lane = Question.objects.get(subject__startswith="Sharing a Facebook post")
    page = client_for(councillor).get(f"/ask/questions/{mill_lane.pk}/").content.decode()
    assert "Check whether Cllr Hale has commented before" not in page


def test_it_runs_inside_seed_demo_and_links_the_guidance(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Ask the Monitoring Officer: 9 demo questions in every state (1 overdue)" in out.getvalue()
    assert Question.objects.filter(document__slug="social-media-guide").exists()
    assert FaqEntry.objects.filter(document__isnull=False).count() == 4
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before


def test_it_shows_a_question_whose_clock_is_stopped_since_the_day_the_officer_asked(
    client_for, seeded, monitoring_officer
):
    from portal.workdays import working_days_between

    waiting = Question.objects.get(state=State.AWAITING_MEMBER)
    asked = waiting.events.get(to_status=State.AWAITING_MEMBER).created_at
    assert waiting.waiting_since == timezone.localdate(asked) < timezone.localdate()
    assert working_days_between(waiting.waiting_since, timezone.localdate()) >= 4
    page = client_for(monitoring_officer).get(f"/ask/queue/{waiting.pk}/").content.decode()
    assert "Clock stopped" in page


def test_it_shows_a_question_whose_due_date_moved_by_the_days_it_waited(client_for, seeded):
    from advice.models import due_date
    from portal.models import User
    from portal.workdays import working_days_between

    question = Question.objects.get(subject="Registering my husband's garage business")
    asked = question.events.get(to_status=State.AWAITING_MEMBER).created_at
    replied = question.messages.get(from_officer=False).created_at
    waited = working_days_between(asked, replied)
    assert question.paused_working_days == waited == 3
    assert question.waiting_since is None and question.state == State.IN_PROGRESS
    assert question.due_on == due_date(question.received_at, question.priority, waited)
    assert not question.is_overdue
    aisha = User.objects.get(email="cllr.new@example.org")
    page = client_for(aisha).get(f"/ask/questions/{question.pk}/").content.decode()
    assert "Moved on by 3 working days, the time the question waited for your reply." in page
