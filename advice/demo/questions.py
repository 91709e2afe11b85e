"""The demo questions: who asked, what, how many working days ago, and what has happened since.

``steps`` lists (kind, who, working days after receipt, text): "note" is an
officers' note; "reply" is from the member; "answer", "ask" and "update" are
the officer's reply (as the answer, asking for more, or keeping it in
progress). ``state`` is where the steps must leave the question.
"""

from advice.models import Priority, State, Topic

MORGAN, AISHA, SAM, DANA = (
    "cllr.ward@example.org",
    "cllr.new@example.org",
    "coopted@example.org",
    "mssg@example.org",
)
MO, DEPUTY = "mo@example.org", "deputy.mo@example.org"

QUESTIONS = [
    {
        "key": "mill-lane-facebook",
        "asker": MORGAN,
        "topic": Topic.SOCIAL_MEDIA,
        "document": "social-media-guide",
        "subject": "Sharing a Facebook post about the Mill Lane planning application",
        "body": (
            "The developer behind the Mill Lane housing scheme has posted a long explanation of the "
            "plans on Facebook and several residents in my ward have asked me to share it. The "
            "application is due at Planning Committee next month and I sit on the committee. Can I "
            "share the post on my councillor page, and can I say what I think of the scheme?"
        ),
        "received": 12,
        "priority": Priority.NORMAL,
        "assigned": MO,
        "steps": [
            ("note", MO, 0, "Planning Committee on the 14th. Check whether Cllr Hale has commented before."),
            (
                "answer",
                MO,
                2,
                "Thank you for checking first. You may share factual information about how residents "
                "can comment on the application, such as a link to the council's planning portal and "
                "the consultation closing date. Please do not share the developer's post or say what "
                "you think of the scheme: because you will decide the application, doing so could "
                "suggest you have made up your mind before hearing the evidence, and your vote could "
                "be challenged. Once the committee has decided, you are free to explain how you voted "
                "and why.",
            ),
        ],
        "state": State.CLOSED,
        "closed": 4,
        "faq": "can-i-share-posts-about-an-application-i-will-decide",
    },
    {
        "key": "charity-dinner",
        "asker": AISHA,
        "topic": Topic.GIFTS,
        "document": "code-of-conduct-summary",
        "subject": "Invitation to a charity dinner paid for by a local firm",
        "body": (
            "I have been invited to a charity dinner for the hospice. The tickets are £85 each and a "
            "local building firm has paid for a table and invited me to sit with them. I am new and "
            "not sure whether I can accept, or whether I need to tell anyone."
        ),
        "received": 3,
        "priority": Priority.NORMAL,
        "assigned": DEPUTY,
        "steps": [
            (
                "note",
                DEPUTY,
                1,
                "The firm has two live applications. Worth checking the register of interests.",
            ),
            (
                "update",
                DEPUTY,
                1,
                "Thank you. I am checking a couple of things and will come back to you by Friday.",
            ),
        ],
        "state": State.IN_PROGRESS,
    },
    {
        "key": "wife-licensing",
        "asker": SAM,
        "topic": Topic.INTERESTS,
        "subject": "Declaring my wife's job at a licensing applicant",
        "body": (
            "My wife works part-time for a company that has applied to vary a premises licence. I do "
            "not sit on Licensing, but I am on Standards. Do I need to declare anything, and if so "
            "where?"
        ),
        "received": 6,
        "priority": Priority.NORMAL,
        "assigned": MO,
        "steps": [
            (
                "ask",
                MO,
                1,
                "Thank you. So that I can advise properly, could you tell me what your wife's role is "
                "and whether she has any share in the company's profits?",
            ),
        ],
        "state": State.AWAITING_MEMBER,
    },
    {
        "key": "garage-business-register",
        "asker": AISHA,
        "topic": Topic.INTERESTS,
        "subject": "Registering my husband's garage business",
        "body": (
            "My husband runs a small car repair garage in Thornleigh. Does it go on my register of "
            "interests, and does it matter that the council sends some of its vans there for MOTs?"
        ),
        "received": 7,
        "priority": Priority.NORMAL,
        "assigned": MO,
        "steps": [
            (
                "ask",
                MO,
                1,
                "Before I answer: do you own any part of the business, and is the council's van work "
                "under a contract, or booked job by job?",
            ),
            (
                "reply",
                AISHA,
                4,
                "I own a third of it. The vans are booked job by job through the fleet team, as far as "
                "I know.",
            ),
        ],
        "state": State.IN_PROGRESS,  # its clock stopped for the three days it waited for her reply
    },
    {
        "key": "brother-pub-review",
        "asker": MORGAN,
        "topic": Topic.INTERESTS,
        "subject": "Licence review of my brother's pub",
        "body": (
            "The Licensing Sub-Committee is reviewing the licence of the Red Lion, which my brother "
            "owns. I have been asked to sit on the sub-committee. I assume I should not, but should I "
            "also stay away from the meeting altogether?"
        ),
        "received": 0,
        "urgent": "The Licensing Sub-Committee meets on Thursday morning.",
        "priority": Priority.URGENT,
        "steps": [],
        "state": State.NEW,
    },
    {
        "key": "abusive-messages",
        "asker": AISHA,
        "topic": Topic.CONDUCT,
        "subject": "Replying to abusive messages from a resident",
        "body": (
            "A resident keeps sending me abusive messages on Instagram about a bin collection dispute. "
            "I am tempted to reply publicly to set the record straight. What am I allowed to do, and "
            "should I block them?"
        ),
        "received": 8,
        "priority": Priority.NORMAL,
        "assigned": MO,
        "steps": [
            ("note", MO, 2, "Speak to the Communications Team about the council's approach to online abuse."),
        ],
        "state": State.IN_PROGRESS,  # past its due date: the overdue one
    },
    {
        "key": "wind-farm-parish",
        "asker": DANA,
        "topic": Topic.PREDETERMINATION,
        # No document: the predetermination guide is for the Planning Committee, which Dana is not
        # on, and a member may only refer to guidance they can read.
        "subject": "Speaking at a parish meeting about the wind farm",
        "body": (
            "Hartsop Parish Council has asked me to speak at a public meeting about the proposed wind "
            "farm. I am not on Planning Committee. Is there any problem with me giving my view?"
        ),
        "received": 25,
        "priority": Priority.LOW,
        "assigned": DEPUTY,
        "steps": [
            (
                "answer",
                DEPUTY,
                4,
                "As you are not on the Planning Committee you may give your view, and it is part of "
                "your role to represent residents. Make clear you speak as the ward councillor, not "
                "for the council, and do not lobby members of the committee in private.",
            ),
        ],
        "state": State.CLOSED,
        "closed": 6,
    },
    {
        "key": "school-governors-email",
        "asker": SAM,
        "topic": Topic.OTHER,
        "subject": "Using my council email for school governor business",
        "body": (
            "I am also a governor at Fellbridge Primary. Can I use my council email address for "
            "governor business, to keep everything in one place?"
        ),
        "received": 4,
        "priority": Priority.NORMAL,
        "assigned": DEPUTY,
        "steps": [
            (
                "answer",
                DEPUTY,
                2,
                "Please keep governor business on a separate address. Council email is for council "
                "business, and mixing the two makes it harder to answer information requests and "
                "could suggest the school's business is the council's.",
            ),
            (
                "reply",
                SAM,
                3,
                "Understood. Does the same apply to the diary in my council Outlook? I have been "
                "putting governor meetings in it.",
            ),
        ],
        "state": State.IN_PROGRESS,  # reopened by the member's follow-up
    },
    {
        "key": "county-show-tickets",
        "asker": MORGAN,
        "topic": Topic.GIFTS,
        "subject": "Tickets to the county show from a council contractor",
        "body": (
            "A company that holds the council's grounds maintenance contract has sent me two VIP tickets "
            "to the county show, worth about £60 each. Can I accept them?"
        ),
        "received": 18,
        "priority": Priority.NORMAL,
        "assigned": MO,
        "steps": [
            (
                "answer",
                MO,
                2,
                "Please decline politely. Gifts from a council contractor are best refused whatever "
                "their value, because they could be seen as an attempt to influence you. If you had "
                "accepted, anything over £50 would need to go on the register of gifts and hospitality "
                "within 28 days.",
            ),
        ],
        "state": State.ANSWERED,
        "faq": "gifts-from-council-contractors",
    },
]
