"""Limits on the public complaint form, kept in the shared cache.

Generous enough that a real person complaining about several councillors is
never stopped, tight enough to make flooding the Monitoring Officer with
complaints pointless. Only complaints that pass the form's checks count.
"""

import hashlib

from allauth.account.adapter import get_adapter
from django.core.cache import cache

# (limit, window in seconds)
PER_IP = (10, 60 * 60)
PER_EMAIL = (5, 24 * 60 * 60)


def _key(kind: str, value: str) -> str:
    return f"complaints:intake:{kind}:{hashlib.sha256(value.lower().encode()).hexdigest()}"


def client_ip(request) -> str:
    """The client's address, worked out as the sign-in rate limits work it out."""
    return get_adapter(request).get_client_ip(request)


def over_limit(request, email: str) -> bool:
    """Whether this person has already sent as many complaints as we accept for now."""
    keys = [(_key("ip", client_ip(request)), PER_IP), (_key("email", email), PER_EMAIL)]
    return any((cache.get(key) or 0) >= limit for key, (limit, _) in keys)


def count(request, email: str) -> None:
    """Count one complaint against the sender's address and email."""
    for key, (_, window) in [(_key("ip", client_ip(request)), PER_IP), (_key("email", email), PER_EMAIL)]:
        if cache.add(key, 1, window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window)
