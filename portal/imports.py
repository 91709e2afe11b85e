"""Importing members from a CSV file: plain functions, testable without HTTP.

``csv_text_from_upload`` turns an uploaded file into text (or refuses it),
``import_preview`` says what each row would do and what is wrong with it, and
``members_import`` writes everything in one transaction, or nothing.

Rows are numbered as a spreadsheet numbers them: the header is row 1, so the
first member is row 2.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower

from portal.errors import DomainError
from portal.models import AuditEvent, Authority, Committee, CommitteeMembership, Member
from portal.services import audit_record

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

REQUIRED_COLUMNS = (
    "external_id",
    "first_name",
    "last_name",
    "email",
    "authority",
    "ward",
    "political_group",
    "member_type",
    "term_start",
    "term_end",
)
OPTIONAL_COLUMNS = ("committees",)
# Columns that must hold a value in every row.
REQUIRED_VALUES = ("first_name", "last_name", "authority", "member_type", "term_start")
# Member fields the import sets, in the order a preview lists changes.
MEMBER_FIELDS = (
    "external_id",
    "first_name",
    "last_name",
    "email",
    "ward",
    "political_group",
    "member_type",
    "term_start",
    "term_end",
)

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"

EXAMPLE_CSV = (
    ",".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS) + "\r\n"
    "FDC-0101,Avery,Thornton,avery.thornton@example.org,Fellbridge District Council,Castle Ward,"
    "Independent,Councillor,2023-05-04,2027-05-06,Planning Committee;Standards Committee\r\n"
    "FDC-0102,Robin,Ashdown,robin.ashdown@example.org,fellbridge,,,Co-opted member,"
    "01/06/2024,,Standards Committee\r\n"
)


class ImportFileError(DomainError):
    """The file as a whole cannot be read; the message is for the user."""


class ImportRejected(DomainError):
    """At least one row is wrong, so nothing was imported."""

    def __init__(self, preview):
        self.preview = preview
        super().__init__(
            f"{len(preview.errors)} problem(s) in the file, so nothing was imported. "
            "Fix the file and upload it again."
        )


@dataclass
class RowResult:
    number: int
    raw: dict
    values: dict = field(default_factory=dict)
    authority: Authority | None = None
    committees: list = field(default_factory=list)
    member: Member | None = None
    action: str = ""
    changes: list = field(default_factory=list)
    new_committees: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def name(self):
        return f"{self.raw.get('first_name', '')} {self.raw.get('last_name', '')}".strip()

    @property
    def is_valid(self):
        return not self.errors

    def error(self, message):
        self.errors.append(f"Row {self.number}: {message}")


@dataclass
class ImportPreview:
    rows: list

    @property
    def errors(self):
        return [message for row in self.rows for message in row.errors]

    @property
    def is_valid(self):
        return bool(self.rows) and not self.errors

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in (CREATE, UPDATE, UNCHANGED)}


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    memberships_added: int
    audit_event: AuditEvent


# --- Reading the file -----------------------------------------------------


def csv_text_from_upload(upload) -> str:
    """The text of an uploaded CSV file, or ImportFileError saying why it cannot be used."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the largest file you can import is 2 MB. "
            "Split it into smaller files."
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError("The file is larger than 2 MB. Split it into smaller files.")
    return csv_text_from_bytes(data)


def csv_text_from_bytes(data: bytes) -> str:
    if not data.strip():
        raise ImportFileError("The file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file is not a CSV text file (it could not be read as UTF-8 text). "
            "In your spreadsheet, use “Save as” and choose “CSV UTF-8”."
        ) from None
    if "\x00" in text:
        raise ImportFileError(
            "The file is not a CSV text file: it contains binary data. "
            "In your spreadsheet, use “Save as” and choose “CSV UTF-8”."
        )
    return text


def _read_rows(text: str) -> list[RowResult]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError("The file is empty.")
        columns = [name.strip().lower() for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise ImportFileError(
                "The first row must be the header. These columns are missing: "
                + ", ".join(missing)
                + ". Download the example file to see the expected header."
            )
        duplicated = sorted({name for name in columns if name and columns.count(name) > 1})
        if duplicated:
            raise ImportFileError("These columns appear more than once: " + ", ".join(duplicated) + ".")
        rows = []
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue  # blank lines, often left at the end by spreadsheets
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    f"The file has more than {MAX_ROWS} members; split it into smaller files."
                )
            raw = {name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(columns)}
            row = RowResult(number=number, raw=raw)
            if len(record) > len(columns):
                row.error(f"has {len(record)} values but the header has {len(columns)} columns")
            rows.append(row)
    except csv.Error as error:
        raise ImportFileError(f"The file could not be read as CSV ({error}).") from None
    if not rows:
        raise ImportFileError("The file has a header but no members.")
    return rows


