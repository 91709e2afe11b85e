"""What happens when a case moves to each stage, in words for the Monitoring Officer's move page."""

from complaints.stages import Stage

MOVE_HELP = {
    Stage.ACKNOWLEDGED: (
        "The complainant is emailed an acknowledgement with the date by which the initial assessment "
        "is due. The acknowledgement target stops."
    ),
    Stage.INITIAL_ASSESSMENT: (
        "You can then record the “can we” tests, the parts of the Code engaged and the Independent "
        "Person's view."
    ),
    Stage.NO_FURTHER_ACTION: (
        "A decision notice is made from the case and emailed to the complainant, and to the member "
        "(and a parish member's clerk) if they have been told of the complaint."
    ),
    Stage.INFORMAL_RESOLUTION: (
        "A decision notice is made and sent. Describe what the member is asked to do, such as an "
        "apology or training."
    ),
    Stage.INVESTIGATION: (
        "A decision notice is made and sent. Record the investigator's report when it arrives."
    ),
    Stage.POLICE_REFERRAL: (
        "A decision notice is made and sent. The standards process can resume if the police take no action."
    ),
    Stage.REPORT: (
        "Add the report itself as a document on the case. The Independent Person must then give their view."
    ),
    Stage.HEARING: (
        "The hearing sub-committee of the Standards Committee will decide. The Independent Person's view "
        "on the report must be on record first."
    ),
    Stage.NO_BREACH: (
        "A decision notice is made, sent to the parties and, if ticked, published on the register."
    ),
    Stage.BREACH: (
        "A decision notice listing the sanctions is made, sent to the parties and, if ticked, published on "
        "the register. For a parish or town councillor the sanctions are recommendations to their council."
    ),
    Stage.WITHDRAWN: "The complainant is emailed to confirm. The case can then be closed.",
    Stage.REVIEW: "A reviewing officer looks again at the decision to take no further action.",
    Stage.CLOSED: (
        "The case is closed. Its personal details are removed once the retention period has passed."
    ),
}
