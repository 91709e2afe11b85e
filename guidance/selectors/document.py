"""One document."""

from dataclasses import dataclass

from django.db.models import (
    Count,
)
from django.http import Http404
from django.urls import reverse

from guidance.models import (
    Acknowledgement,
    Attachment,
    ChecklistItem,
    ChecklistTick,
    Circulation,
    CommitteeNoting,
    Consultation,
    Document,
    DocumentVersion,
    ImpactAssessment,
    SignOff,
)
from guidance.rendering import link_document_titles
from guidance.selectors.audience import (
    MANAGE_PERMISSION,
    document_for_reader,
    documents_for_user,
    documents_visible_to,
)
from guidance.title_index import mentioned_document_ids
from portal.models import Member


@dataclass
class SignOffRecord:
    sign_offs: list
    notings: list
    circulations: list
    consultations: list
    impact_assessments: list

    def __bool__(self):
        return any(
            [self.sign_offs, self.notings, self.circulations, self.consultations, self.impact_assessments]
        )


def sign_off_record(version: DocumentVersion) -> SignOffRecord:
    """The tracking table for one version: five small queries."""
    return SignOffRecord(
        sign_offs=list(SignOff.objects.filter(version=version)),
        notings=list(CommitteeNoting.objects.filter(version=version).select_related("committee")),
        circulations=list(Circulation.objects.filter(version=version)),
        consultations=list(Consultation.objects.filter(version=version)),
        impact_assessments=list(ImpactAssessment.objects.filter(version=version)),
    )


@dataclass
class Reading:
    """What one member has done with one document."""

    acknowledgement: Acknowledgement | None  # the latest, if any
    up_to_date: bool
    can_acknowledge: bool


def reading_state(
    document: Document, member: Member | None, version: DocumentVersion, *, in_audience: bool | None = None
) -> Reading | None:
    """``in_audience``: already known when the document was found through the member's audience."""
    if member is None:
        return None
    latest = (
        Acknowledgement.objects.filter(document=document, member=member)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    up_to_date = bool(latest and latest.version.number >= document.acknowledge_from)
    if in_audience is None:
        in_audience = documents_visible_to(member).filter(pk=document.pk).exists()
    return Reading(
        acknowledgement=latest,
        up_to_date=up_to_date,
        can_acknowledge=(
            in_audience
            and document.is_published
            and version.pk == document.current_version_id
            and not up_to_date
        ),
    )


@dataclass
class ChecklistView:
    items: list
    ticked: set
    done: int

    @property
    def total(self):
        return len(self.items)


def checklist(document: Document, member: Member | None) -> ChecklistView:
    """The document's checklist with this member's own ticks: two queries."""
    items = list(ChecklistItem.objects.filter(document=document))
    ticked = set()
    if member is not None and items:
        ticked = set(
            ChecklistTick.objects.filter(member=member, item__document=document).values_list(
                "item_id", flat=True
            )
        )
    return ChecklistView(items=items, ticked=ticked, done=len(ticked))


def checklist_counts(document: Document) -> list:
    """For officers: how many members have ticked each item. Never who."""
    return list(ChecklistItem.objects.filter(document=document).annotate(ticked_by=Count("ticks")))


def document_page(user, member, slug: str, number: int | None = None) -> dict:
    """Everything the document page shows, in a fixed number of queries."""
    document = document_for_reader(user, member, slug)
    if number is None:
        version = document.current_version
    else:
        try:
            version = document.versions.select_related("published_by").get(number=number)
        except DocumentVersion.DoesNotExist:
            raise Http404("No such version") from None
    versions = list(
        document.versions.only("pk", "number", "published_at", "material", "change_note", "document_id")
    )
    return {
        "document": document,
        "version": version,
        "is_current": version.pk == document.current_version_id,
        "versions": versions,
        "sign_off": sign_off_record(version),
        "attachments": list(document.attachments.all()),
        # A member who does not manage the library only ever finds documents in their audience.
        "reading": reading_state(
            document, member, version, in_audience=None if user.has_perm(MANAGE_PERMISSION) else True
        ),
        "checklist": checklist(document, member),
        "last_review": document.reviews.select_related("reviewer").first(),
        # The text, with the titles of other documents this reader may open made into links.
        "body_html": link_document_titles(
            version.body_html, _readable_titles(user, member, document, version.body_html)
        ),
    }


def _readable_titles(user, member, document, body_html: str) -> dict[str, str]:
    """{title: url} for the other published documents this reader may open whose titles the text
    mentions. Two queries: the title index finds the few candidates, then the reader's own
    documents among them (none when the text mentions no title)."""
    mentioned = mentioned_document_ids(body_html) - {document.pk}
    if not mentioned:
        return {}
    others = documents_for_user(user, member).filter(pk__in=mentioned).values_list("title", "slug")
    return {title: reverse("guidance:document", kwargs={"slug": slug}) for title, slug in others}


def attachment_for_reader(user, member, slug: str, pk: int) -> Attachment:
    document = document_for_reader(user, member, slug)
    try:
        return document.attachments.get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404("No such attachment") from None
