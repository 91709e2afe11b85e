"""Dashboard panels that feature apps contribute, each person's cards kept ready in the cache.

Each app registers a provider in its AppConfig.ready(). A provider takes the
signed-in user and their member record (or None) and returns the panels that
person should see, chosen by permission. Each provider must run a fixed number
of queries, however much data there is: the dashboard's query budget is tested.

A provider names the models whose tables its panels read (``reads``). Its cards
are then rendered once and kept in the shared cache under a key holding:

* the person: the user, their member record and everything they are permitted
  (so a changed role or group is a new key), so nobody ever gets a card worked
  out for somebody else;
* the day (overdue and "due soon" are dates);
* the code: the templates and modules as deployed (``_code_stamp``), so a
  release never serves a card its old templates rendered;
* the count of committed writes to every table it reads, from the database
  triggers that the reports keep (``reports.cache.write_counts``, registered
  from above because the reports sit above every app): any write, by a
  service, the back office, a bulk update or by hand, makes a new key.

The counts are read before the panels are worked out, so a write committed in
between makes the kept card newer than its key says, never older. A panel that
goes out of date with the time of day (a session that starts at 10:00 is no
longer "next" at 10:01) says when (``Panel.expires``) and is kept no longer.
A provider that names no tables, or a table without the trigger, is never kept.
The cache is an aid: when it is down, every card is worked out afresh.
"""

import datetime
import functools
import hashlib
import logging
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

# How long a card may sit unread. A write replaces it sooner (a new key).
TIMEOUT = 15 * 60
# Cards are rendered without the request; a form's {% csrf_token %} gets this and the
# reader's own token replaces it each time the page is served.
CSRF_PLACEHOLDER = "dashboard-csrf-placeholder-0c5e1d"
# A one-time form token (posting the same form twice makes one record) given as this is
# replaced by a new UUID each time the page is served, so a kept card never repeats one.
ONE_TIME_TOKEN = "dashboard-one-time-token-9b3f7a"


@dataclass
class Panel:
    """One card on the dashboard: a template under templates/<app>/ and what it needs."""

    template: str
    context: dict = field(default_factory=dict)
    # Lower comes first. Member-facing "what to do next" panels use 10-40,
    # officer work queues 50-80, links and help 90+.
    order: int = 50
    # When what the card shows goes out of date without any write (None: at the end of the day).
    expires: datetime.datetime | None = None


@dataclass(frozen=True)
class Provider:
    build: Callable[..., list[Panel]]
    # Model labels ("advice.Question") of every table its panels read.
    reads: tuple[str, ...] = ()
    # What else its cards depend on that no write count covers (a column the trigger leaves out):
    # ``version()`` is added to the key. ``applies(user)`` says whether it can show anything at
    # all, so that nobody else pays for ``version()``.
    version: Callable[[], object] | None = None
    applies: Callable[..., bool] | None = None

    @property
    def name(self) -> str:
        return f"{self.build.__module__}.{self.build.__qualname__}"


_providers: list[Provider] = []
# Registered by the reports: labels -> {label: committed writes}, and the labels it counts.
_write_counts: Callable[[Iterable[str]], dict[str, int]] | None = None
_counted: frozenset[str] = frozenset()


def panel_provider(build=None, *, reads: Iterable[str] = (), version=None, applies=None):
    """Register ``build(user, member) -> list[Panel]``; use as ``@panel_provider(reads=[...])``."""

    def register(func):
        if not any(provider.build is func for provider in _providers):
            _providers.append(Provider(build=func, reads=tuple(reads), version=version, applies=applies))
        return func

    return register(build) if build is not None else register


def count_writes_with(counter: Callable[[Iterable[str]], dict[str, int]], *, watched: Iterable[str]) -> None:
    """Keep cards under ``counter``'s write counts; ``watched`` are the labels it can count."""
    global _write_counts, _counted
    _write_counts = counter
    _counted = frozenset(watched)


def providers() -> list[Provider]:
    return list(_providers)


def panels_for(user, member) -> list[Panel]:
    """Every panel for this person, worked out now (nothing kept)."""
    panels = []
    for provider in _providers:
        panels.extend(provider.build(user, member))
    return sorted(panels, key=lambda panel: panel.order)


