"""The question workflow, declared once. Services check every move against it.

new ─┬─> in progress ─┬─> waiting for the member ─┐
     │                └─> answered ──> closed     │
     └─> (answered, waiting, closed directly)     │
         in progress <────────────────────────────┘

A member's reply moves a question that was waiting for them, or that had been
answered, back to "in progress" (an answered question is reopened: the member
has a follow-up, so the officers owe them another reply). A closed question
stays closed for the member, who asks a new one; an officer may reopen it.
"""

from portal.workflow import Transition, Workflow

from .models import State

QUESTION_WORKFLOW = Workflow(
    "question",
    State.choices,
    [
        Transition(State.NEW, State.IN_PROGRESS, "Start work on it"),
        Transition(State.NEW, State.AWAITING_MEMBER, "Ask the member for more information"),
        Transition(State.NEW, State.ANSWERED, "Send as the answer"),
        Transition(State.NEW, State.CLOSED, "Close without an answer"),
        Transition(State.IN_PROGRESS, State.AWAITING_MEMBER, "Ask the member for more information"),
        Transition(State.IN_PROGRESS, State.ANSWERED, "Send as the answer"),
        Transition(State.IN_PROGRESS, State.CLOSED, "Close without an answer"),
        Transition(State.AWAITING_MEMBER, State.IN_PROGRESS, "Stop waiting for the member"),
        Transition(State.AWAITING_MEMBER, State.ANSWERED, "Send as the answer"),
        Transition(State.AWAITING_MEMBER, State.CLOSED, "Close: the member did not reply"),
        Transition(State.ANSWERED, State.IN_PROGRESS, "Reopen"),
        Transition(State.ANSWERED, State.CLOSED, "Close"),
        Transition(State.CLOSED, State.IN_PROGRESS, "Reopen"),
    ],
)

# Moves an officer can make with a button of their own, without writing a
# reply: the others (waiting for the member, answered) only make sense with a
# message, so they are offered in the reply form.
STANDALONE_TARGETS = (State.IN_PROGRESS, State.CLOSED)

# What an officer's reply can do to the question, as the reply form offers it.
REPLY_OUTCOMES = {
    State.IN_PROGRESS: "Reply, and keep working on the question",
    State.AWAITING_MEMBER: "Reply, and wait for the member to answer",
    State.ANSWERED: "Send this as the answer",
}


def standalone_moves(state: str):
    return [t for t in QUESTION_WORKFLOW.available(state) if t.target in STANDALONE_TARGETS]


def reply_outcomes(state: str) -> list[tuple[str, str]]:
    """The outcomes an officer's reply may have from ``state`` (none once closed)."""
    if state == State.CLOSED:
        return []
    return [
        (target, label)
        for target, label in REPLY_OUTCOMES.items()
        if target == state or QUESTION_WORKFLOW.allows(state, target)
    ]
