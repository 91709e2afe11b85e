"""Limits on the public complaint form, through allauth's rate limiter in the shared cache.

Generous enough that a real person complaining about several councillors is
never stopped, tight enough to make flooding the Monitoring Officer with
complaints pointless. Only complaints that pass the form's checks count.

allauth's limiter checks and counts in one step under a cache lock (so two
requests at once cannot both take the last place), finds the client's address
through the trusted proxies (``ALLAUTH_TRUSTED_PROXY_COUNT``), and counts an
IPv6 address by its /64 network, since one household or phone holds a whole
/64. Email addresses are counted without their ``+tag``.
"""

import time

from allauth.core import ratelimit
from allauth.core.internal.ratelimit import cache_lock, consume, get_cache_key, get_ip, get_rates
from django.conf import settings
from django.core.cache import cache

# The rates themselves live in settings.ACCOUNT_RATE_LIMITS beside the sign-in limits.
PER_ADDRESS = "complaint_from_address"
PER_EMAIL = "complaint_from_email"
RESEND = "complaint_confirmation_resend"
SEARCH = "complaint_member_search"
APP = "allauth.account"


def normalised_email(email: str) -> str:
    """``Name+anything@Example.org`` counts as ``name@example.org``."""
    local, _, domain = (email or "").strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if local else domain


def take(request, email: str) -> int | None:
    """Count one complaint; None if allowed, else the seconds until another would be."""
    key = normalised_email(email)
    for action in (PER_ADDRESS, PER_EMAIL):
        if not ratelimit.consume(request, action=action, key=key):
            return _seconds_until_free(request, action, key)
    return None


def take_resend(request, email: str) -> int | None:
    """Count one "send the email again"; None if allowed, else the seconds until another would be.

    Counted per client address and per email address (without its +tag), whether or not a
    complaint is waiting, so the answer tells nobody anything about an address.
    """
    key = normalised_email(email)
    if not ratelimit.consume(request, action=RESEND, key=key):
        return _seconds_until_free(request, RESEND, key)
    return None


def take_search(request) -> bool:
    """Count one search of the complaint form's councillor picker; False once the address is over its rate."""
    # allauth leaves GET requests alone unless asked: the search is a GET.
    return bool(consume(request, app=APP, action=SEARCH, limit_get=True))


def take_evidence(request, size: int) -> int | None:
    """Count ``size`` bytes of public evidence against the client's address (as ``take`` finds it).

    None if allowed, else the seconds until that much would fit within
    ``COMPLAINT_PUBLIC_EVIDENCE_BYTES_PER_HOUR``. Checked and counted in one step
    under a cache lock, so two requests at once cannot both take the last megabytes.
    """
    if not size:
        return None
    quota = settings.COMPLAINT_PUBLIC_EVIDENCE_BYTES_PER_HOUR
    key = f"complaints:evidence:{get_ip(request)}"
    with cache_lock(key) as locked:
        if not locked:
            return 60
        now = time.time()
        history = [(at, n) for at, n in cache.get(key, []) if at > now - EVIDENCE_WINDOW]
        used = sum(n for _, n in history)
        if used + size > quota:
            return _evidence_wait(history, needed=used + size - quota, now=now)
        cache.set(key, [*history, (now, size)], EVIDENCE_WINDOW)
    return None


EVIDENCE_WINDOW = 60 * 60


def _evidence_wait(history, *, needed: int, now: float) -> int:
    """Seconds until files sent earlier leave the window and free ``needed`` bytes."""
    freed = 0
    for at, size in sorted(history):
        freed += size
        if freed >= needed:
            return max(60, int(at + EVIDENCE_WINDOW - now))
    return EVIDENCE_WINDOW  # more than the whole quota at once: an hour, then send fewer files


def _seconds_until_free(request, action, key) -> int:
    """When the oldest counted complaint leaves the window, freeing a place."""
    waits = []
    for rate in get_rates(app=APP, action=action):
        history = cache.get(get_cache_key(request, app=APP, action=action, rate=rate, key=key), [])
        if len(history) >= rate.amount:
            waits.append(min(history) + rate.duration - time.time())
    return max(60, int(max(waits, default=60)))


def wait_text(seconds: int) -> str:
    """The wait in words a person reads at a glance: "about 40 minutes", "about 3 hours"."""
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        return f"about {minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(minutes / 60)
    return f"about {hours} hour{'s' if hours != 1 else ''}"
