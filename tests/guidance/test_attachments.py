"""Attachments: checked by content and size in the back office, downloaded only by the audience."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guidance.models import Attachment, Document
from tests.guidance.admin_helpers import change_form_data
from tests.kit import PDF_BYTES as PDF
from tests.kit import pdf_upload


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def change_page(client_for, member_support, make_document, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    document = make_document("Social Media Guide")
    client = client_for(member_support)
    url = f"/back-office/guidance/document/{document.pk}/change/"
    return client, url, document


def upload(client, url, file, title="Printable version"):
    data = change_form_data(
        client.get(url),
        **{"attachments-TOTAL_FORMS": 1, "attachments-0-title": title, "attachments-0-file": file},
    )
    return client.post(url, data)


def test_it_stores_a_real_pdf_with_its_name_and_size(change_page):
    client, url, document = change_page

    response = upload(client, url, pdf_upload("Social media guide.pdf"))

    assert response.status_code == 302, response.context["errors"] if response.context else response
    attachment = Attachment.objects.get(document=document)
    assert (attachment.title, attachment.original_filename, attachment.kind, attachment.size) == (
        "Printable version",
        "Social media guide.pdf",
        "pdf",
        len(PDF),
    )
    assert attachment.file.name.startswith("guidance/")
    assert "Social" not in attachment.file.name  # stored under a random name


def test_it_accepts_a_word_document(change_page):
    client, url, document = change_page

    upload(client, url, SimpleUploadedFile("notes.docx", docx_bytes()))

    assert Attachment.objects.get(document=document).kind == "docx"


def test_it_refuses_a_renamed_executable(change_page):
    client, url, document = change_page

    response = upload(client, url, SimpleUploadedFile("guide.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200))

    assert response.status_code == 200
    assert (
        "guide.pdf is not a PDF or Word document (.docx) file, whatever its name says."
        in response.content.decode()
    )
    assert not Attachment.objects.exists()


def test_it_refuses_a_file_that_is_too_big(change_page, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client, url, document = change_page

    response = upload(client, url, pdf_upload("big.pdf", PDF[:-7] + b"\x00" * 2000 + b"%%EOF\n"))

    assert response.status_code == 200
    assert "big.pdf is 2.0\xa0KB; the largest file we accept is 1.0\xa0KB." in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_member_in_the_audience_downloads_it_as_an_attachment(change_page, client_for, councillor):
    client, url, document = change_page
    upload(client, url, pdf_upload("Social media guide.pdf"))
    attachment = Attachment.objects.get()

    page = client_for(councillor).get(document.get_absolute_url()).content.decode()
    response = client_for(councillor).get(f"/guidance/{document.slug}/files/{attachment.pk}/")

    assert f'href="/guidance/{document.slug}/files/{attachment.pk}/" download>Printable version</a>' in page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Social media guide.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF


def test_a_file_from_another_document_is_not_found(change_page, client_for, councillor, make_document):
    client, url, document = change_page
    upload(client, url, pdf_upload())
    attachment = Attachment.objects.get()
    other = make_document("Another document")

    response = client_for(councillor).get(f"/guidance/{other.slug}/files/{attachment.pk}/")

    assert response.status_code == 404


def test_removing_an_attachment_deletes_the_file(change_page, django_capture_on_commit_callbacks):
    client, url, document = change_page
    upload(client, url, pdf_upload())
    attachment = Attachment.objects.get()
    stored = attachment.file.path
    data = change_form_data(client.get(url), **{"attachments-0-DELETE": "on"})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)

    assert not Attachment.objects.exists()
    import os

    assert not os.path.exists(stored)
    assert Document.objects.filter(pk=document.pk).exists()
