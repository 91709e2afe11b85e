"""Dashboard panels that feature apps contribute.

Each app registers a provider in its AppConfig.ready(). A provider takes the
signed-in user and their member record (or None) and returns the panels that
person should see, chosen by permission. Each provider must run a fixed number
of queries, however much data there is: the dashboard's query budget is tested.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    """One card on the dashboard: a template under templates/<app>/ and what it needs."""

    template: str
    context: dict = field(default_factory=dict)
    # Lower comes first. Member-facing "what to do next" panels use 10-40,
    # officer work queues 50-80, links and help 90+.
    order: int = 50


Provider = Callable[..., list[Panel]]
_providers: list[Provider] = []


def panel_provider(provider: Provider) -> Provider:
    """Register ``provider(user, member) -> list[Panel]``; use as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(user, member) -> list[Panel]:
    panels = []
    for provider in _providers:
        panels.extend(provider(user, member))
    return sorted(panels, key=lambda panel: panel.order)
