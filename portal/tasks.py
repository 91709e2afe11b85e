from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(*, subject, body, to, from_email, html=None, reply_to=None):
    """Send one email. Runs in the worker (manage.py db_worker), never in a request."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
