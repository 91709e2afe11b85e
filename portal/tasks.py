from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone


@task()
def send_email(*, message_id: int) -> int:
    """Send one queued email, once. Runs in the worker (manage.py db_worker), never in a request.

    The task carries only the OutboxMessage's id; the message is decrypted here
    and wiped once sent. A second run for the same message sends nothing.
    """
    from portal.emails import outbox_payload
    from portal.models import OutboxMessage

    with transaction.atomic():
        outbox = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if outbox is None or outbox.sent_at is not None or not outbox.payload:
            return 0
        payload = outbox_payload(outbox)
        message = EmailMultiAlternatives(
            subject=payload["subject"],
            body=payload["body"],
            from_email=payload["from_email"],
            to=payload["to"],
            reply_to=payload.get("reply_to") or None,
        )
        if payload.get("html"):
            message.attach_alternative(payload["html"], "text/html")
        sent = message.send()
        outbox.sent_at = timezone.now()
        outbox.payload = ""
        outbox.save(update_fields=["sent_at", "payload"])
    return sent
