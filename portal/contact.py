"""Contact Member Support: a short message form whose mail goes out when the request commits.

The message is not stored: it goes to the Member Support mailbox, which is where
the team keeps its correspondence. The limits are kept in the shared cache, as
the complaint form's are, so a script cannot use the form to flood the mailbox.
"""

import hashlib

from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.core.cache import cache

from portal.emails import send_templated_email
from portal.form_limits import LengthLimits

# (limit, window in seconds): plenty for a person, pointless for a flood.
PER_IP = (5, 60 * 60)

TOPICS = [
    ("access", "A problem using the portal or its accessibility"),
    ("account", "Signing in or my account"),
    ("format", "Asking for information in another format"),
    ("other", "Something else"),
]

RATE_LIMITED = (
    "You have sent several messages in the last hour, so we cannot accept another just now. "
    "Please try again later, or email Member Support at {email}."
)


class ContactForm(LengthLimits, forms.Form):
    name = forms.CharField(label="Your name", max_length=200, error_messages={"required": "Enter your name"})
    email = forms.EmailField(
        label="Your email address",
        help_text="We reply to this address.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )
    topic = forms.ChoiceField(
        label="What is it about?",
        choices=TOPICS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what your message is about"},
    )
    message = forms.CharField(
        label="Your message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Tell us which page you were on and what went wrong, if it is about a problem.",
        error_messages={
            "required": "Enter your message",
            "max_length": "Your message must be 5,000 characters or fewer (it has %(show_value)d)",
        },
    )

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError("Enter your message")
        return message


def _key(request) -> str:
    ip = get_adapter(request).get_client_ip(request)
    return f"portal:contact:ip:{hashlib.sha256(ip.encode()).hexdigest()}"


def over_limit(request) -> bool:
    """Whether this address has already sent as many messages as we accept for now."""
    return (cache.get(_key(request)) or 0) >= PER_IP[0]


def _count(request) -> None:
    key, window = _key(request), PER_IP[1]
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window)


def contact_message_send(*, request, name: str, email: str, topic: str, message: str, user=None) -> None:
    """Queue the message to Member Support (sent on commit) and count it against the sender."""
    send_templated_email(
        to=[settings.MEMBER_SUPPORT_EMAIL],
        template="portal/email/contact",
        context={
            "name": name,
            "email": email,
            "topic": dict(TOPICS)[topic],
            "message": message,
            "signed_in_as": user.email if user is not None else "",
        },
    )
    _count(request)
