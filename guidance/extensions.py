"""What higher layers add to the guidance library, registered from their AppConfig.ready().

The library sits low in the layers, so it never imports the apps that build on
it. Ask the Monitoring Officer, for one, adds its published FAQ answers to the
library's search and its question form as the way to ask about a document.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchProvider:
    """More results for a library search, shown under the documents in their own section.

    ``search(query, limit)`` returns objects with ``title``, ``snippet`` (safe
    HTML) and ``get_absolute_url()``, in one query whatever the data size.
    """

    key: str
    heading: str
    search: Callable[[str, int], list]
    # Shown before the quoted search words when nothing matches.
    nothing_found: str = "Nothing here matches"
    # The models the results come from, when they are the same for everyone who may search the
    # library: then each search's results are kept in the shared cache until a row of one of
    # these models is saved or deleted (guidance.to_read_cache.shared).
    reads: tuple = ()


@dataclass
class SearchSection:
    provider: SearchProvider
    results: list


_search_providers: dict[str, SearchProvider] = {}
# When a member must have read a document: member -> an expression giving a date for the
# Document row (OuterRef("pk")), or None. Training's induction packs set reading deadlines.
_reading_due_builder: list[Callable] = []
# How to ask about a document: document -> URL, or None while no app offers one
# (then the document page offers an email to the Monitoring Officer).
_ask_url_builder: list[Callable] = []


def register_search_provider(provider: SearchProvider) -> None:
    from guidance import to_read_cache

    _search_providers[provider.key] = provider
    to_read_cache.watch_shared(_stamp(provider), *provider.reads)


def _stamp(provider: SearchProvider) -> str:
    return f"search:{provider.key}"


def register_ask_url(builder: Callable) -> None:
    _ask_url_builder[:] = [builder]


def search_sections(query: str, limit: int = 5) -> list[SearchSection]:
    """Each registered provider's results for ``query`` (none for an empty query)."""
    if not query:
        return []
    return [
        SearchSection(provider, _results(provider, query, limit)) for provider in _search_providers.values()
    ]


def _results(provider: SearchProvider, query: str, limit: int) -> list:
    if not provider.reads:
        return list(provider.search(query, limit))
    from guidance import to_read_cache

    return to_read_cache.shared(_stamp(provider), (query, limit), lambda: list(provider.search(query, limit)))


def register_reading_due(builder: Callable, *, reads=()) -> None:
    """``reads``: the models the deadlines come from; a write to any of them refreshes the
    members' cached "to read" lists (guidance.to_read_cache)."""
    from guidance import to_read_cache

    _reading_due_builder[:] = [builder]
    to_read_cache.watch(*reads)


def reading_due(member):
    """An expression: the date ``member`` must have read the outer Document row by, or None."""
    return _reading_due_builder[0](member) if _reading_due_builder else None


def ask_url(document) -> str | None:
    return _ask_url_builder[0](document) if _ask_url_builder else None


def snapshot() -> tuple:
    """The registrations as they are, for tests that take the library on its own."""
    return dict(_search_providers), list(_ask_url_builder), list(_reading_due_builder)


def restore(state: tuple) -> None:
    providers, builders, *rest = state  # (providers, ask builders[, reading-due builders])
    due_builders = rest[0] if rest else []
    _search_providers.clear()
    _search_providers.update(providers)
    _ask_url_builder[:] = builders
    _reading_due_builder[:] = due_builders
