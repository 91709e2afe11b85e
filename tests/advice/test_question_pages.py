"""The question pages' conversation, written in Python (advice/rendering.py) rather than the
template language: the same text as the template gave, everything escaped, and the view log
counting the view that is being shown."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.html import linebreaks

from advice import rendering, services
from advice.models import QuestionView, State

HOSTILE = "<script>alert('x')</script> & \"quotes\""


@pytest.mark.parametrize(
    "text",
    [
        "",
        "One line",
        "Two\nlines",
        "Two\r\nlines\rand more",
        "A paragraph\n\nand another\n\n\n\nand a third\nwith a break",
        "\n\nStarts and ends with breaks\n\n",
        HOSTILE,
        f"{HOSTILE}\n\n{HOSTILE}\n{HOSTILE}",
    ],
)
def test_it_writes_paragraphs_exactly_as_the_linebreaks_filter_does(text):
    assert rendering.paragraphs(text) == linebreaks(text, autoescape=True)


def test_it_escapes_what_members_and_officers_write_on_both_pages(
    client_for, ask, councillor, monitoring_officer, make_user
):
    question = ask(councillor, body="Plain question")
    services.question_reply_as_member(question=question, actor=councillor, body=f"Member: {HOSTILE}")
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body=f"Officer: {HOSTILE}", outcome=State.IN_PROGRESS
    )
    services.question_add_note(question=question, actor=monitoring_officer, body=f"Note: {HOSTILE}")
    monitoring_officer.full_name = "Ruth <b>Calder</b>"
    monitoring_officer.save()
    for user, path in [
        (councillor, f"/ask/questions/{question.pk}/"),
        (monitoring_officer, f"/ask/queue/{question.pk}/"),
    ]:
        page = client_for(user).get(path).content.decode()
        assert "<script>alert" not in page
        assert "<b>Calder</b>" not in page
        assert "Member: &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;" in page
        assert "Ruth &lt;b&gt;Calder&lt;/b&gt; replied" in page
    member_page = client_for(councillor).get(f"/ask/questions/{question.pk}/").content.decode()
    assert "Note:" not in member_page


def test_it_shows_the_conversation_in_order_with_times_in_local_time(
    client_for, ask, councillor, monitoring_officer
):
    question = ask(councillor)
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="First reply", outcome=State.AWAITING_MEMBER
    )
    services.question_add_note(question=question, actor=monitoring_officer, body="A note between")
    services.question_reply_as_member(question=question, actor=councillor, body="Member answers")
    summer = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 5), datetime.UTC)
    question.messages.filter(body="First reply").update(created_at=summer)
    page = client_for(monitoring_officer).get(f"/ask/queue/{question.pk}/").content.decode()
    order = [page.index(text) for text in ("First reply", "A note between", "Member answers")]
    assert order == sorted(order)
    assert "Morgan Hale wrote" in page
    assert "Internal note by Ruth Calder" in page
    assert "1 July 2026, 10:05" in page  # British Summer Time, as the date filter shows it
    member_page = client_for(councillor).get(f"/ask/questions/{question.pk}/").content.decode()
    assert "You replied" in member_page
    assert "Ruth Calder replied" in member_page
    assert re.search(r'<article [^>]*id="latest"[^>]*>\s*<h3[^>]*>You replied', member_page)


def test_it_marks_new_only_the_officers_messages_since_the_member_last_looked(
    client_for, ask, councillor, monitoring_officer
):
    question = ask(councillor)
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Seen already", outcome=State.IN_PROGRESS
    )
    client = client_for(councillor)
    client.get(f"/ask/questions/{question.pk}/")
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Not seen yet", outcome=State.IN_PROGRESS
    )
    page = client.get(f"/ask/questions/{question.pk}/").content.decode()
    seen, unseen = page.split("Seen already", 1)[0], page.split("Seen already", 1)[1]
    assert page.count(">New<") == 1
    assert ">New<" not in seen.rsplit("<article", 1)[1]
    assert ">New<" in unseen


def test_the_view_log_counts_the_view_being_shown(client_for, ask, councillor, monitoring_officer):
    question = ask(councillor)
    client_for(councillor).get(f"/ask/questions/{question.pk}/")
    officer = client_for(monitoring_officer)
    officer.get(f"/ask/queue/{question.pk}/")
    page = officer.get(f"/ask/queue/{question.pk}/").content.decode()
    assert QuestionView.objects.filter(question=question, viewer=monitoring_officer).count() == 2
    rows = re.findall(r"<tr><td>(.*?)</td><td class=\"text-end\">(\d+)</td>", page)
    assert rows == [("Ruth Calder", "2"), ("Morgan Hale (the member)", "1")]


def test_the_lists_escape_subjects_and_show_each_rows_facts(client_for, ask, councillor, monitoring_officer):
    question = ask(councillor, subject=f"Subject {HOSTILE}")
    services.question_reply_as_officer(
        question=question, actor=monitoring_officer, body="Reply", outcome=State.IN_PROGRESS
    )
    mine = client_for(councillor).get("/ask/").content.decode()
    queue = client_for(monitoring_officer).get("/ask/queue/").content.decode()
    for page in (mine, queue):
        assert "<script>alert" not in page
        assert "Subject &lt;script&gt;" in page
        assert question.reference in page
    assert f'<a href="/ask/questions/{question.pk}/">' in mine
    assert 'Being looked at</span> <span class="advice-badge-new">New reply</span>' in mine
    assert f'<a href="/ask/queue/{question.pk}/">' in queue
    assert "In progress" in queue
    assert "Nobody yet" in queue


def test_the_officers_are_those_granted_answering_by_a_role_or_directly(
    make_user, monitoring_officer, deputy_monitoring_officer, member_support, superuser, councillor
):
    from django.contrib.auth.models import Permission

    from advice.access import advice_officers

    direct = make_user("direct@example.org", full_name="Ada Direct", totp=True)
    direct.user_permissions.add(Permission.objects.get(codename="answer_question"))
    make_user("gone@example.org", role="Monitoring Officer", is_active=False, totp=True)
    assert list(advice_officers()) == [direct, deputy_monitoring_officer, monitoring_officer]
