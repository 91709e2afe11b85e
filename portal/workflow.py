"""Workflows as data: the allowed moves between states, declared once.

A feature declares its transitions as a table and asks this module whether a
move is allowed; its service then writes the new state and an event row (who,
when, from, to, why) in one transaction. Templates list ``available(state)``
to offer only the moves that are allowed.
"""

from dataclasses import dataclass

from portal.errors import DomainError


class TransitionRefused(DomainError):
    """The workflow does not allow this move from the current state."""


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str  # what the button says, e.g. "Mark as answered"


class Workflow:
    def __init__(self, name: str, states, transitions):
        """``states`` are (value, label) choices; ``transitions`` are Transition rows."""
        self.name = name
        self.labels = dict(states)
        self.transitions = tuple(transitions)
        for transition in self.transitions:
            for state in (transition.source, transition.target):
                if state not in self.labels:
                    raise ValueError(f"{name}: unknown state {state!r} in {transition}")
        self._by_move = {(t.source, t.target): t for t in self.transitions}

    def available(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == state]

    def allows(self, source: str, target: str) -> bool:
        return (source, target) in self._by_move

    def check(self, source: str, target: str) -> Transition:
        try:
            return self._by_move[(source, target)]
        except KeyError:
            raise TransitionRefused(
                f"A {self.name} cannot go from “{self.labels.get(source, source)}” to "
                f"“{self.labels.get(target, target)}”."
            ) from None