def _keepable(provider: Provider) -> bool:
    return bool(provider.reads) and _write_counts is not None and set(provider.reads) <= _counted


def _person(user, member) -> str:
    """Everything about the reader that chooses or fills their cards."""
    permissions = ",".join(sorted(user.get_all_permissions()))
    facts = f"{user.pk}:{member.pk if member is not None else '-'}:{user.is_superuser}:{permissions}"
    return hashlib.sha256(facts.encode()).hexdigest()[:32]


@functools.cache
def _code_stamp() -> str:
    """The deployed templates and modules (names, sizes, times): a new release, new keys."""
    root = Path(settings.BASE_DIR)
    parts = []
    for folder in ("templates", "portal", "guidance", "training", "advice", "complaints", "interests"):
        for directory, folders, files in os.walk(root / folder):
            folders[:] = sorted(f for f in folders if f not in {"__pycache__", "migrations"})
            for name in sorted(files):
                if name.endswith((".py", ".html")):
                    stat = os.stat(os.path.join(directory, name))
                    parts.append(f"{directory}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _key(provider: Provider, person: str, day: str, counts: dict[str, int]) -> str:
    writes = ",".join(f"{label}={counts[label]}" for label in provider.reads)
    extra = repr(provider.version()) if provider.version is not None else ""
    facts = f"{provider.name}|{_code_stamp()}|{day}|{writes}|{extra}"
    digest = hashlib.sha256(facts.encode()).hexdigest()[:32]
    return f"dashboard:card:{person}:{digest}"


def _render(panel: Panel) -> str:
    return render_to_string(panel.template, {"panel": panel.context, "csrf_token": CSRF_PLACEHOLDER})


def _lifetime(panels: list[Panel]) -> int:
    """Seconds the cards may be kept: TIMEOUT, or less when one goes out of date sooner."""
    expiries = [panel.expires for panel in panels if panel.expires is not None]
    if not expiries:
        return TIMEOUT
    return min(TIMEOUT, int((min(expiries) - timezone.now()).total_seconds()))


def _counts(keepable: list[Provider]) -> dict[str, int] | None:
    labels = sorted({label for provider in keepable for label in provider.reads})
    if not labels:
        return None
    return _write_counts(labels)


def _cache_get(keys: list[str]) -> dict:
    try:
        return cache.get_many(keys) if keys else {}
    except Exception:  # the cache is an aid: without it the page is slower, not broken
        logger.warning("Dashboard cache unavailable; working the panels out", exc_info=True)
        return {}


def _cache_set(key: str, cards: list, lifetime: int) -> None:
    if lifetime <= 0:
        return
    try:
        cache.set(key, cards, lifetime)
    except Exception:
        logger.warning("Dashboard cache unavailable; not keeping the panels", exc_info=True)


def cards_for(user, member) -> list[tuple[int, str]]:
    """Every card for this person as (order, HTML), in order: kept ones from the cache.

    The HTML holds placeholders for what must differ on every page (see ``for_request``).
    """
    applying = [p for p in _providers if p.applies is None or p.applies(user)]
    keepable = [provider for provider in applying if _keepable(provider)]
    counts = _counts(keepable)
    keys = {}
    if counts is not None:
        person = _person(user, member)
        day = timezone.localdate().isoformat()
        keys = {provider: _key(provider, person, day, counts) for provider in keepable}
    found = _cache_get(list(keys.values()))
    cards = []
    for provider in applying:
        key = keys.get(provider)
        kept = found.get(key) if key else None
        if kept is None:
            panels = provider.build(user, member)
            kept = [(panel.order, _render(panel)) for panel in panels]
            if key:
                _cache_set(key, kept, _lifetime(panels))
        cards.extend(kept)
    return sorted(cards, key=lambda card: card[0])


def for_request(cards: list[tuple[int, str]], request) -> list[SafeString]:
    """The cards' HTML for this request: the reader's CSRF token and new one-time tokens in forms."""
    html = []
    for _, card in cards:
        if CSRF_PLACEHOLDER in card:
            card = card.replace(CSRF_PLACEHOLDER, get_token(request))
        while ONE_TIME_TOKEN in card:
            card = card.replace(ONE_TIME_TOKEN, str(uuid.uuid4()), 1)
        html.append(mark_safe(card))  # noqa: S308 - rendered by our own templates
    return html
