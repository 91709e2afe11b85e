"""Which header links a person may open, asked of the feature that owns the page.

A raw permission is not always the answer: a superuser holds every permission by
definition, yet may open the casework pages (complaints, members' questions) only
with an explicit grant. So a feature registers the same check its views use, under
a name the header asks for (``can_open.complaints_cases``); a name nobody
registered opens nothing.
"""

from collections.abc import Callable

_checks: dict[str, Callable] = {}


def register(name: str, check: Callable) -> None:
    """``check(user) -> bool``: whether ``user`` may open the page the header links as ``name``."""
    _checks[name] = check


class CanOpen:
    """For templates: ``can_open.<name>`` asks the registered check about the request's user."""

    def __init__(self, user):
        self._user = user
        self._answers: dict[str, bool] = {}

    def __getitem__(self, name: str) -> bool:
        if name not in self._answers:
            check = _checks.get(name)
            self._answers[name] = bool(check and self._user is not None and check(self._user))
        return self._answers[name]

    def __contains__(self, name: str) -> bool:
        return self[name]
