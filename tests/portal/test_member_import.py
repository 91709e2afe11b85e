"""Importing members from a CSV file in the back office."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import imports
from portal.forms import IMPORT_SIGNING_SALT, sign_import
from portal.models import AuditEvent, CommitteeMembership, Member

IMPORT = "/back-office/portal/member/import/"
HEADER = ",".join(imports.REQUIRED_COLUMNS + imports.OPTIONAL_COLUMNS)


def csv_file(*rows, header=HEADER, name="members.csv", bom=False):
    text = "\r\n".join([header, *rows]) + "\r\n"
    data = text.encode("utf-8-sig" if bom else "utf-8")
    return SimpleUploadedFile(name, data, content_type="text/csv")


def upload(client, file):
    return client.post(IMPORT, {"file": file})


def confirm(client, preview_response):
    payload = re.search(r'name="payload" value="([^"]+)"', preview_response.content.decode()).group(1)
    return client.post(IMPORT, {"payload": payload}, follow=True)


def database_state():
    return (
        sorted(
            Member.objects.values_list("first_name", "last_name", "email", "ward", "term_start", "term_end")
        ),
        sorted(CommitteeMembership.objects.values_list("member_id", "committee_id", "start_date")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def committees(make_committee):
    return make_committee("Planning Committee"), make_committee("Standards Committee")


GOOD_ROWS = (
    "FDC-1,Tamsin,Greaves,tamsin.greaves@example.org,Fellbridge District Council,Castle Ward,Green,"
    "Councillor,2023-05-04,2027-05-06,Planning Committee;Standards Committee",
    "FDC-2,Wilf,Oduya,wilf.oduya@example.org,fellbridge,,,Co-opted member,01/06/2024,,Standards Committee",
)


# --- The import service, without HTTP ----------------------------------------------


def test_it_previews_new_members_as_creations(district, committees):
    preview = imports.import_preview("\r\n".join([HEADER, *GOOD_ROWS]))
    assert preview.is_valid
    assert [row.action for row in preview.rows] == ["create", "create"]
    assert [row.number for row in preview.rows] == [2, 3]
    assert preview.rows[1].values["member_type"] == Member.MemberType.CO_OPTED
    assert preview.rows[1].values["term_start"] == datetime.date(2024, 6, 1)


def test_it_reads_member_types_leniently():
    assert imports.parse_member_type("Co-opted member") == Member.MemberType.CO_OPTED
    assert imports.parse_member_type("CO OPTED") == Member.MemberType.CO_OPTED
    assert imports.parse_member_type("coopted") == Member.MemberType.CO_OPTED
    assert imports.parse_member_type(" Councillor ") == Member.MemberType.COUNCILLOR
    assert imports.parse_member_type("Cllr") == Member.MemberType.COUNCILLOR
    assert imports.parse_member_type("mayor") is None


def test_it_imports_members_and_committee_places(district, committees, member_support):
    result = imports.members_import(
        csv_text="\r\n".join([HEADER, *GOOD_ROWS]), actor=member_support, filename="members.csv"
    )
    assert (result.created, result.updated, result.unchanged, result.memberships_added) == (2, 0, 0, 3)
    tamsin = Member.objects.get(external_id="FDC-1")
    assert tamsin.authority == district
    assert tamsin.term_end == datetime.date(2027, 5, 6)
    assert sorted(tamsin.committee_memberships.values_list("committee__name", "start_date")) == [
        ("Planning Committee", datetime.date(2023, 5, 4)),
        ("Standards Committee", datetime.date(2023, 5, 4)),
    ]
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBERS_IMPORTED)
    assert event.actor == member_support
    assert event.data["created"] == 2
    assert event.data["memberships_added"] == 3


def test_it_updates_a_member_matched_by_external_id_and_another_matched_by_email(
    district, committees, make_member, member_support
):
    by_id = make_member(external_id="FDC-1", first_name="Tam", last_name="Greaves", ward="Old Ward")
    by_email = make_member(first_name="Wilf", last_name="Oduya", email="WILF.ODUYA@example.org")

    preview = imports.import_preview("\r\n".join([HEADER, *GOOD_ROWS]))

    assert [row.action for row in preview.rows] == ["update", "update"]
    assert "first_name" in preview.rows[0].changes and "ward" in preview.rows[0].changes
    imports.members_import(csv_text="\r\n".join([HEADER, *GOOD_ROWS]), actor=member_support)
    by_id.refresh_from_db()
    by_email.refresh_from_db()
    assert (by_id.first_name, by_id.ward) == ("Tamsin", "Castle Ward")
    assert by_email.external_id == "FDC-2"
    assert by_email.member_type == Member.MemberType.CO_OPTED
    assert Member.objects.count() == 2


def test_it_reports_an_unchanged_member_as_unchanged(district, committees, member_support):
    text = "\r\n".join([HEADER, *GOOD_ROWS])
    imports.members_import(csv_text=text, actor=member_support)
    preview = imports.import_preview(text)
    assert [row.action for row in preview.rows] == ["unchanged", "unchanged"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "X1,Ann,Lee,ann@example.org,Fellbridge District Council,,,councillor,2023-05-04,01/01/2020,",
            "Row 2: term_end 01/01/2020 is before term_start 2023-05-04",
        ),
        (
            "X1,Ann,Lee,ann@example.org,Nowhere,,,councillor,2023-05-04,,",
            "Row 2: authority 'Nowhere' is not known",
        ),
        ("X1,Ann,Lee,not-an-email,fellbridge,,,councillor,2023-05-04,,", "is not a valid email address"),
        ("X1,,Lee,ann@example.org,fellbridge,,,councillor,2023-05-04,,", "Row 2: first_name is missing"),
        ("X1,Ann,Lee,ann@example.org,fellbridge,,,mayor,2023-05-04,,", "member_type 'mayor' is not known"),
        (
            "X1,Ann,Lee,ann@example.org,fellbridge,,,councillor,31/02/2023,,",
            "term_start '31/02/2023' is not a date",
        ),
        (
            "X1,Ann,Lee,ann@example.org,fellbridge,,,councillor,2023-05-04,,Bowls Club",
            "committee 'Bowls Club'",
        ),
        (",Ann,Lee,,fellbridge,,,councillor,2023-05-04,,", "give an external_id or an email"),
    ],
)
def test_it_explains_what_is_wrong_with_a_row(district, committees, row, message):
    preview = imports.import_preview("\r\n".join([HEADER, row]))
    assert not preview.is_valid
    assert any(message in error for error in preview.errors), preview.errors


def test_it_finds_duplicates_within_the_file(district):
    rows = [
        "X1,Ann,Lee,ann@example.org,fellbridge,,,councillor,2023-05-04,,",
        "X1,Bob,Ray,bob@example.org,fellbridge,,,councillor,2023-05-04,,",
        "X3,Cat,Fox,ANN@example.org,fellbridge,,,councillor,2023-05-04,,",
    ]
    errors = imports.import_preview("\r\n".join([HEADER, *rows])).errors
    assert "Row 3: external_id 'X1' is also on row 2 for the same authority" in errors
    assert "Row 4: email 'ann@example.org' is also on row 2 for the same authority" in errors


def test_it_refuses_to_import_a_file_with_bad_rows(district, committees, member_support):
    text = "\r\n".join([HEADER, GOOD_ROWS[0], "X9,Ann,Lee,ann@example.org,Nowhere,,,councillor,2023-05-04,,"])
    with pytest.raises(imports.ImportRejected):
        imports.members_import(csv_text=text, actor=member_support)
    assert Member.objects.count() == 0
    assert not AuditEvent.objects.exists()


def test_it_rolls_back_every_row_when_one_fails_to_save(district, committees, member_support, monkeypatch):
    calls = []
    original_create = CommitteeMembership.objects.create

    def fail_on_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return original_create(**kwargs)

    monkeypatch.setattr(CommitteeMembership.objects, "create", fail_on_third)
    with pytest.raises(RuntimeError):
        imports.members_import(csv_text="\r\n".join([HEADER, *GOOD_ROWS]), actor=member_support)
    assert Member.objects.count() == 0
    assert CommitteeMembership.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "is not a CSV text file"),
        (b"\xff\xfe\xfd binary junk \x80\x81", "is not a CSV text file"),
        (b"name,email\r\nAnn,ann@example.org\r\n", "These columns are missing: external_id"),
        (HEADER.encode() + b"\r\n", "has a header but no members"),
    ],
)
def test_it_refuses_files_it_cannot_read(data, message, db):
    with pytest.raises(imports.ImportFileError, match=message):
        imports.import_preview(imports.csv_text_from_bytes(data))


# --- Through the back office ---------------------------------------------------------


def test_it_offers_the_import_on_the_member_list(client, member_support):
    client.force_login(member_support)
    response = client.get("/back-office/portal/member/")
    assert 'href="/back-office/portal/member/import/"' in response.content.decode()
    assert "Import members from CSV" in response.content.decode()


def test_it_shows_the_upload_form_with_an_example_file(client, member_support):
    client.force_login(member_support)
    page = client.get(IMPORT)
    assert page.status_code == 200
    content = page.content.decode()
    assert '<label class="required" for="id_file">CSV file:</label>' in content
    example = client.get(IMPORT + "example.csv")
    assert example["Content-Type"].startswith("text/csv")
    lines = example.content.decode().splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 3


def test_it_imports_the_example_file(client, member_support, district, committees):
    client.force_login(member_support)
    example = client.get(IMPORT + "example.csv").content
    preview = upload(client, SimpleUploadedFile("example.csv", example))
    assert preview.context["preview"].is_valid, preview.context["preview"].errors
    confirm(client, preview)
    assert Member.objects.count() == 2


def test_it_previews_then_imports_a_good_file(client, member_support, district, committees, make_member):
    existing = make_member(external_id="FDC-1", first_name="Tamsin", last_name="Greaves", ward="Old Ward")
    client.force_login(member_support)

    preview = upload(client, csv_file(*GOOD_ROWS, bom=True))

    assert preview.status_code == 200
    content = preview.content.decode()
    assert "<caption>" in content
    assert "Update" in content and "Create" in content
    assert Member.objects.count() == 1  # nothing saved yet

    done = confirm(client, preview)

    assert done.redirect_chain[-1][0] == "/back-office/portal/member/"
    summary = [str(m) for m in get_messages(done.wsgi_request)]
    assert (
        "Import finished: 1 member(s) created, 1 updated, 0 unchanged, 3 committee place(s) added." in summary
    )
    existing.refresh_from_db()
    assert existing.ward == "Castle Ward"
    assert Member.objects.filter(external_id="FDC-2", email="wilf.oduya@example.org").exists()
    assert CommitteeMembership.objects.count() == 3
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.MEMBERS_IMPORTED, actor=member_support).count()
        == 1
    )


def test_it_shows_each_bad_row_and_imports_nothing(client, member_support, district, committees, make_member):
    make_member(external_id="FDC-1", first_name="Tamsin", last_name="Greaves")
    before = database_state()
    client.force_login(member_support)

    response = upload(
        client,
        csv_file(
            GOOD_ROWS[0],
            "FDC-3,Ann,Lee,ann@example.org,Nowhere,,,councillor,2023-05-04,,",
            "FDC-4,Bo,Ray,bo@example.org,fellbridge,,,councillor,2023-05-04,01/01/2020,",
        ),
    )

    content = response.content.decode()
    assert "Row 3: authority &#x27;Nowhere&#x27; is not known" in content
    assert "Row 4: term_end 01/01/2020 is before term_start 2023-05-04" in content
    assert "nothing can be imported" in content
    assert 'name="payload"' not in content
    assert database_state() == before


def test_it_refuses_to_confirm_a_file_with_bad_rows_even_if_signed(client, member_support, district):
    before = database_state()
    client.force_login(member_support)
    payload = sign_import(
        "\r\n".join([HEADER, "X1,Ann,Lee,ann@example.org,Nowhere,,,councillor,2023-05-04,,"]), "x.csv"
    )
    response = client.post(IMPORT, {"payload": payload})
    assert "Row 2: authority &#x27;Nowhere&#x27; is not known" in response.content.decode()
    assert database_state() == before


def test_it_refuses_an_oversized_file(client, member_support, district):
    before = database_state()
    client.force_login(member_support)
    big_row = "," * 10 + "x" * 1000
    response = upload(client, csv_file(*([big_row] * 2200)))
    assert response.status_code == 200
    assert "the largest file you can import is 2 MB" in response.content.decode()
    assert 'name="payload"' not in response.content.decode()
    assert database_state() == before


def test_it_refuses_a_binary_file_renamed_csv(client, member_support, district):
    before = database_state()
    client.force_login(member_support)
    fake = SimpleUploadedFile(
        "members.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5\x9c", "text/csv"
    )
    response = upload(client, fake)
    assert "The file is not a CSV text file" in response.content.decode()
    assert database_state() == before


def test_it_refuses_a_tampered_confirmation(client, member_support, district, committees):
    client.force_login(member_support)
    preview = upload(client, csv_file(*GOOD_ROWS))
    payload = re.search(r'name="payload" value="([^"]+)"', preview.content.decode()).group(1)
    forged = signing.dumps({"csv": "\r\n".join([HEADER, GOOD_ROWS[0]])}, salt="something-else")

    for bad in (payload[:-2] + "xx", forged):
        response = client.post(IMPORT, {"payload": bad}, follow=True)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert "The preview could not be checked, so nothing was imported. Upload the file again." in messages
    assert Member.objects.count() == 0


def test_it_refuses_a_confirmation_older_than_an_hour(
    client, member_support, district, committees, monkeypatch
):
    client.force_login(member_support)
    payload = signing.dumps({"csv": "\r\n".join([HEADER, *GOOD_ROWS])}, salt=IMPORT_SIGNING_SALT)
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 3601)
    response = client.post(IMPORT, {"payload": payload}, follow=True)
    assert "The preview is more than an hour old. Upload the file again." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]
    assert Member.objects.count() == 0


def test_it_creates_each_member_once_when_the_confirmation_is_sent_twice(
    client, member_support, district, committees
):
    client.force_login(member_support)
    preview = upload(client, csv_file(*GOOD_ROWS))

    confirm(client, preview)
    second = confirm(client, preview)

    assert Member.objects.count() == 2
    assert CommitteeMembership.objects.count() == 3
    summary = [str(m) for m in get_messages(second.wsgi_request)]
    assert (
        "Import finished: 0 member(s) created, 0 updated, 2 unchanged, 0 committee place(s) added." in summary
    )


@pytest.mark.parametrize("persona", ["councillor", "mssg_member", "anonymous"], indirect=True)
def test_it_keeps_non_officers_away_from_the_import(client_for, persona, district):
    client = client_for(persona)
    page = client.get(IMPORT)
    assert page.status_code == 302
    assert page["Location"].startswith("/back-office/login/")
    post = client.post(IMPORT, {"file": csv_file(*GOOD_ROWS)})
    assert post.status_code == 302
    assert Member.objects.filter(external_id__startswith="FDC-").count() == 0


def test_it_forbids_the_import_to_officers_without_the_permission(client, monitoring_officer, district):
    client.force_login(monitoring_officer)
    assert client.get(IMPORT).status_code == 403
    assert client.get(IMPORT + "example.csv").status_code == 403
    payload = sign_import("\r\n".join([HEADER, GOOD_ROWS[1]]), "x.csv")
    assert client.post(IMPORT, {"payload": payload}).status_code == 403
    assert Member.objects.count() == 0
    member_list = client.get("/back-office/portal/member/")
    assert "Import members from CSV" not in member_list.content.decode()
