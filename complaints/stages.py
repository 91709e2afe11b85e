"""The complaint process as data: its stages and the moves allowed between them.

The table follows the council's arrangements for Code of Conduct complaints
(see the stages in DOMAIN.md). Services ask ``complaint_workflow()`` whether a
move is allowed and write an event row for every move; templates list the
moves ``available`` from a case's stage as buttons.
"""

from django.conf import settings
from django.db import models

from portal.workflow import Transition, Workflow


class Stage(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for email confirmation"
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    INITIAL_ASSESSMENT = "initial_assessment", "Initial assessment"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    REVIEW = "review", "Review of a no further action decision"
    INFORMAL_RESOLUTION = "informal_resolution", "Informal resolution"
    INVESTIGATION = "investigation", "Investigation"
    POLICE_REFERRAL = "police_referral", "Referred to the police"
    REPORT = "report", "Investigation report received"
    HEARING = "hearing", "Hearing"
    NO_BREACH = "no_breach", "Hearing: no breach found"
    BREACH = "breach", "Hearing: breach found"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"


# Stages where the process is still running: a complainant may withdraw from any of them.
OPEN_STAGES = (
    Stage.RECEIVED,
    Stage.ACKNOWLEDGED,
    Stage.INITIAL_ASSESSMENT,
    Stage.REVIEW,
    Stage.INVESTIGATION,
    Stage.REPORT,
    Stage.HEARING,
)
# Stages that end the process with a result; each then goes to "closed".
OUTCOME_STAGES = (
    Stage.NO_FURTHER_ACTION,
    Stage.INFORMAL_RESOLUTION,
    Stage.POLICE_REFERRAL,
    Stage.NO_BREACH,
    Stage.BREACH,
    Stage.WITHDRAWN,
)
# Decisions taken on a complaint that has been investigated: the Independent
# Person's view must be on record before any of them.
INVESTIGATED_DECISIONS = {
    (Stage.REPORT, Stage.NO_FURTHER_ACTION),
    (Stage.REPORT, Stage.HEARING),
    (Stage.HEARING, Stage.NO_BREACH),
    (Stage.HEARING, Stage.BREACH),
}
# Stages in which the Independent Person's view counts as given on the investigated complaint.
INVESTIGATED_VIEW_STAGES = (Stage.REPORT, Stage.HEARING)
# Moves that are decisions: each produces a decision notice for the parties.
DECISIONS = {
    Stage.NO_FURTHER_ACTION,
    Stage.INFORMAL_RESOLUTION,
    Stage.INVESTIGATION,
    Stage.POLICE_REFERRAL,
    Stage.NO_BREACH,
    Stage.BREACH,
}
HEARING_OUTCOMES = (Stage.NO_BREACH, Stage.BREACH)

# What the complainant's status page says about each stage: plain words, no names.
PUBLIC_STAGE_TEXT = {
    Stage.UNCONFIRMED: "We are waiting for you to confirm your email address.",
    Stage.RECEIVED: "We have received your complaint and will acknowledge it shortly.",
    Stage.ACKNOWLEDGED: "We have acknowledged your complaint. The Monitoring Officer will assess it next.",
    Stage.INITIAL_ASSESSMENT: "The Monitoring Officer is assessing your complaint.",
    Stage.NO_FURTHER_ACTION: "The Monitoring Officer decided to take no further action.",
    Stage.REVIEW: "The decision to take no further action is being reviewed.",
    Stage.INFORMAL_RESOLUTION: "The Monitoring Officer is resolving the complaint informally.",
    Stage.INVESTIGATION: "The complaint is being investigated.",
    Stage.POLICE_REFERRAL: "The matter has been referred to the police.",
    Stage.REPORT: "The investigation has finished and its report is being considered.",
    Stage.HEARING: "The complaint will be decided at a hearing of the Standards Committee.",
    Stage.NO_BREACH: "The hearing found that the Code of Conduct was not breached.",
    Stage.BREACH: "The hearing found that the Code of Conduct was breached.",
    Stage.WITHDRAWN: "The complaint was withdrawn.",
    Stage.CLOSED: "The complaint is closed.",
}

TRANSITIONS = [
    Transition(Stage.UNCONFIRMED, Stage.RECEIVED, "Confirm the complainant's email"),
    Transition(Stage.RECEIVED, Stage.ACKNOWLEDGED, "Acknowledge the complaint"),
    Transition(Stage.ACKNOWLEDGED, Stage.INITIAL_ASSESSMENT, "Start the initial assessment"),
    Transition(Stage.INITIAL_ASSESSMENT, Stage.NO_FURTHER_ACTION, "Decide: no further action"),
    Transition(Stage.INITIAL_ASSESSMENT, Stage.INFORMAL_RESOLUTION, "Decide: informal resolution"),
    Transition(Stage.INITIAL_ASSESSMENT, Stage.INVESTIGATION, "Decide: investigate"),
    Transition(Stage.INITIAL_ASSESSMENT, Stage.POLICE_REFERRAL, "Decide: refer to the police"),
    Transition(Stage.POLICE_REFERRAL, Stage.INITIAL_ASSESSMENT, "Resume after the police have finished"),
    Transition(Stage.INFORMAL_RESOLUTION, Stage.INVESTIGATION, "Informal resolution failed: investigate"),
    Transition(Stage.INVESTIGATION, Stage.REPORT, "Record the investigation report"),
    Transition(Stage.REPORT, Stage.NO_FURTHER_ACTION, "Decide: no further action"),
    Transition(Stage.REPORT, Stage.HEARING, "Refer to a hearing"),
    Transition(Stage.HEARING, Stage.NO_BREACH, "Record the hearing's decision: no breach"),
    Transition(Stage.HEARING, Stage.BREACH, "Record the hearing's decision: breach"),
    *(Transition(stage, Stage.WITHDRAWN, "Record that the complaint is withdrawn") for stage in OPEN_STAGES),
    *(Transition(stage, Stage.CLOSED, "Close the case") for stage in OUTCOME_STAGES),
]

REVIEW_TRANSITIONS = [
    Transition(Stage.NO_FURTHER_ACTION, Stage.REVIEW, "Start a review of the decision"),
    Transition(Stage.REVIEW, Stage.NO_FURTHER_ACTION, "Review: uphold no further action"),
    Transition(Stage.REVIEW, Stage.INFORMAL_RESOLUTION, "Review: overturn, resolve informally"),
    Transition(Stage.REVIEW, Stage.INVESTIGATION, "Review: overturn, investigate"),
]


def complaint_workflow() -> Workflow:
    """The workflow under the council's current arrangements.

    Reviews of "no further action" decisions exist only where the arrangements
    allow them (settings.COMPLAINT_ALLOW_NFA_REVIEW).
    """
    transitions = list(TRANSITIONS)
    if settings.COMPLAINT_ALLOW_NFA_REVIEW:
        transitions += REVIEW_TRANSITIONS
    return Workflow("complaint", Stage.choices, transitions)
