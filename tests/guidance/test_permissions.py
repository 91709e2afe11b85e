"""Every guidance URL for every persona.

Member-facing objects answer 404 to anyone not entitled to them; officer pages
answer 403 to signed-in people without the permission.
"""

import uuid

import pytest

from guidance.models import Attachment, ChecklistItem, Document
from tests import kit
from tests.conftest import PERSONAS
from tests.kit import BACK_OFFICE_SIGN_IN, SIGN_IN, get, pdf_upload, post, to

READERS = {
    "councillor",
    "coopted_member",
    "monitoring_officer",
    "deputy_monitoring_officer",
    "member_support",
    "superuser",
}
MEMBERS = {"councillor", "coopted_member"}
OFFICERS = {"monitoring_officer", "deputy_monitoring_officer", "member_support", "superuser"}


def row(allowed, *, allowed_status=200, others=404, anonymous=None):
    return {
        p: (anonymous or to(SIGN_IN) if p == "anonymous" else allowed_status if p in allowed else others)
        for p in PERSONAS
    }


def admin_row(allowed):
    return {p: 200 if p in allowed else to(BACK_OFFICE_SIGN_IN) for p in PERSONAS}


# (method, path template, expected per persona). {doc} is an all-members document,
# {committee_doc} one for a committee nobody here sits on.
MATRIX = [
    get("/guidance/", row(READERS, others=403)),
    get("/guidance/?q=defamation", row(READERS, others=403)),
    get("/guidance/{doc}/", row(READERS)),
    get("/guidance/{doc}/versions/1/", row(READERS)),
    get("/guidance/{doc}/changes/?old=1&new=2", row(READERS)),
    get("/guidance/{doc}/files/{file}/", row(READERS)),
    get("/guidance/{committee_doc}/", row(OFFICERS)),
    get("/guidance/{committee_doc}/files/{committee_file}/", row(OFFICERS)),
    post("/guidance/{doc}/acknowledge/", row(MEMBERS, allowed_status=302)),
    post("/guidance/{committee_doc}/acknowledge/", row(set())),
    post("/guidance/{doc}/checklist/", row(MEMBERS, allowed_status=302)),
    get("/guidance/manage/acknowledgements/", row(OFFICERS, others=403)),
    get("/guidance/{doc}/acknowledgements/", row(OFFICERS, others=403)),
    post("/guidance/{doc}/reminders/", row(OFFICERS, allowed_status=302, others=403)),
    get("/guidance/manage/reviews/", row(OFFICERS, others=403)),
    get("/guidance/{doc}/review/", row(OFFICERS, others=403)),
    post("/guidance/{doc}/review/", row(OFFICERS, allowed_status=302, others=403)),
    get("/back-office/guidance/document/", admin_row(OFFICERS)),
    get("/back-office/guidance/document/{doc_pk}/change/", admin_row(OFFICERS)),
    get("/back-office/guidance/document/{doc_pk}/publish/", admin_row(OFFICERS)),
    get("/back-office/guidance/acknowledgement/", admin_row(OFFICERS)),
]


@pytest.fixture
def library(make_document, make_committee, publish_again, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    document = make_document("Social Media Guide", slug="social-media-guide")
    publish_again(document)
    ChecklistItem.objects.create(document=document, position=1, text="Separate accounts")
    committee_doc = make_document(
        "Audit members' guide",
        slug="audit-guide",
        audience=Document.Audience.COMMITTEE,
        committee=make_committee("Audit Committee"),
    )
    files = {}
    for doc in (document, committee_doc):
        attachment = Attachment(document=doc, title="Printable", original_filename="p.pdf", kind="pdf")
        attachment.file.save("p.pdf", pdf_upload(), save=False)
        attachment.save()
        files[doc.pk] = attachment.pk
    return {
        "doc": document.slug,
        "doc_pk": document.pk,
        "file": files[document.pk],
        "committee_doc": committee_doc.slug,
        "committee_file": files[committee_doc.pk],
    }


POST_DATA = {
    "acknowledge": lambda: {"version": 2},
    "checklist": lambda: {"item": []},
    "reminders": lambda: {"token": str(uuid.uuid4())},
    "review": lambda: {"reviewed_on": "2025-01-06", "note": "Still right."},
}


@pytest.mark.parametrize(("route", "persona", "expected"), kit.cases(MATRIX, PERSONAS), indirect=["persona"])
def test_it_gives_each_persona_the_expected_response(
    client_for, library, route, persona, expected, councillor, other_councillor
):
    url = route.path.format(**library)
    data = None
    if route.method == "post":
        data = POST_DATA[url.rstrip("/").rsplit("/", 1)[1]]()
    kit.check(kit.request(client_for(persona), route, url, data), url, expected)


def test_it_covers_every_persona_for_every_url():
    kit.assert_covers(MATRIX, PERSONAS)
