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


def test_a_document_published_after_the_page_was_seen_is_linked_on_the_next_view(
    client_for, councillor, make_document
):
    document = make_document(body="Read the Planning Code before the meeting.")
    client = client_for(councillor)
    assert "Read the Planning Code before" in client.get(document.get_absolute_url()).content.decode()

    make_document("Planning Code", slug="planning-code")
    html = client.get(document.get_absolute_url()).content.decode()

    assert '<a href="/guidance/planning-code/">Planning Code</a>' in html


def test_a_renamed_document_is_linked_by_its_new_title_on_the_next_view(
    client_for, councillor, make_document
):
    other = make_document("Gifts Guide", slug="gifts")
    document = make_document(body="See the Gifts Guide and the Hospitality Register.")
    client = client_for(councillor)
    assert (
        'href="/guidance/gifts/">Gifts Guide</a>' in client.get(document.get_absolute_url()).content.decode()
    )

    other.title = "Hospitality Register"
    other.save()
    html = client.get(document.get_absolute_url()).content.decode()

    assert 'href="/guidance/gifts/">Hospitality Register</a>' in html
    assert ">Gifts Guide</a>" not in html


def test_the_title_index_finds_every_title_a_text_contains_and_no_other():
    from guidance.title_index import TitleIndex

    index = TitleIndex(
        [(1, "Code of Conduct"), (2, "Code of Conduct guide"), (3, "Q&A"), (4, "Fees"), (5, "ICT"), (6, "  ")]
    )

    assert index.ids_in("Read the Code of Conduct guide and the Q&amp;A on ICT.") == {1, 2, 3, 5}
    assert index.ids_in("Nothing here about fee levels.") == set()
