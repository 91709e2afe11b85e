"""Email goes out through a background task, queued when the transaction commits.

The message itself waits in an OutboxMessage row, encrypted; the task row in
the queue carries only that row's id, so the queue's table (and its backups)
hold no addresses, links or names.
"""

import json
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from portal import crypto


def enqueue_message(message: EmailMessage) -> None:
    """Keep an already-rendered message, encrypted, for the worker to send after commit."""
    from portal.models import OutboxMessage
    from portal.tasks import send_email

    html = None
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    payload = {
        "subject": str(message.subject),
        "body": str(message.body),
        "to": [str(addr) for addr in message.to],
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "html": html,
        "reply_to": [str(addr) for addr in message.reply_to],
    }
    outbox = OutboxMessage.objects.create(payload=crypto.encrypt(json.dumps(payload)))
    # The row rolls back with the caller's transaction, and so does this callback.
    transaction.on_commit(partial(send_email.enqueue, message_id=outbox.pk))


def outbox_payload(outbox) -> dict:
    return json.loads(crypto.decrypt(outbox.payload))


def send_templated_email(*, to: list[str], template: str, context: dict) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_message.txt`` now; send later."""
    context = {"council_name": settings.COUNCIL_NAME, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_message.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.splitlines()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    enqueue_message(message)
