from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone


@task()
def send_email(*, message_id: int | None = None, **queued_before_upgrade) -> int:
    """Send one queued email, once. Runs in the worker (manage.py db_worker), never in a request.

    The task carries only the OutboxMessage's id; the message is decrypted here
    and wiped once sent. A second run for the same message sends nothing.
    (Tasks queued by an older release carried the whole message; they are sent
    as they are, and prune_tasks deletes them afterwards.)
    """
    from portal.emails import outbox_payload
    from portal.models import OutboxMessage

    if message_id is None:
        return _message(queued_before_upgrade).send()
    with transaction.atomic():
        outbox = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if outbox is None or outbox.sent_at is not None or not outbox.payload:
            return 0
        sent = _message(outbox_payload(outbox)).send()
        outbox.sent_at = timezone.now()
        outbox.payload = ""
        outbox.save(update_fields=["sent_at", "payload"])
    return sent


def _message(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        reply_to=payload.get("reply_to") or None,
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    return message
