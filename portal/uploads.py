"""Uploaded files: checked by what they contain, stored privately, served only by views.

Nothing under MEDIA_ROOT has a public URL (there is no MEDIA_URL). A view that
has checked the person may see the file returns ``download_response``.

Use in a form::

    attachment = forms.FileField(validators=[UploadValidator(kinds=DOCUMENT_KINDS)])

or, for several files in one input (each checked, every problem shown at once)::

    evidence = MultipleFileField(kinds=EVIDENCE_KINDS, max_files=5, required=False)

and in a model, give the FileField ``upload_to=private_upload_path("guidance")``
so stored names are random and say nothing about the file or its owner.
"""

import os
import uuid
import warnings
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    extension: str
    content_type: str
    # Other endings a file of this kind may have (".jpeg" for a JPEG).
    also: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.also)


KINDS = {
    "pdf": Kind("pdf", "PDF", ".pdf", "application/pdf"),
    "docx": Kind(
        "docx",
        "Word document (.docx)",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "png": Kind("png", "PNG image", ".png", "image/png"),
    "jpeg": Kind("jpeg", "JPEG image", ".jpg", "image/jpeg", also=(".jpeg",)),
}
# A Word file may not unpack to more than this (a "zip bomb" unpacks to gigabytes).
DOCX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
DOCX_MAX_ENTRIES = 2000
# Pillow refuses images over this many pixels (a "decompression bomb").
IMAGE_MAX_PIXELS = 50_000_000
DOCUMENT_KINDS = ("pdf", "docx")
IMAGE_KINDS = ("png", "jpeg")
EVIDENCE_KINDS = ("pdf", "docx", "png", "jpeg")

_PIL_FORMATS = {"PNG": "png", "JPEG": "jpeg"}


def sniff(file) -> str | None:
    """The kind of file this is, judged by its bytes (never its name), or None."""
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf" if _pdf_has_end(file) else None
        if head.startswith(b"PK\x03\x04"):
            return "docx" if _is_docx(file) else None
        if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
            return _image_kind(file)
        return None
    finally:
        file.seek(0)


def _pdf_has_end(file) -> bool:
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(max(0, size - 2048))
    return b"%%EOF" in file.read()


class UnsafeContent(Exception):
    """The file is of an accepted kind but carries something we refuse (macros, a bomb)."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


def _is_docx(file) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError):
        return False
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        return False
    if len(entries) > DOCX_MAX_ENTRIES or sum(entry.file_size for entry in entries) > DOCX_MAX_UNPACKED_BYTES:
        raise UnsafeContent("unpacks to far more than a Word document could hold", "bomb")
    if any(name.lower().endswith("vbaproject.bin") for name in names) or b"macroEnabled" in content_types:
        raise UnsafeContent(
            "contains macros, which we do not accept; save it as a .docx without macros", "macro"
        )
    return True


def _image_kind(file) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                kind = _PIL_FORMATS.get(image.format)
                if image.width * image.height > IMAGE_MAX_PIXELS:
                    raise UnsafeContent("is far larger in pixels than any photo or scan", "bomb")
                image.verify()  # reads the whole file: a truncated or forged image fails here
        return kind
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnsafeContent("is far larger in pixels than any photo or scan", "bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


def _describe(kinds) -> str:
    labels = [KINDS[kind].label for kind in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


@deconstructible
class UploadValidator:
    """Refuse a file that is too big or is not really one of ``kinds``, with a message that says why."""

    def __init__(self, kinds=DOCUMENT_KINDS, max_bytes=None):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, file):
        check_upload(file, kinds=self.kinds, max_bytes=self.max_bytes)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_bytes) == (
            other.kinds,
            other.max_bytes,
        )


def check_upload(file, *, kinds=DOCUMENT_KINDS, max_bytes=None) -> Kind:
    """Return the file's kind, or raise ValidationError with a clear message."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = os.path.basename(getattr(file, "name", "") or "the file")
    if file.size == 0:
        raise ValidationError(f"{name} is empty.", code="empty")
    if file.size > max_bytes:
        raise ValidationError(
            f"{name} is {filesizeformat(file.size)}; the largest file we accept is "
            f"{filesizeformat(max_bytes)}.",
            code="too_big",
        )
    try:
        kind = sniff(file)
    except UnsafeContent as unsafe:
        raise ValidationError(f"{name} {unsafe.message}.", code=unsafe.code) from None
    if kind not in kinds:
        raise ValidationError(
            f"{name} is not a {_describe(kinds)} file, whatever its name says. "
            f"Please upload a {_describe(kinds)}.",
            code="wrong_kind",
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in KINDS[kind].extensions:
        raise ValidationError(
            f"{name} is a {KINDS[kind].label} file but its name ends “{extension or 'with no extension'}”. "
            f"Rename it to end {KINDS[kind].extension} and upload it again.",
            code="wrong_extension",
        )
    return KINDS[kind]


def private_upload_path(prefix: str):
    """An ``upload_to`` giving each file a random name under ``prefix/yyyy/mm/``."""
    return _PrivateUploadPath(prefix)


@deconstructible
class _PrivateUploadPath:
    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        # Uploads are checked first (check_upload), so the extension is the real kind's.
        extension = os.path.splitext(filename)[1].lower()[:8]
        today = timezone.localdate()
        return f"{self.prefix}/{today:%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, _PrivateUploadPath) and self.prefix == other.prefix


def safe_download_name(filename: str, kind: str | None) -> str:
    """The name to download a file under: its own stem, with the extension of what it really is."""
    stem = os.path.splitext(os.path.basename(filename or ""))[0].strip(". ") or "file"
    return stem + (KINDS[kind].extension if kind else ".bin")


def download_response(fieldfile, *, filename: str) -> FileResponse:
    """Send a stored file as a download that browsers will not render or cache.

    The name's extension is the one of the kind the bytes show, so a file can
    never be saved as ``.html`` or ``.exe`` whatever it was called on upload.
    """
    fieldfile.open("rb")
    try:
        kind = sniff(fieldfile.file)
    except UnsafeContent:
        kind = None
    content_type = KINDS[kind].content_type if kind else "application/octet-stream"
    response = FileResponse(
        fieldfile, as_attachment=True, filename=safe_download_name(filename, kind), content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def accept_attribute(kinds) -> str:
    """The file input's ``accept`` list for ``kinds``: extensions first, then content types."""
    extensions = [KINDS[kind].extension for kind in kinds] + ([".jpeg"] if "jpeg" in kinds else [])
    return ",".join(extensions + [KINDS[kind].content_type for kind in kinds])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input. Each is checked by the field's validators; every problem is reported."""

    default_error_messages = {"too_many": "Attach up to %(max_files)s files; you chose %(count)s."}

    def __init__(self, *args, kinds=EVIDENCE_KINDS, max_files, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept_attribute(kinds)}))
        kwargs.setdefault("validators", [UploadValidator(kinds=kinds)])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > self.max_files:
            raise forms.ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"max_files": self.max_files, "count": len(files)},
            )
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned, errors = [], []
        for file in files:
            try:
                cleaned.append(super().clean(file, initial))
            except forms.ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned
