"""Background work for the guidance library, run by the task worker."""

from django.tasks import task

from guidance import selectors
from guidance.models import DocumentVersion
from portal.emails import send_templated_email


@task()
def notify_new_version(*, version_id: int) -> int:
    """Email each member in the audience who now has to read (again), one message each.

    Runs after the publishing transaction commits. If an even newer version has
    been published since, that version's own task tells members instead.
    """
    version = DocumentVersion.objects.select_related("document", "document__committee").get(pk=version_id)
    document = version.document
    if document.current_version_id != version.pk or not document.is_published:
        return 0
    members = list(selectors.members_needing_to_read(document).exclude(email="").order_by("pk"))
    for member in members:
        send_templated_email(
            to=[member.email],
            template="guidance/email/new_version",
            context={"member": member, "document": document, "version": version},
        )
    return len(members)
