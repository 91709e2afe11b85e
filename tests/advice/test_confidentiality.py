"""Who may open what: every advice URL for every persona, internal notes kept from the member,
no caching of question pages, and a log of who looked."""

import uuid
from collections import Counter

import pytest

from advice import services
from advice.models import Attachment, FaqEntry, QuestionView, State
from tests import kit
from tests.advice.conftest import pdf_file
from tests.conftest import PERSONAS
from tests.kit import BACK_OFFICE_SIGN_IN, SIGN_IN, Route, to

# The asker is the `councillor` persona; `other_councillor` is another member.
EVERYONE = [*PERSONAS, "other_councillor"]
OFFICERS = {"monitoring_officer", "deputy_monitoring_officer"}
MEMBERS = {"councillor", "other_councillor", "coopted_member"}
FAQ_READERS = MEMBERS | OFFICERS | {"member_support", "superuser"}


def row(default, **overrides):
    expected = dict.fromkeys(EVERYONE, default)
    expected["anonymous"] = to(SIGN_IN)
    expected.update(overrides)
    return expected


def officers_only(allowed, default=404):
    return row(default, monitoring_officer=allowed, deputy_monitoring_officer=allowed)


@pytest.fixture
def case(councillor, monitoring_officer, ask):
    """A question by the councillor, answered, with a file, an internal note and a draft FAQ entry."""
    question = ask(councillor, body="My brother owns the Red Lion.", files=[pdf_file("licence.pdf")])
    services.question_add_note(
        question=question, actor=monitoring_officer, body="SECRET-NOTE: check his register"
    )
    services.question_reply_as_officer(
        question=question,
        actor=monitoring_officer,
        body="Do not sit on the sub-committee.",
        outcome=State.ANSWERED,
    )
    services.faq_entry_save(
        entry=FaqEntry(title="Published entry", topic="interests", answer_text="Declare it."),
        actor=monitoring_officer,
        publish=True,
    )
    services.faq_entry_save(
        entry=FaqEntry(title="Draft entry", topic="interests", answer_text="Not yet."),
        actor=monitoring_officer,
        publish=False,
    )
    return question


def url_cases():
    """One Route per URL: method, path template, expected per persona, data ({q}, {a}: the
    question and its file; a "new" value is replaced by a fresh token)."""
    member_own = row(
        404, councillor=200, monitoring_officer=to("/ask/queue/"), deputy_monitoring_officer=to("/ask/queue/")
    )
    rows = [
        (
            "get",
            "/ask/",
            None,
            row(
                403,
                **dict.fromkeys(MEMBERS, 200),
                superuser=200,
                monitoring_officer=to("/ask/queue/"),
                deputy_monitoring_officer=to("/ask/queue/"),
            ),
        ),
        ("get", "/ask/new/", None, row(403, **dict.fromkeys(MEMBERS, 200), superuser=200)),
        (
            "get",
            "/ask/queue/",
            None,
            row(
                403,
                monitoring_officer=200,
                deputy_monitoring_officer=200,
                **dict.fromkeys(MEMBERS, to("/ask/")),
            ),
        ),
        ("get", "/ask/questions/{q}/", None, member_own),
        (
            "post",
            "/ask/questions/{q}/reply/",
            {"body": "More", "token": "new"},
            row(404, councillor=to("/ask/questions/")),
        ),
        ("get", "/ask/questions/{q}/copy/", None, row(404, councillor=200)),
        (
            "get",
            "/ask/attachments/{a}/",
            None,
            row(404, councillor=200, monitoring_officer=200, deputy_monitoring_officer=200),
        ),
        ("get", "/ask/queue/{q}/", None, officers_only(200)),
        ("post", "/ask/queue/{q}/triage/", {"priority": "urgent"}, officers_only(to("/ask/queue/"))),
        (
            "post",
            "/ask/queue/{q}/reply/",
            {"body": "Hi", "outcome": "answered", "token": "new"},
            officers_only(to("/ask/queue/")),
        ),
        ("post", "/ask/queue/{q}/note/", {"body": "Note", "token": "new"}, officers_only(to("/ask/queue/"))),
        ("post", "/ask/queue/{q}/state/", {"target": "closed"}, officers_only(to("/ask/queue/"))),
        ("get", "/ask/queue/{q}/faq/", None, officers_only(200)),
        ("get", "/ask/faq/", None, row(404, **dict.fromkeys(FAQ_READERS, 200))),
        ("get", "/ask/faq/published-entry/", None, row(404, **dict.fromkeys(FAQ_READERS, 200))),
        ("get", "/ask/faq/draft-entry/", None, officers_only(200)),
        ("get", "/ask/faq/published-entry/edit/", None, officers_only(200)),
        (
            "get",
            "/back-office/advice/question/",
            None,
            row(
                to(BACK_OFFICE_SIGN_IN),
                anonymous=to(BACK_OFFICE_SIGN_IN),
                member_support=403,
                superuser=403,
                monitoring_officer=200,
                deputy_monitoring_officer=200,
            ),
        ),
        (
            "get",
            "/back-office/advice/question/{q}/change/",
            None,
            row(
                to(BACK_OFFICE_SIGN_IN),
                anonymous=to(BACK_OFFICE_SIGN_IN),
                member_support=403,
                superuser=403,
                monitoring_officer=200,
                deputy_monitoring_officer=200,
            ),
        ),
    ]
    return [Route(method, path, expected, data) for method, path, data, expected in rows]


