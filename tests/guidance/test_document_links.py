"""A document's mentions of other documents are links, only to those the reader may open; the
sign-off record is folded away under its heading."""

from guidance.models import Document


def test_it_links_a_mention_of_another_document_the_reader_may_open(client_for, councillor, make_document):
    make_document("Social Media Guide", slug="social-media-guide")
    document = make_document(body="Read this with the *Social Media Guide* before you post.")

    html = client_for(councillor).get(document.get_absolute_url()).content.decode()

    assert '<em><a href="/guidance/social-media-guide/">Social Media Guide</a></em>' in html


def test_it_does_not_link_a_document_the_reader_cannot_open(client_for, coopted_member, make_document):
    make_document("Group Leaders Handbook", slug="leaders", audience=Document.Audience.COUNCILLORS)
    document = make_document(body="See the Group Leaders Handbook.")

    html = client_for(coopted_member).get(document.get_absolute_url()).content.decode()

    assert "See the Group Leaders Handbook." in html
    assert 'href="/guidance/leaders/"' not in html


def test_it_folds_the_sign_off_record_under_its_heading(client_for, councillor, make_document):
    document = make_document(body="Text.")

    html = client_for(councillor).get(document.get_absolute_url()).content.decode()

    assert '<details class="sign-off-record"' in html
    assert html.index("<summary>") < html.index("How version 1 was signed off")


def test_it_compares_versions_as_rendered_text_not_markdown(
    client_for, councillor, make_document, publish_again
):
    document = make_document(body="## Gifts\n\nRegister any *gift* worth more than £50.\n\n- Hospitality")
    publish_again(document, body="## Gifts\n\nRegister any *gift* worth more than £25.\n\n- Hospitality")

    html = client_for(councillor).get(f"/guidance/{document.slug}/changes/?old=1&new=2").content.decode()

    assert "## Gifts" not in html
    assert "*gift*" not in html
    assert "- Hospitality" not in html
    assert 'diff-block-h2">Gifts' in html
    assert "Register any gift worth more than £" in html
