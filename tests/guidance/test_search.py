"""Search: weighted full-text search, ranked, with snippets for the page shown, and filters."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance import selectors
from guidance.models import Document


def results(client, **params):
    response = client.get("/guidance/", params)
    assert response.status_code == 200
    return response


def titles(response):
    return [document.title for document in response.context["page"].object_list]


def test_it_ranks_a_title_match_above_a_body_match(client_for, councillor, make_document):
    make_document("Working with the press", body="Sometimes a journalist asks about defamation.")
    make_document("Defamation and libel", body="What the law says about a false statement.")
    make_document("Parking permits", body="Nothing about the search word at all.")

    response = results(client_for(councillor), q="defamation")

    assert titles(response) == ["Defamation and libel", "Working with the press"]
    assert "2 documents found for “defamation”" in response.content.decode()


def test_it_ranks_a_summary_match_between_title_and_body(client_for, councillor, make_document):
    make_document("Body match", body="copyright " * 3)
    make_document("Summary match", summary="Using photographs without breaching copyright.", body="Pictures.")
    make_document("Copyright basics", body="Pictures.")

    assert titles(results(client_for(councillor), q="copyright")) == [
        "Copyright basics",
        "Summary match",
        "Body match",
    ]


def test_it_stems_english_words(client_for, councillor, make_document):
    make_document("Campaigning", body="Councillors campaigned on local issues.")

    assert titles(results(client_for(councillor), q="campaigns")) == ["Campaigning"]


def test_it_shows_a_highlighted_snippet_of_the_text(client_for, councillor, make_document):
    body = (
        "## Posting online\n\nThink before you post. A false statement that harms someone's reputation is "
        "defamation, and you can be sued for it personally.\n\nKeep your accounts secure."
    )
    make_document("Social Media Guide", body=body)

    text = results(client_for(councillor), q="defamation").content.decode()

    assert "reputation is <mark>defamation</mark>, and you can be sued" in text
    assert "## Posting" not in text  # snippets come from the words, not the Markdown


def test_it_escapes_the_text_around_a_snippet(client_for, councillor, make_document):
    make_document("Quotes", body='Defamation: say "no" & mean it. Writing &lt;b&gt; does nothing.')

    text = results(client_for(councillor), q="defamation").content.decode()

    assert "<mark>Defamation</mark>: say &quot;no&quot; &amp; mean it" in text
    assert "<b>" not in text


def test_it_works_out_snippets_only_for_the_page_shown(client_for, councillor, make_document):
    for n in range(selectors.PAGE_SIZE + 3):
        make_document(f"Note {n:02}", body="Defamation is a risk online.")
    client = client_for(councillor)

    with CaptureQueriesContext(connection) as queries:
        response = results(client, q="defamation")

    headline_queries = [
        q["sql"]
        for q in queries.captured_queries
        if "ts_headline" in q["sql"] and "guidance_document" in q["sql"]
    ]
    assert len(headline_queries) == 1
    assert headline_queries[0].count("%s") == 0  # parameters are interpolated in captured SQL
    shown = response.context["page"].object_list
    assert len(shown) == selectors.PAGE_SIZE
    ids_in_query = headline_queries[0].split(" IN (")[1].split(")")[0].split(", ")
    assert sorted(int(pk) for pk in ids_in_query) == sorted(document.pk for document in shown)
    second = results(client, q="defamation", page=2)
    assert len(second.context["page"].object_list) == 3
    assert "<mark>Defamation</mark>" in second.content.decode()


def test_it_filters_by_category_and_audience(client_for, monitoring_officer, make_document, make_committee):
    make_document("Legal risks", category=Document.Category.LEGAL, body="Defamation.")
    make_document("Tweeting", category=Document.Category.SOCIAL_MEDIA, body="Defamation.")
    planning = make_committee("Planning Committee")
    make_document(
        "Predetermination",
        category=Document.Category.LEGAL,
        audience="committee",
        committee=planning,
        body="Bias.",
    )
    client = client_for(monitoring_officer)

    assert titles(results(client, category="legal")) == ["Legal risks", "Predetermination"]
    assert titles(results(client, category="legal", audience="committee")) == ["Predetermination"]
    assert titles(results(client, q="defamation", category="social_media")) == ["Tweeting"]


def test_it_says_when_nothing_matches(client_for, councillor, make_document):
    make_document("Parking")

    text = results(client_for(councillor), q="zebra crossing").content.decode()

    assert "No guidance matches “zebra crossing”." in text


def test_it_accepts_search_syntax_without_errors(client_for, councillor, make_document):
    make_document("Social media", body="Defamation and copyright.")
    client = client_for(councillor)

    assert titles(results(client, q='"defamation and" -parking or ((')) == ["Social media"]
    assert titles(results(client, q="!!! :* &")) == []


def test_it_shows_answers_from_the_monitoring_officer_after_the_documents(
    client_for, councillor, make_document
):
    make_document("Social media", body="Defamation.")

    text = results(client_for(councillor), q="defamation").content.decode()

    assert text.index("1 document found") < text.index("Answers from the Monitoring Officer")


def test_the_stored_search_vector_follows_title_edits(make_document, member_support):
    from guidance import services

    document = make_document("Old title", body="Plain words.")
    document.title = "Purdah explained"
    services.document_save(document=document, actor=member_support, changed=["title"])

    found = Document.objects.filter(search_vector="purdah")
    assert list(found) == [document]