MATRIX = url_cases()


@pytest.mark.parametrize(("route", "persona", "expected"), kit.cases(MATRIX, EVERYONE), indirect=["persona"])
def test_it_gives_each_persona_the_expected_response(client_for, case, route, persona, expected):
    attachment = Attachment.objects.get(question=case)
    path = route.path.format(q=case.pk, a=attachment.pk)
    data = {
        key: (str(uuid.uuid4()) if value == "new" else value) for key, value in (route.data or {}).items()
    }
    response = kit.request(client_for(persona), route, path, data)
    kit.check(response, path, expected)
    if response.status_code in (403, 404):
        body = response.content.decode()
        assert "Red Lion" not in body
        assert "SECRET-NOTE" not in body


def test_it_covers_every_persona_for_every_url():
    kit.assert_covers(MATRIX, EVERYONE)


def test_it_changes_nothing_when_someone_else_posts(client_for, case, other_councillor, member_support):
    for person in (other_councillor, member_support):
        client = client_for(person)
        client.post(f"/ask/questions/{case.pk}/reply/", {"body": "Let me in", "token": str(uuid.uuid4())})
        client.post(f"/ask/queue/{case.pk}/state/", {"target": "closed"})
    case.refresh_from_db()
    assert case.state == State.ANSWERED
    assert not case.messages.filter(body="Let me in").exists()


def test_it_hides_that_a_question_exists_from_others(client_for, case, other_councillor):
    """A question that exists and one that does not look the same to someone else."""
    client = client_for(other_councillor)
    real = client.get(f"/ask/questions/{case.pk}/")
    missing = client.get(f"/ask/questions/{case.pk + 1000}/")
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content


# --- Internal notes ------------------------------------------------------------------


def test_it_never_shows_internal_notes_on_the_members_page(client_for, case, councillor):
    page = client_for(councillor).get(f"/ask/questions/{case.pk}/").content.decode()
    assert "Do not sit on the sub-committee." in page
    assert "SECRET-NOTE" not in page
    assert "Internal note" not in page


def test_it_never_puts_internal_notes_in_the_members_copy(client_for, case, councillor):
    response = client_for(councillor).get(f"/ask/questions/{case.pk}/copy/")
    text = response.content.decode()
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Do not sit on the sub-committee." in text
    assert "My brother owns the Red Lion." in text
    assert "SECRET-NOTE" not in text


