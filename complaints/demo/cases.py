"""The demo cases still early in the process: received, acknowledged, assessed, referred.

Each case says who complained about whom and what, how many days ago it
arrived, and the steps it has been through (a stage to move to, or a
``(kind, ...)`` tuple: see ``complaints.demo.steps``). Everyone is fictional.
"""

from dataclasses import dataclass, field

from complaints.stages import Stage

from .steps import assessed


@dataclass
class Case:
    key: str
    member: str  # the subject's external ID or login email ("" when the complainant could not name them)
    complainant: tuple[str, str]  # name, email ("" for a complaint by letter from someone with none)
    what: str
    place: str
    outcome_sought: str
    received_days_ago: int
    steps: list = field(default_factory=list)
    last_days_ago: int = 1
    code: list = field(default_factory=list)
    nolan: list = field(default_factory=list)
    link: str = ""
    confidential: str = ""  # reasons given by the complainant
    lodged_by: str = ""  # the email of a signed-in member or officer who lodged it
    description: str = ""
    received_via: str = ""  # post, email, phone or in person: recorded by the Monitoring Officer
    complainant_address: str = ""


EARLY_CASES = [
    Case(
        key="received-facebook-post",
        member="FDC-014",
        complainant=("Harriet Moss", "harriet.moss@example.net"),
        what=(
            "On his public councillor page the councillor posted a photo of my front garden with the caption "
            "'this is what happens when you let the wrong people move in'. My address can be worked out "
            "from the photo. Several people have since commented with insults about my family."
        ),
        place="The councillor's public Facebook page",
        link="https://www.facebook.example/cllr.page/posts/4412",
        code=["respect", "bullying", "disrepute"],
        nolan=["leadership"],
        outcome_sought="I want the post removed and an apology.",
        received_days_ago=1,
        last_days_ago=1,
    ),
    Case(
        key="overdue-town-meeting",
        member="BRINDLE-03",
        complainant=("Desmond Achebe", "desmond.achebe@example.net"),
        what=(
            "During public participation at the town council meeting I asked about the cost of the new "
            "Christmas lights. The councillor laughed, said 'here we go again' and told me to "
            "'find a hobby'. "
            "Other members of the public were shocked."
        ),
        place="Brindle Town Council meeting, Brindle Methodist Hall",
        code=["respect"],
        nolan=["accountability", "leadership"],
        outcome_sought="A written apology and for the chair to remind members how to treat the public.",
        received_days_ago=16,
        last_days_ago=16,
    ),
    Case(
        key="acknowledged-licensing-interest",
        member="FDC-021",
        complainant=("Rowena Pike", "rowena.pike@example.net"),
        what=(
            "The councillor sat on the Licensing sub-committee that granted a late licence to the Crown and "
            "Anchor. I understand her brother-in-law is the licensee. She did not declare this and voted in "
            "favour."
        ),
        place="Licensing Sub-Committee, Fellbridge Civic Centre",
        code=["interests", "position"],
        nolan=["integrity", "objectivity"],
        outcome_sought="An investigation, and the licence decision looked at again.",
        received_days_ago=6,
        last_days_ago=4,
        confidential="I run a business on the same street and worry it will affect how I am treated.",
        steps=[Stage.ACKNOWLEDGED],
    ),
    Case(
        key="acknowledged-by-post",
        member="ASHWORTH-03",
        complainant=("Edith Marsh", ""),
        complainant_address="4 Mill Lane\nAshworth\nFB2 7QT",
        received_via="post",
        what=(
            "I am writing because I do not use email. At the parish meeting on the village green the "
            "councillor told me, in front of my neighbours, that pensioners like me should 'stop moaning "
            "and move somewhere with a bus'. I was very upset and have not been back since."
        ),
        place="Ashworth Parish Council meeting, the village hall",
        code=["respect"],
        nolan=["leadership"],
        outcome_sought="An apology, by letter please.",
        received_days_ago=5,
        last_days_ago=3,
        steps=[Stage.ACKNOWLEDGED],
    ),
    Case(
        key="assessment-officer-complaint",
        member="FDC-009",
        complainant=("Priya Shah", "support@example.org"),
        lodged_by="support@example.org",
        what=(
            "After a committee meeting the councillor followed a junior Democratic Services officer into the "
            "corridor and shouted that the agenda had been 'sabotaged', in front of visitors. "
            "The officer was "
            "in tears. It is the third time this year he has spoken to staff like this."
        ),
        place="Corridor outside Committee Room 2",
        code=["respect", "bullying", "officers"],
        nolan=["leadership"],
        outcome_sought="For the behaviour to stop, and training on working with officers.",
        # Long enough ago that the member's response is late whatever the day of the week
        # (the demo's one overdue response: the clock counts working days).
        received_days_ago=32,
        last_days_ago=3,
        confidential="The officer who was shouted at is afraid of the councillor and asked not to be named.",
        steps=[
            (
                "confidentiality",
                True,
                "The complainant is a council officer and the officer involved fears reprisal.",
            ),
            *assessed(
                "Immediately after a committee meeting, about committee business.",
                notify=(
                    "You are said to have shouted at a member of staff in the corridor after a committee "
                    "meeting, "
                    "accusing them of sabotaging the agenda, in front of visitors."
                ),
                assign=True,
            ),
            (
                "ip_view",
                "The account is consistent and the conduct is serious; I would support an investigation.",
            ),
            ("pause", "Waiting for the member's response, which is now late"),
        ],
    ),
    Case(
        key="nfa-private-account",
        member="FDC-030",
        complainant=("Giles Ferrand", "giles.ferrand@example.net"),
        what=(
            "The councillor shared a joke on her personal Instagram account that I found offensive about "
            "people who cycle."
        ),
        place="Instagram",
        code=["respect"],
        outcome_sought="She should be made to delete it.",
        received_days_ago=24,
        last_days_ago=6,
        steps=[
            *assessed(
                "A private account in her own name that does not mention the council; the post is "
                "about a general topic, not council business.",
                acting_in_capacity="no",
            ),
            (
                Stage.NO_FURTHER_ACTION,
                "The member was not acting as a councillor: the account is personal and the post has "
                "nothing to "
                "do with council business, so the Code of Conduct does not apply.",
            ),
        ],
    ),
    Case(
        key="review-planning-comment",
        member="FDC-017",
        complainant=("Colin Sutherland", "colin.sutherland@example.net"),
        what=(
            "Before the Planning Committee met, the councillor told a local newspaper that the supermarket "
            "application 'will be thrown out, whatever the officers say'. He then voted to refuse it."
        ),
        place="Fellbridge Gazette, and the Planning Committee",
        code=["disrepute"],
        nolan=["objectivity"],
        outcome_sought="The decision should be retaken without him.",
        received_days_ago=45,
        last_days_ago=5,
        steps=[
            *assessed("Speaking to the press as a member of the Planning Committee."),
            (
                Stage.NO_FURTHER_ACTION,
                "The comment was ill-judged, but whether a decision was predetermined is a matter for the "
                "courts, not the Code of Conduct. Advice has been given to the member.",
            ),
            (
                Stage.REVIEW,
                "The complainant asked for a review within 7 days, saying the advice was not enough.",
            ),
        ],
    ),
    Case(
        key="informal-parish-email",
        member="COLDHARBOUR-02",
        complainant=("Anita Rowe", "anita.rowe@example.net"),
        what=(
            "The councillor replied to my email about the play area by copying in the whole parish mailing "
            "list and calling my concerns 'hysterical nonsense'."
        ),
        place="Email to the Coldharbour parish mailing list",
        code=["respect", "confidentiality"],
        outcome_sought="An apology to me on the same mailing list.",
        received_days_ago=35,
        last_days_ago=9,
        steps=[
            *assessed(
                "Answering a parishioner's question about parish business.",
                notify=(
                    "You are said to have replied to a parishioner's email to the whole mailing list, "
                    "calling their concerns about the play area hysterical nonsense."
                ),
            ),
            ("response", "I accept the tone was wrong and I am happy to apologise."),
            (
                Stage.INFORMAL_RESOLUTION,
                "The member accepts the tone of the email was wrong and will apologise to the complainant on "
                "the same mailing list within 14 days.",
            ),
        ],
    ),
    Case(
        key="police-grant-money",
        member="FDC-026",
        complainant=("Margaret Olsen", "margaret.olsen@example.net"),
        what=(
            "The councillor arranged a ward grant to a community group whose treasurer is his wife. "
            "The group "
            "has not held an event since, and the money seems to have been spent on her car."
        ),
        place="Ward grants scheme",
        code=["position", "resources", "interests"],
        nolan=["selflessness", "integrity", "honesty"],
        outcome_sought="A proper investigation of where the money went.",
        received_days_ago=40,
        last_days_ago=12,
        steps=[
            *assessed("Using the ward grants scheme, which only councillors can do."),
            (
                Stage.POLICE_REFERRAL,
                "The allegation, if true, may amount to a criminal offence. The standards process is paused "
                "while the police consider it.",
            ),
        ],
    ),
    Case(
        key="investigation-allotment-lease",
        member="ELMSTEAD-04",
        complainant=("Trevor Knowles", "trevor.knowles@example.net"),
        what=(
            "The councillor took part in and voted on the decision to renew the allotment lease at a lower "
            "rent. She holds two of the plots herself and did not declare an interest."
        ),
        place="Elmstead Parish Council meeting",
        code=["interests"],
        nolan=["integrity", "openness"],
        outcome_sought="An investigation.",
        received_days_ago=60,
        last_days_ago=20,
        steps=[
            *assessed(
                "Voting at a parish council meeting.",
                notify=(
                    "You are said to have voted on the allotment lease renewal without declaring that you "
                    "hold two plots."
                ),
                assign=True,
            ),
            ("ip_view", "An investigation is justified: the facts about the plots can be checked easily."),
            (
                Stage.INVESTIGATION,
                "Whether the member had an interest she should have declared depends on facts that need "
                "investigating. An investigator has been appointed.",
            ),
        ],
    ),
]
