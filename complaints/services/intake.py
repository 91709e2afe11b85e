"""Intake."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from complaints import deadlines
from complaints.models import (
    CaseDocument,
    CaseEvent,
    Complaint,
    ReferenceSequence,
    new_token,
    token_digest,
)
from complaints.services.base import (
    CONFIRMATION_DAYS,
    Submission,
    _event,
    reference_prefix,
    tell_complainant,
)
from complaints.stages import (
    Stage,
)
from portal.emails import send_templated_email
from portal.errors import DomainError


def complaint_submit(*, form_token, details: dict, evidence=(), user=None) -> Submission:
    """Store a complaint from the form, once per form token.

    From the public: the complaint waits for the complainant to confirm their
    email address, and we send the link. From a signed-in member or officer:
    it is received at once. Posting the same form twice returns the first
    complaint and sends nothing more.
    """
    existing = Complaint.objects.filter(form_token=form_token).first()
    if existing is not None:
        return Submission(existing, created=False)
    try:
        with transaction.atomic():
            complaint = Complaint(form_token=form_token, **details)
            if complaint.subject_member_id:
                complaint.subject_authority_id = complaint.subject_member.authority_id
            if complaint.confidentiality_requested:
                complaint.confidentiality = Complaint.Confidentiality.PENDING
            confirmation = None
            if user is not None:
                complaint.complainant_user = user
                complaint.source = _source_for(user)
            else:
                confirmation = new_token()
                complaint.confirmation_digest = token_digest(confirmation)
            complaint.save()
            for upload in evidence:
                # From the public, evidence waits in quarantine until the email is confirmed.
                _store_document(
                    complaint, upload, kind=CaseDocument.Kind.EVIDENCE, user=user, quarantined=user is None
                )
            if user is not None:
                status_token = _receive(complaint, actor=user)
                return Submission(complaint, created=True, status_token=status_token)
            _send_confirmation(complaint, confirmation)
            return Submission(complaint, created=True, confirmation_token=confirmation)
    except IntegrityError:
        # The same form posted twice at the same moment: the other request stored it.
        existing = Complaint.objects.filter(form_token=form_token).first()
        if existing is None:
            raise
        return Submission(existing, created=False)


def _send_confirmation(complaint: Complaint, confirmation: str) -> None:
    send_templated_email(
        to=[complaint.complainant_email],
        template="complaints/email/confirm",
        context={
            "complaint": complaint,
            "link": settings.SITE_URL + reverse("complaints:confirm", args=[confirmation]),
            "days": CONFIRMATION_DAYS,
        },
    )


def complaint_resend_confirmation(*, complaint_id: int | None) -> bool:
    """Send the confirmation email again, with a new link; True if one was sent.

    Only a complaint still waiting for its complainant, within its CONFIRMATION_DAYS, gets
    one; anything else (confirmed since, expired, deleted, or no complaint at all) sends
    nothing, and the caller shows the same page either way. The link is new because only
    the first link's digest is stored: the earlier email's link stops working. The days
    still count from the first sending.
    """
    if complaint_id is None:
        return False
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
        if complaint is None or complaint.stage != Stage.UNCONFIRMED:
            return False
        if timezone.now() - complaint.submitted_at > datetime.timedelta(days=CONFIRMATION_DAYS):
            return False
        confirmation = new_token()
        complaint.confirmation_digest = token_digest(confirmation)
        complaint.save(update_fields=["confirmation_digest", "updated_at"])
        _event(
            complaint,
            actor=None,
            kind=CaseEvent.Kind.CONFIRMATION_RESENT,
            note="The complainant asked for the confirmation email again; the earlier link no longer works.",
        )
        _send_confirmation(complaint, confirmation)
    return True


# How a recorded complaint's complainant hears from us: one of these is needed.
CONTACT_FIELDS = ("complainant_email", "complainant_address", "complainant_phone")
NO_CONTACT = (
    "Enter the complainant's email address. If they have none, enter their postal address "
    "or phone number, so we can tell them what happens."
)


def complaint_record(
    *, form_token, details: dict, received_via: str, received_on: datetime.date, actor, evidence=()
) -> Submission:
    """An officer records a complaint that arrived by post, email, phone or in person.

    The complainant's own details are typed in; there is no email to confirm, and the
    clock runs from the day the complaint reached the council. Posting the same form twice
    returns the first complaint.
    """
    if received_via not in Complaint.ReceivedVia.values or received_via == Complaint.ReceivedVia.ONLINE:
        raise DomainError("Say how the complaint was received: by post, email, phone or in person.")
    if received_on > timezone.localdate():
        raise DomainError("The date received cannot be in the future.")
    if not any(details.get(name, "").strip() for name in CONTACT_FIELDS):
        raise DomainError(NO_CONTACT)
    existing = Complaint.objects.filter(form_token=form_token).first()
    if existing is not None:
        return Submission(existing, created=False)
    with transaction.atomic():
        complaint = Complaint(form_token=form_token, **details)
        if complaint.subject_member_id:
            complaint.subject_authority_id = complaint.subject_member.authority_id
        if complaint.confidentiality_requested:
            complaint.confidentiality = Complaint.Confidentiality.PENDING
        complaint.source = Complaint.Source.PUBLIC
        complaint.received_via = received_via
        complaint.save()
        for upload in evidence:
            _store_document(complaint, upload, kind=CaseDocument.Kind.EVIDENCE, user=actor)
        how = Complaint.ReceivedVia(received_via).label.lower()
        status_token = _receive(
            complaint,
            actor=actor,
            received_on=received_on,
            note=f"Recorded by {actor.get_full_name()} for the complainant: received {how}.",
        )
    return Submission(complaint, created=True, status_token=status_token)


def _source_for(user) -> str:
    if user.has_perm("portal.use_member_area"):
        return Complaint.Source.MEMBER
    if user.has_perm("portal.access_back_office"):
        return Complaint.Source.OFFICER
    return Complaint.Source.PUBLIC


def complaint_confirm(*, token: str) -> Submission:
    """The complainant followed the link in their email: the complaint is now received.

    Following the link again changes nothing. A link older than
    CONFIRMATION_DAYS no longer works.
    """
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update().filter(confirmation_digest=token_digest(token)).first()
        )
        if complaint is None:
            raise DomainError("This confirmation link is not valid. Check that you copied all of it.")
        if complaint.stage != Stage.UNCONFIRMED:
            return Submission(complaint, created=False)
        if timezone.now() - complaint.submitted_at > datetime.timedelta(days=CONFIRMATION_DAYS):
            raise DomainError(
                f"This confirmation link has expired: links work for {CONFIRMATION_DAYS} days. "
                "Please send your complaint again."
            )
        CaseDocument.with_quarantined.filter(complaint=complaint, quarantined=True).update(quarantined=False)
        status_token = _receive(complaint, actor=None)
        return Submission(complaint, created=True, status_token=status_token)


def _receive(complaint: Complaint, *, actor, received_on=None, note="") -> str:
    """Give a complaint its reference and status link, start the clock, tell the complainant."""
    now = timezone.now()
    if received_on and received_on != timezone.localdate(now):
        # Received earlier by post or phone: the clock runs from that day.
        now = timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(9, 0)))
    complaint.reference = _next_reference(timezone.localdate(now).year)
    status_token = new_token()
    complaint.status_digest = token_digest(status_token)
    complaint.received_at = now
    complaint.stage = Stage.RECEIVED
    fields = ["reference", "status_digest", "received_at", "stage", "updated_at"]
    fields += deadlines.apply_clock(complaint)
    complaint.save(update_fields=fields)
    _event(
        complaint,
        actor=actor,
        kind=CaseEvent.Kind.TRANSITION,
        from_status=Stage.UNCONFIRMED,
        to_status=Stage.RECEIVED,
        note=note
        or ("Lodged by a signed-in user." if actor else "The complainant confirmed their email address."),
    )
    tell_complainant(
        complaint,
        template="complaints/email/received",
        context={"complaint": complaint, "status_link": status_link(status_token)},
        what=f"a letter saying the complaint is received, with its reference {complaint.reference}",
    )
    return status_token


def status_link(token: str) -> str:
    return settings.SITE_URL + reverse("complaints:status", args=[token])


def _next_reference(year: int) -> str:
    """The next reference for the year, e.g. FDC/2026/0042. Sequential, never reused, safe under load."""
    ReferenceSequence.objects.bulk_create([ReferenceSequence(year=year)], ignore_conflicts=True)
    sequence = ReferenceSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{reference_prefix()}/{year}/{sequence.last_number:04d}"


def _store_document(complaint, upload, *, kind, user, quarantined=False) -> CaseDocument:
    document = CaseDocument(
        complaint=complaint,
        kind=kind,
        original_name=upload.name[-200:],
        size=upload.size,
        uploaded_by=user,
        quarantined=quarantined,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    return document