# --- Checking the rows ----------------------------------------------------


def parse_date(value: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def parse_member_type(value: str) -> str | None:
    letters = re.sub(r"[^a-z]", "", value.lower())
    if letters.startswith("coopt"):
        return Member.MemberType.CO_OPTED
    if letters in {"cllr", "councillor", "councilor", "councillors", "elected", "electedmember"} or (
        letters.startswith("councillor") or letters.startswith("councilor")
    ):
        return Member.MemberType.COUNCILLOR
    return None


def _authorities() -> dict:
    by_key = {}
    for authority in Authority.objects.all():
        by_key[authority.name.strip().lower()] = authority
        by_key[authority.slug.lower()] = authority
    return by_key


def _committees(authorities) -> dict:
    by_key = {}
    for committee in Committee.objects.filter(authority__in=authorities):
        by_key[(committee.authority_id, committee.name.strip().lower())] = committee
    return by_key


def _check_values(row: RowResult, authorities: dict) -> None:
    raw = row.raw
    for name in REQUIRED_VALUES:
        if not raw.get(name):
            row.error(f"{name} is missing")
    values = {
        "external_id": raw.get("external_id", ""),
        "first_name": raw.get("first_name", ""),
        "last_name": raw.get("last_name", ""),
        "email": raw.get("email", "").lower(),
        "ward": raw.get("ward", ""),
        "political_group": raw.get("political_group", ""),
    }
    lengths = {"external_id": 64, "first_name": 100, "last_name": 100, "ward": 150, "political_group": 100}
    for name, limit in lengths.items():
        if len(values[name]) > limit:
            row.error(f"{name} is longer than {limit} characters")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            row.error(f"email '{raw['email']}' is not a valid email address")
    if not values["email"] and not values["external_id"]:
        row.error("give an external_id or an email, so the member can be matched in later imports")
    if raw.get("authority"):
        row.authority = authorities.get(raw["authority"].lower())
        if row.authority is None:
            row.error(f"authority '{raw['authority']}' is not known")
    if raw.get("member_type"):
        values["member_type"] = parse_member_type(raw["member_type"])
        if values["member_type"] is None:
            row.error(f"member_type '{raw['member_type']}' is not known (use councillor or co-opted)")
    for name in ("term_start", "term_end"):
        values[name] = None
        if raw.get(name):
            try:
                values[name] = parse_date(raw[name])
            except ValueError:
                row.error(f"{name} '{raw[name]}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
    if values["term_start"] and values["term_end"] and values["term_end"] < values["term_start"]:
        row.error(f"term_end {raw['term_end']} is before term_start {raw['term_start']}")
    row.values = values


def _check_committees(row: RowResult, committees: dict) -> None:
    names = [name.strip() for name in row.raw.get("committees", "").split(";") if name.strip()]
    if not names or row.authority is None:
        return
    for name in names:
        committee = committees.get((row.authority.pk, name.lower()))
        if committee is None:
            row.error(f"committee '{name}' is not a committee of {row.authority.name}")
        elif committee not in row.committees:
            row.committees.append(committee)


def _check_duplicates(rows: list[RowResult]) -> None:
    seen_ids, seen_emails = {}, {}
    for row in rows:
        if row.authority is None:
            continue
        for value, seen, label in (
            (row.values.get("external_id"), seen_ids, "external_id"),
            (row.values.get("email"), seen_emails, "email"),
        ):
            if not value:
                continue
            key = (row.authority.pk, value.lower())
            if key in seen:
                row.error(f"{label} '{value}' is also on row {seen[key]} for the same authority")
            else:
                seen[key] = row.number


def _match(rows: list[RowResult]) -> None:
    """Find each row's existing member: by external_id within the authority, else by email."""
    authorities = {row.authority.pk for row in rows if row.authority is not None}
    existing = list(
        Member.objects.filter(authority__in=authorities)
        .annotate(email_lower=Lower("email"))
        .prefetch_related("committee_memberships")
    )
    by_id = {(m.authority_id, m.external_id): m for m in existing if m.external_id}
    by_email = {}
    for member in existing:
        if member.email_lower:
            by_email.setdefault((member.authority_id, member.email_lower), []).append(member)
    claimed = {}
    for row in rows:
        if row.authority is None:
            continue
        external_id, email = row.values.get("external_id"), row.values.get("email")
        member = by_id.get((row.authority.pk, external_id)) if external_id else None
        if member is None and email:
            candidates = by_email.get((row.authority.pk, email), [])
            if len(candidates) > 1:
                row.error(f"email '{email}' belongs to {len(candidates)} members of {row.authority.name}")
                continue
            if candidates:
                member = candidates[0]
                if external_id and member.external_id and member.external_id != external_id:
                    row.error(
                        f"email '{email}' belongs to {member.full_name}, whose external_id is "
                        f"'{member.external_id}', not '{external_id}'"
                    )
                    continue
        if member is not None:
            if member.pk in claimed:
                row.error(f"matches the same member as row {claimed[member.pk]}")
                continue
            claimed[member.pk] = row.number
        row.member = member


def _decide(row: RowResult) -> None:
    values = {**row.values}
    if row.member is None:
        row.action = CREATE
        row.new_committees = list(row.committees)
        return
    member = row.member
    if not values["external_id"]:
        values["external_id"] = member.external_id  # a blank ID in the file keeps the one we have
    for name in MEMBER_FIELDS:
        current = getattr(member, name)
        if name == "email":
            current = (current or "").lower()
        if current != values[name]:
            row.changes.append(name)
    row.values = values
    held = {m.committee_id for m in member.committee_memberships.all() if _serving(m, values["term_start"])}
    row.new_committees = [c for c in row.committees if c.pk not in held]
    row.action = UPDATE if row.changes or row.new_committees else UNCHANGED


def _serving(membership, on):
    return membership.end_date is None or (on is not None and membership.end_date >= on)


def import_preview(text: str) -> ImportPreview:
    """Read and check a CSV file's text; say for every row what importing would do.

    Raises ImportFileError when the file as a whole is unusable (no header,
    not CSV); problems with single rows are in each row's ``errors``.
    """
    rows = _read_rows(text)
    authorities = _authorities()
    for row in rows:
        _check_values(row, authorities)
    committees = _committees({row.authority for row in rows if row.authority is not None})
    for row in rows:
        _check_committees(row, committees)
    _check_duplicates(rows)
    _match(rows)
    for row in rows:
        if row.is_valid:
            _decide(row)
    return ImportPreview(rows=rows)


# --- Writing --------------------------------------------------------------


def members_import(*, csv_text: str, actor, filename: str = "") -> ImportResult:
    """Import every member in the file in one transaction, or nothing.

    The file is checked again under a lock on its authorities, so two
    confirmations of the same file (a double click, a replayed form) import it
    once: the second finds every member unchanged.
    """
    with transaction.atomic():
        keys = {
            row.raw.get("authority", "").lower() for row in _read_rows(csv_text) if row.raw.get("authority")
        }
        known = _authorities()
        authority_ids = sorted({known[key].pk for key in keys if key in known})
        list(Authority.objects.select_for_update().filter(pk__in=authority_ids).order_by("pk"))
        preview = import_preview(csv_text)
        if not preview.is_valid:
            raise ImportRejected(preview)
        memberships_added = 0
        for row in preview.rows:
            if row.action == UNCHANGED:
                continue
            member = row.member or Member(authority=row.authority)
            for name in MEMBER_FIELDS:
                setattr(member, name, row.values[name])
            member.save()
            for committee in row.new_committees:
                CommitteeMembership.objects.create(
                    committee=committee, member=member, start_date=row.values["term_start"]
                )
                memberships_added += 1
        counts = preview.counts
        event = audit_record(
            actor=actor,
            action=AuditEvent.Action.MEMBERS_IMPORTED,
            note=(
                f"Imported members from {filename or 'a CSV file'}: {counts[CREATE]} created, "
                f"{counts[UPDATE]} updated, {counts[UNCHANGED]} unchanged"
            ),
            data={
                "filename": filename,
                "created": counts[CREATE],
                "updated": counts[UPDATE],
                "unchanged": counts[UNCHANGED],
                "memberships_added": memberships_added,
            },
        )
    return ImportResult(
        created=counts[CREATE],
        updated=counts[UPDATE],
        unchanged=counts[UNCHANGED],
        memberships_added=memberships_added,
        audit_event=event,
    )
