"""Turning an answer into an anonymised FAQ entry, reading the FAQ and searching it."""

import re

import pytest

from advice import services
from advice.models import FaqEntry, State
from advice.selectors import search_faqs
from portal.errors import DomainError


@pytest.fixture
def answered(question, monitoring_officer):
    services.question_reply_as_officer(
        question=question,
        actor=monitoring_officer,
        body="You may share how to comment on the application, but not the developer's post.",
        outcome=State.ANSWERED,
    )
    question.refresh_from_db()
    return question


@pytest.fixture
def faq(monitoring_officer):
    def make(title, answer, *, topic="social_media", background="", publish=True):
        return services.faq_entry_save(
            entry=FaqEntry(title=title, topic=topic, question_text=background, answer_text=answer),
            actor=monitoring_officer,
            publish=publish,
        )

    return make


def faq_form(**fields):
    data = {
        "title": "Can I share a developer's post about an application I will decide?",
        "topic": "social_media",
        "question_text": "A planning committee member is asked to share a developer's post.",
        "answer_text": "Share **facts** about how to comment. Do not share campaign material.",
        "publish": "on",
    }
    data.update(fields)
    return data


# --- Publishing from a question -------------------------------------------------------


def test_it_prefills_the_faq_form_from_the_answered_question(client_for, answered, monitoring_officer):
    page = client_for(monitoring_officer).get(f"/ask/queue/{answered.pk}/faq/").content.decode()
    assert "Facebook post about a planning application" in page
    assert "but not the developer&#x27;s post." in page
    assert "Every member will be able to read this" in page


def test_it_publishes_an_faq_entry_from_an_answered_question(
    client_for, answered, monitoring_officer, councillor
):
    response = client_for(monitoring_officer).post(f"/ask/queue/{answered.pk}/faq/", faq_form())
    entry = FaqEntry.objects.get()
    assert response["Location"] == f"/ask/faq/{entry.slug}/"
    assert entry.slug == "can-i-share-a-developers-post-about-an-application-i-will-decide"
    assert entry.source_question == answered
    assert entry.is_published and entry.published_at is not None
    assert entry.plain_text == "Share facts about how to comment. Do not share campaign material."
    page = client_for(councillor).get(entry.get_absolute_url()).content.decode()
    assert "<strong>facts</strong>" in page
    assert "A planning committee member is asked" in page
    listing = client_for(councillor).get("/ask/faq/").content.decode()
    assert entry.title.replace("'", "&#x27;") in listing
    case_page = client_for(monitoring_officer).get(f"/ask/queue/{answered.pk}/").content.decode()
    assert "(published)" in case_page


def test_it_saves_a_draft_members_cannot_see(client_for, answered, monitoring_officer, councillor):
    client_for(monitoring_officer).post(f"/ask/queue/{answered.pk}/faq/", faq_form(publish=""))
    entry = FaqEntry.objects.get()
    assert entry.status == FaqEntry.Status.DRAFT
    assert client_for(councillor).get(entry.get_absolute_url()).status_code == 404
    assert entry.title not in client_for(councillor).get("/ask/faq/").content.decode()
    assert search_faqs("developer") == []
    officer_page = client_for(monitoring_officer).get(entry.get_absolute_url()).content.decode()
    assert "Draft." in officer_page


def test_it_refuses_an_faq_entry_from_an_unanswered_question(client_for, question, monitoring_officer):
    response = client_for(monitoring_officer).post(f"/ask/queue/{question.pk}/faq/", faq_form(), follow=True)
    assert "Only a question that has been answered" in response.content.decode()
    assert not FaqEntry.objects.exists()
    with pytest.raises(DomainError):
        services.faq_entry_save(
            entry=FaqEntry(title="x", topic="other", answer_text="y"),
            actor=monitoring_officer,
            source_question=question,
        )