def test_it_never_emails_internal_notes(
    councillor, monitoring_officer, deputy_monitoring_officer, ask, emails
):
    with emails() as sent:
        question = ask(councillor)
        services.question_add_note(question=question, actor=monitoring_officer, body="SECRET-NOTE two")
        services.question_reply_as_officer(
            question=question, actor=monitoring_officer, body="Reply", outcome=State.IN_PROGRESS
        )
        services.question_reply_as_member(question=question, actor=councillor, body="Thanks")
    assert len(sent) == 3
    for message in sent:
        assert "SECRET-NOTE" not in message.subject + message.body


def test_it_shows_internal_notes_to_the_officers_marked_as_private(
    client_for, case, deputy_monitoring_officer
):
    page = client_for(deputy_monitoring_officer).get(f"/ask/queue/{case.pk}/").content.decode()
    assert "SECRET-NOTE: check his register" in page
    assert "Not shown to the member" in page


def test_it_keeps_the_back_office_question_pages_from_member_support(client_for, case, member_support):
    client = client_for(member_support)
    index = client.get("/back-office/").content.decode()
    assert "Ask the Monitoring Officer" not in index
    assert "/back-office/advice/question/" not in index
    change = client.get(f"/back-office/advice/question/{case.pk}/change/")
    assert change.status_code == 403
    assert "SECRET-NOTE" not in change.content.decode()


def test_it_shows_the_officers_internal_notes_in_the_back_office(client_for, case, monitoring_officer):
    page = (
        client_for(monitoring_officer).get(f"/back-office/advice/question/{case.pk}/change/").content.decode()
    )
    assert "SECRET-NOTE: check his register" in page
    assert "internal notes (never seen by the member)" in page.lower()


# --- Caching and the view log ---------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("councillor", "/ask/questions/{q}/"),
        ("councillor", "/ask/questions/{q}/copy/"),
        ("councillor", "/ask/"),
        ("councillor", "/ask/new/"),
        ("councillor", "/ask/attachments/{a}/"),
        ("monitoring_officer", "/ask/queue/"),
        ("monitoring_officer", "/ask/queue/{q}/"),
    ],
)
def test_it_tells_browsers_not_to_keep_question_pages(client_for, case, request, who, url):
    attachment = Attachment.objects.get(question=case)
    response = client_for(request.getfixturevalue(who)).get(url.format(q=case.pk, a=attachment.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_logs_who_opened_a_question_and_shows_the_officers(
    client_for, case, councillor, monitoring_officer
):
    client_for(councillor).get(f"/ask/questions/{case.pk}/")
    client_for(councillor).get(f"/ask/questions/{case.pk}/")
    page = client_for(monitoring_officer).get(f"/ask/queue/{case.pk}/").content.decode()
    viewers = Counter(QuestionView.objects.filter(question=case).values_list("viewer__email", flat=True))
    assert viewers == {"cllr.ward@example.org": 2, "mo@example.org": 1}
    assert "Who has opened this question" in page
    assert "Morgan Hale (the member)" in page


def test_it_does_not_log_a_view_by_someone_turned_away(client_for, case, other_councillor):
    client_for(other_councillor).get(f"/ask/questions/{case.pk}/")
    assert not QuestionView.objects.filter(viewer=other_councillor).exists()


def test_it_serves_attachments_as_downloads(client_for, case, councillor):
    attachment = Attachment.objects.get(question=case)
    response = client_for(councillor).get(f"/ask/attachments/{attachment.pk}/")
    assert response["Content-Disposition"].startswith('attachment; filename="licence.pdf"')
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_it_tells_an_administrator_that_questions_are_confidential(client_for, case, superuser):
    response = client_for(superuser).get("/ask/queue/")
    assert response.status_code == 403
    assert "An administrator account does not open them." in response.content.decode()


def test_it_opens_questions_to_a_superuser_who_holds_the_officer_role(client_for, case, make_user):
    from django.contrib.auth.models import Group

    from portal import roles

    admin_officer = make_user("admin.mo@example.org", is_superuser=True, is_staff=True, totp=True)
    admin_officer.groups.add(Group.objects.get(name=roles.MONITORING_OFFICER))
    assert client_for(admin_officer).get(f"/ask/queue/{case.pk}/").status_code == 200
