"""Induction steps that higher layers add, registered from their AppConfig.ready().

Training sits below the apps that build on it, so it never imports them. An app
that has something every new member must do (the register of interests, for
one) registers a step here; an induction item can then be that step, beside a
guidance document or a course, and counts as done when the app says so.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class InductionStep:
    """Something a new member does in another part of the portal.

    ``completed_on(member_ids)`` gives, in one query however many members,
    ``{member_id: date}`` for the members who have done the step.
    ``done(member_ref, today)`` is the same rule as an SQL expression (an
    ``Exists``) for ``member_ref`` (an expression for the member's pk), so that
    progress can be counted inside one query. ``url(member_id)`` is where the
    member does it.
    """

    key: str
    label: str
    # Said after the label: "Register of interests: fill in and submit it".
    action: str
    completed_on: Callable[[Iterable[int]], dict[int, datetime.date]]
    done: Callable
    url: Callable[[int], str | None]
    # Steps that belong in every induction pack (a new pack gets them, and the
    # registering app's migration adds them to the packs that exist).
    in_every_pack: bool = False
    due_days: int = 28


_steps: dict[str, InductionStep] = {}


def register_step(step: InductionStep) -> None:
    _steps[step.key] = step


def steps() -> list[InductionStep]:
    return list(_steps.values())


def step(key: str) -> InductionStep | None:
    return _steps.get(key)


def step_choices() -> list[tuple[str, str]]:
    """Choices for an induction item's ``step`` field (callable, so migrations do not fix them)."""
    return [(s.key, f"{s.label}: {s.action}") for s in _steps.values()]


def snapshot() -> dict:
    return dict(_steps)


def restore(state: dict) -> None:
    _steps.clear()
    _steps.update(state)