@pytest.mark.parametrize(
    ("field", "text", "named"),
    [
        ("answer_text", "Cllr Hale may share facts.", "Hale"),
        ("question_text", "Morgan Hale asked about a post.", "Morgan Hale"),
        ("title", "Can Morgan share the post?", "Morgan"),
        ("answer_text", "Write to cllr.ward@example.org with details.", "cllr.ward@example.org"),
    ],
)
def test_it_warns_when_the_members_name_is_in_the_text(
    client_for, answered, monitoring_officer, field, text, named
):
    response = client_for(monitoring_officer).post(
        f"/ask/queue/{answered.pk}/faq/", faq_form(**{field: text})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"“{named}”" in page
    assert "the member who asked" in page
    assert not FaqEntry.objects.exists()


def test_it_publishes_a_name_once_the_officer_confirms_it(client_for, answered, monitoring_officer):
    # "Hale" is also a place name: the officer can say so and publish.
    data = faq_form(answer_text="The Hale Road scheme is an example.", names_checked="on")
    client_for(monitoring_officer).post(f"/ask/queue/{answered.pk}/faq/", data)
    assert FaqEntry.objects.get().answer_text == "The Hale Road scheme is an example."


def test_it_does_not_flag_a_name_inside_another_word(answered):
    assert services.names_in_text(answered, "Halestorm and Morganite are not names.") == []


def test_it_edits_and_withdraws_an_entry(client_for, faq, monitoring_officer, councillor):
    entry = faq("Can I accept tickets?", "No.")
    client_for(monitoring_officer).post(
        f"/ask/faq/{entry.slug}/edit/",
        {
            "title": "Can I accept tickets from a contractor?",
            "topic": "gifts_hospitality",
            "answer_text": "Decline them.",
        },
    )
    entry.refresh_from_db()
    assert entry.title == "Can I accept tickets from a contractor?"
    assert entry.status == FaqEntry.Status.DRAFT  # "publish" was not ticked
    assert entry.slug == "can-i-accept-tickets"  # the address stays the same
    assert client_for(councillor).get(f"/ask/faq/{entry.slug}/").status_code == 404


def test_it_sanitises_the_answer(client_for, faq, councillor):
    entry = faq("Links", "<script>alert(1)</script> [bad](javascript:alert(1)) [good](https://example.org)")
    page = client_for(councillor).get(entry.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "javascript:" not in page
    assert 'href="https://example.org"' in page
    assert 'rel="noopener noreferrer"' in page


def test_it_lists_entries_by_topic(client_for, faq, councillor):
    faq("Separate accounts?", "Yes.", topic="social_media")
    faq("Relative's job?", "It depends.", topic="interests")
    client = client_for(councillor)
    page = client.get("/ask/faq/?topic=interests").content.decode()
    assert "Relative&#x27;s job?" in page
    assert "Separate accounts?" not in page


# --- Search -----------------------------------------------------------------------------


def test_it_finds_published_entries_best_first(faq):
    faq("Can I post about a planning application?", "Only facts about how to comment.")
    faq(
        "Gifts and hospitality",
        "Register gifts over fifty pounds. A planning officer may ask.",
        topic="gifts_hospitality",
    )
    faq("Draft about planning", "Planning planning planning.", publish=False)
    results = search_faqs("planning application")
    assert [entry.title for entry in results] == ["Can I post about a planning application?"]
    results = search_faqs("planning")
    assert [entry.title for entry in results] == [
        "Can I post about a planning application?",
        "Gifts and hospitality",
    ]
    assert results[0].get_absolute_url() == "/ask/faq/can-i-post-about-a-planning-application/"


def test_it_matches_word_forms_in_english(faq):
    faq("Declaring interests", "You must declare a pecuniary interest before the item.")
    assert [entry.title for entry in search_faqs("declared")] == ["Declaring interests"]


def test_it_marks_the_matches_in_a_safe_snippet(faq):
    faq(
        "Script",
        "Register it.",
        background="Can I paste <script>alert('x')</script> into a hospitality entry?",
    )
    [entry] = search_faqs("hospitality")
    assert "<mark>hospitality</mark>" in entry.snippet
    without_marks = re.sub(r"</?mark>", "", entry.snippet)
    assert "<" not in without_marks and ">" not in without_marks
    assert "alert(&#x27;x&#x27;)" in entry.snippet  # the text is escaped, not trusted


def test_it_searches_in_one_query(faq, django_assert_num_queries):
    for n in range(8):
        faq(f"Planning question {n}", f"Answer {n} about planning committees.")
    with django_assert_num_queries(1):
        results = search_faqs("planning", limit=5)
        snippets = [entry.snippet for entry in results]
    assert len(results) == 5
    assert all("<mark>" in snippet for snippet in snippets)


def test_it_returns_nothing_for_an_empty_search_without_asking_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert search_faqs("   ") == []


def test_it_copes_with_search_syntax(faq):
    faq("Quotes", "Use quotes carefully.")
    assert search_faqs('"unclosed OR -') == []  # websearch syntax never raises
    assert [e.title for e in search_faqs('"quotes carefully"')] == ["Quotes"]


def test_it_shows_search_results_on_the_faq_page(client_for, faq, councillor):
    faq("Can I accept tickets?", "Decline tickets from contractors.")
    page = client_for(councillor).get("/ask/faq/?q=tickets").content.decode()
    assert "Results for “tickets”" in page
    assert "<mark>tickets</mark>" in page or "<mark>Tickets</mark>" in page


def test_it_saves_faq_entries_made_in_the_back_office_through_the_service(client_for, monitoring_officer):
    response = client_for(monitoring_officer).post(
        "/back-office/advice/faqentry/add/",
        {
            "title": "Back office entry",
            "slug": "back-office-entry",
            "topic": "other",
            "answer_text": "Some *words* here.",
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert entry.plain_text == "Some words here."
    assert entry.created_by == monitoring_officer
    assert entry.status == FaqEntry.Status.DRAFT
