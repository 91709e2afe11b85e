"""“Ask the Monitoring Officer about this”: the question form when it exists, else an email."""

from urllib.parse import parse_qs, unquote, urlsplit

from django.urls import reverse

from guidance import extensions


def ask_link(text):
    anchor = text.split('class="card card-body mb-3 ask-box"', 1)[1]
    return anchor.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_it_opens_the_question_form_naming_the_document(client_for, councillor, make_document):
    ask_url = reverse("advice:ask")
    document = make_document("Social Media Guide")
    client = client_for(councillor)

    link = ask_link(client.get(document.get_absolute_url()).content.decode())

    assert link == f"{ask_url}?document={document.pk}"
    form = client.get(link)
    assert form.status_code == 200
    assert "Social Media Guide" in form.content.decode()


def test_without_the_question_form_it_opens_an_email_naming_the_document(
    client_for, councillor, make_document, settings, request
):
    # The library on its own, before any app offered a question form.
    saved = extensions.snapshot()
    extensions.restore(({}, []))
    request.addfinalizer(lambda: extensions.restore(saved))
    settings.MONITORING_OFFICER_EMAIL = "mo@fellbridge.example.org"
    document = make_document("Social Media Guide")

    text = client_for(councillor).get(document.get_absolute_url()).content.decode()

    link = urlsplit(ask_link(text))
    assert (link.scheme, link.path) == ("mailto", "mo@fellbridge.example.org")
    query = {key: values[0] for key, values in parse_qs(link.query).items()}
    assert query["subject"] == "Question about the guidance: Social Media Guide"
    assert f"/guidance/{document.slug}/" in unquote(query["body"])
    assert "version 1" in query["body"]
    assert "This opens an email to mo@fellbridge.example.org." in text
