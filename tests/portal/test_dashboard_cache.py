"""The dashboard's cards are kept per person and change right after each write that changes them."""

import datetime
import re
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from advice import services as advice_services
from advice.models import Question, State
from portal import dashboard
from training.models import CourseAssignment, Session


def card(client, heading_id):
    """The text of the card with this heading, as the signed-in person sees it (or None)."""
    html = client.get("/").content.decode()
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).strip() if found else None


def stat(text, label):
    """The figure shown before ``label`` in a card's tiles."""
    return int(re.search(rf"(\d+) {label}", text).group(1))


def figure(text, label):
    """The figure shown after ``label`` in a card's list."""
    return int(re.search(rf"{label}\W*(\d+)", text).group(1))


def ask(user, subject):
    question, _ = advice_services.question_ask(
        asker=user, topic="social_media", subject=subject, body="May I share it?", token=uuid.uuid4()
    )
    return question


def test_an_officers_card_changes_right_after_a_question_is_asked(client_for, monitoring_officer, councillor):
    officer = client_for(monitoring_officer)
    assert stat(card(officer, "advice-waiting"), "new, not yet triaged") == 0
    assert stat(card(officer, "advice-waiting"), "new, not yet triaged") == 0  # kept

    ask(councillor, "Facebook post")

    assert stat(card(client_for(monitoring_officer), "advice-waiting"), "new, not yet triaged") == 1


def test_a_card_changes_right_after_a_bulk_update_that_sends_no_signal(
    client_for, monitoring_officer, councillor
):
    ask(councillor, "Facebook post")
    officer = client_for(monitoring_officer)
    assert stat(card(officer, "advice-waiting"), "open in all") == 1

    Question.objects.update(state=State.CLOSED)  # no save(), no signal: the trigger counts it

    assert stat(card(officer, "advice-waiting"), "open in all") == 0


def test_a_table_only_the_dashboard_watches_moves_its_card(client_for, member_support, councillor):
    from training.models import Course

    client = client_for(member_support)
    assert figure(card(client, "training-officer-panel"), "asked to complete") == 0
    course = Course.objects.create(
        title="Planning", slug="planning", summary="Planning.", duration_minutes=60
    )

    CourseAssignment.objects.create(member=councillor.member, course=course, reason="A sanction.")

    assert figure(card(client, "training-officer-panel"), "asked to complete") == 1


def test_a_member_never_sees_another_members_card(client_for, councillor, other_councillor):
    ask(councillor, "Facebook post about the bypass")

    for _ in range(2):  # the second time from the cache
        assert "Facebook post about the bypass" in card(client_for(councillor), "advice-your-questions")
        assert "You have no open questions." in card(client_for(other_councillor), "advice-your-questions")


def test_two_officers_never_share_a_card(
    client_for, monitoring_officer, deputy_monitoring_officer, councillor
):
    question = ask(councillor, "Facebook post")
    advice_services.question_triage(
        question=question, actor=monitoring_officer, priority="normal", assigned_to=monitoring_officer
    )

    for _ in range(2):
        mine = card(client_for(monitoring_officer), "advice-waiting")
        theirs = card(client_for(deputy_monitoring_officer), "advice-waiting")
        assert stat(mine, "open and assigned to you") == 1
        assert stat(theirs, "open and assigned to you") == 0


def test_a_new_permission_is_a_new_card(client_for, councillor):
    from django.contrib.auth.models import Permission

    client = client_for(councillor)
    assert card(client, "guidance-reviews") is None

    councillor.user_permissions.add(
        Permission.objects.get(content_type__app_label="guidance", codename="review_document")
    )

    assert card(client, "guidance-reviews") is not None


