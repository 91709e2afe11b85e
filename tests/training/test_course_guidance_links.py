"""A course page links to a guidance document only if the reader can open it."""

from guidance.models import Document


def test_it_links_a_course_document_the_member_may_read(client_for, councillor, course, make_document):
    document = make_document("Planning in a nutshell")
    course.guidance_documents.add(document)

    html = client_for(councillor).get(course.get_absolute_url()).content.decode()

    assert f'href="{document.get_absolute_url()}"' in html


def test_it_does_not_link_a_course_document_the_member_cannot_open(
    client_for, councillor, course, make_document, make_committee
):
    document = make_document("Planning Committee handbook")
    document.audience = Document.Audience.COMMITTEE
    document.committee = make_committee("Planning Committee")
    document.save(update_fields=["audience", "committee"])
    course.guidance_documents.add(document)
    client = client_for(councillor)

    html = client.get(course.get_absolute_url()).content.decode()

    assert "Planning Committee handbook" in html
    assert f'href="{document.get_absolute_url()}"' not in html
    assert client.get(document.get_absolute_url()).status_code == 404


def test_it_links_every_course_document_for_member_support(client_for, member_support, course, make_document):
    document = make_document("Planning Committee handbook")
    document.audience = Document.Audience.COUNCILLORS
    document.save(update_fields=["audience"])
    course.guidance_documents.add(document)

    html = client_for(member_support).get(course.get_absolute_url()).content.decode()

    assert f'href="{document.get_absolute_url()}"' in html
