import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Waits before each retry when the mail server fails: 1 min, 5 min, 30 min, 2 h, 6 h.
# After the last one the message stays unsent and prune_tasks gives up on it.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


@task()
def send_email(*, message_id: int | None = None, **queued_before_upgrade) -> int:
    """Send one queued email, once. Runs in the worker (manage.py db_worker), never in a request.

    The task carries only the OutboxMessage's id; the message is decrypted here
    and wiped once sent. A second run for the same message sends nothing.
    When the mail server fails, the failure is logged and counted and the same
    message is queued again after a growing wait (RETRY_DELAYS); the booking or
    complaint that queued it committed long before and is never touched.
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
        try:
            sent = _message(outbox_payload(outbox)).send()
        except Exception as error:  # noqa: BLE001 - any mail failure is retried, not lost
            _retry_later(outbox, error)
            return 0
        outbox.sent_at = timezone.now()
        outbox.payload = ""
        outbox.save(update_fields=["sent_at", "payload"])
    return sent


def _retry_later(outbox, error: Exception) -> None:
    """Count the failure, log it (no addresses: only the row's id) and queue a later attempt."""
    outbox.attempts += 1
    outbox.last_error = f"{type(error).__name__}: {error}"[:500]
    outbox.save(update_fields=["attempts", "last_error"])
    if outbox.attempts > len(RETRY_DELAYS):
        logger.error(
            "Email %s not sent after %s attempts; giving up: %s",
            outbox.pk,
            outbox.attempts,
            outbox.last_error,
        )
        return
    delay = RETRY_DELAYS[outbox.attempts - 1]
    logger.warning(
        "Email %s not sent (attempt %s), retrying in %s: %s",
        outbox.pk,
        outbox.attempts,
        delay,
        outbox.last_error,
    )
    send_email.using(run_after=timezone.now() + delay).enqueue(message_id=outbox.pk)


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
