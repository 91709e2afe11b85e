"""Email goes out through a background task, queued when the transaction commits."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string


def enqueue_message(message: EmailMessage) -> None:
    """Queue an already-rendered message for the worker to send after commit."""
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
    transaction.on_commit(lambda: send_email.enqueue(**payload))


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
