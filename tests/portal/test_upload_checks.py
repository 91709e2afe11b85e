"""Uploads are judged by their bytes, their name and their size; downloads take the real kind's extension."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.uploads import EVIDENCE_KINDS, check_upload, safe_download_name

PDF = b"%PDF-1.4\nfictional\n%%EOF\n"


def docx(extra=None, content_types=b"<Types/>"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def png(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def check(name, content):
    return check_upload(SimpleUploadedFile(name, content), kinds=EVIDENCE_KINDS)


@pytest.mark.parametrize("name", ["poly.html", "setup.exe", "report", "report.pdf.html", "notes.docx"])
def test_it_refuses_a_pdf_whose_name_says_something_else(name):
    with pytest.raises(ValidationError) as refused:
        check(name, PDF)
    assert refused.value.code == "wrong_extension"
    assert "Rename it to end .pdf" in refused.value.messages[0]


@pytest.mark.parametrize("name", ["report.pdf", "REPORT.PDF"])
def test_it_accepts_a_pdf_named_as_one(name):
    assert check(name, PDF).name == "pdf"


def test_it_accepts_a_jpeg_named_jpeg_or_jpg():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "JPEG")
    assert check("photo.jpeg", buffer.getvalue()).name == "jpeg"
    assert check("photo.jpg", buffer.getvalue()).name == "jpeg"


def test_it_refuses_a_macro_enabled_word_file_named_docx():
    with pytest.raises(ValidationError) as refused:
        check("minutes.docx", docx({"word/vbaProject.bin": b"\x00macro"}))
    assert refused.value.code == "macro"
    assert "macros" in refused.value.messages[0]


def test_it_refuses_a_word_file_that_declares_macros():
    content_types = (
        b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    )
    with pytest.raises(ValidationError) as refused:
        check("minutes.docx", docx(content_types=content_types))
    assert refused.value.code == "macro"


def test_it_refuses_a_word_file_that_unpacks_to_gigabytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/padding.bin", b"\x00" * (201 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        check("minutes.docx", buffer.getvalue())
    assert refused.value.code == "bomb"


def test_it_refuses_a_decompression_bomb_image_with_a_message_not_a_500():
    with pytest.raises(ValidationError) as refused:
        check("scan.png", png(12_000, 12_000))  # 144 million pixels in a few kilobytes
    assert refused.value.code == "bomb"
    assert "pixels" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("poly.html", "pdf", "poly.pdf"),
        ("setup.exe", "docx", "setup.docx"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("", "png", "file.png"),
        ("notes.pdf", None, "notes.bin"),
    ],
)
def test_a_download_takes_the_extension_of_what_the_file_really_is(name, kind, expected):
    assert safe_download_name(name, kind) == expected