def test_the_page_works_without_the_cache(client_for, monitoring_officer, councillor, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    ask(councillor, "Facebook post")

    assert stat(card(client_for(monitoring_officer), "advice-waiting"), "new, not yet triaged") == 1


def test_a_kept_form_gets_a_new_one_time_token_and_the_readers_csrf_token(client_for, councillor):
    client = client_for(councillor)
    tokens = set()
    for _ in range(2):
        html = client.get("/").content.decode()
        tokens.add(re.search(r'name="token" value="([^"]+)" id="quick-gift-token"', html).group(1))
        assert dashboard.CSRF_PLACEHOLDER not in html
        assert dashboard.ONE_TIME_TOKEN not in html
        assert re.search(r'name="csrfmiddlewaretoken" value="\w{32,}"', html)
    assert len(tokens) == 2
    assert all(uuid.UUID(token) for token in tokens)


def test_a_card_is_kept_no_longer_than_what_it_shows_holds(make_user):
    soon = timezone.now() + datetime.timedelta(minutes=3)
    panels = [dashboard.Panel(template="x.html"), dashboard.Panel(template="y.html", expires=soon)]

    assert 170 <= dashboard._lifetime(panels) <= 180
    assert dashboard._lifetime([dashboard.Panel(template="x.html")]) == dashboard.TIMEOUT


def test_the_officers_training_card_expires_when_its_next_session_starts(member_support):
    from training.models import Course
    from training.panels import training_panels

    course = Course.objects.create(
        title="Planning", slug="planning", summary="Planning.", duration_minutes=60
    )
    starts = timezone.now() + datetime.timedelta(hours=2)
    Session.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), capacity=5
    )

    [panel] = training_panels(member_support, None)

    assert panel.expires == starts


def test_every_table_a_panel_reads_has_the_write_trigger(db):
    from django.apps import apps

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'reports_count_write'"
        )
        triggered = {row[0] for row in cursor.fetchall()}
    for provider in dashboard.providers():
        assert provider.reads, provider.name
        for label in provider.reads:
            assert apps.get_model(label)._meta.db_table in triggered, (provider.name, label)
        assert dashboard._keepable(provider), provider.name


@pytest.mark.parametrize("questions", [1, 30])
def test_a_kept_dashboard_runs_a_fixed_number_of_queries(
    client_for, monitoring_officer, councillor, questions, django_assert_num_queries
):
    for n in range(questions):
        ask(councillor, f"Question {n}")
    client = client_for(monitoring_officer)
    client.get("/")  # sets up the session and keeps the cards
    # Session, user, two for permissions, two-factor check, the write counts, and the
    # cache's one read (the database cache in tests).
    with django_assert_num_queries(7):
        client.get("/")


# --- Member Support's overview of the members ----------------------------------------


def test_the_members_overview_changes_right_after_a_first_sign_in(
    client_for, member_support, make_user, make_member
):
    from django.contrib.auth.signals import user_logged_in
    from django.test import RequestFactory

    newcomer = make_user("newcomer@example.org")
    make_member(user=newcomer, invited_at=timezone.now(), first_name="Fern", last_name="Ashby")
    support = client_for(member_support)
    assert "Fern Ashby" in card(support, "awaiting-sign-in")
    assert "Fern Ashby" in card(support, "awaiting-sign-in")  # kept

    # Signing in sets last_login, a column the write trigger leaves out on purpose.
    user_logged_in.send(sender=type(newcomer), request=RequestFactory().get("/"), user=newcomer)

    assert "Fern Ashby" not in card(support, "awaiting-sign-in")


def test_the_members_overview_changes_right_after_a_back_office_edit(client_for, member_support, make_member):
    from portal.models import Member

    member = make_member(email="", first_name="Fern", last_name="Ashby")
    support = client_for(member_support)
    assert "Fern Ashby" in card(support, "without-email")

    Member.objects.filter(pk=member.pk).update(email="fern@example.org")

    assert "Fern Ashby" not in card(support, "without-email")


def test_only_people_who_invite_members_get_the_overview(client_for, member_support, monitoring_officer):
    for _ in range(2):
        assert card(client_for(member_support), "members-overview") is not None
        assert card(client_for(monitoring_officer), "members-overview") is None
