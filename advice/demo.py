"""Demo questions to the Monitoring Officer, in every state, and a few published FAQ entries.

Keyed on a fixed token per question and a slug per FAQ entry, so running it
again adds nothing. Dates count back from ``command.today`` in working days,
so the overdue question is overdue whenever the demo is loaded.
"""

import datetime
import uuid

from django.utils import timezone

from guidance.rendering import plain_text, render_markdown
from portal.models import Member, User
from portal.workdays import is_working_day

from .models import (
    FaqEntry,
    InternalNote,
    Message,
    Priority,
    Question,
    QuestionEvent,
    QuestionView,
    State,
    Topic,
    due_date,
)

NAMESPACE = uuid.UUID("6b0d1c3e-1f7a-4f51-9a55-2f3f3c7d8a10")
MORGAN, AISHA, SAM, DANA = (
    "cllr.ward@example.org",
    "cllr.new@example.org",
    "coopted@example.org",
    "mssg@example.org",
)
MO, DEPUTY = "mo@example.org", "deputy.mo@example.org"

# Each question: who asked, what, how many working days ago, and what has
# happened since, as a list of steps (who, what, working days after receipt,
# text). "reply" is from the member; "answer", "ask" and "update" are the
# officer's reply (as the answer, asking for more, or keeping it in progress).
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
        "document": "planning-predetermination",
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

# FAQ entries: slug, topic, guidance document slug, title, background, answer.
FAQS = [
    (
        "can-i-share-posts-about-an-application-i-will-decide",
        Topic.SOCIAL_MEDIA,
        "planning-predetermination",
        "Can I share posts about a planning application I will decide?",
        "A member of the Planning Committee is asked by residents to share a developer's post about an "
        "application the committee will decide.",
        "You may share **factual** information: how to comment, the consultation closing date and a link "
        "to the planning portal.\n\n"
        "Do not share campaign or developer material, or say what you think of the scheme, before the "
        "committee decides. It could suggest you have made up your mind (predetermination) and put the "
        "decision at risk of challenge.\n\n"
        "Once the decision is made, you can explain how you voted and why.",
    ),
    (
        "gifts-from-council-contractors",
        Topic.GIFTS,
        "code-of-conduct-summary",
        "Can I accept a gift from a company that works for the council?",
        "A member is offered event tickets by a council contractor.",
        "Decline it politely. A gift from a contractor or from anyone seeking a decision from the council "
        "can look like an attempt to influence you, whatever its value.\n\n"
        "Any gift or hospitality you do accept worth more than **£50** must be registered within 28 days.",
    ),
    (
        "personal-and-councillor-social-media-accounts",
        Topic.SOCIAL_MEDIA,
        "social-media-guide",
        "Should I keep separate personal and councillor social media accounts?",
        "",
        "It helps. The Code of Conduct applies whenever you act, or appear to act, as a councillor, and "
        "a single account that mixes both makes it harder to show you were posting privately.\n\n"
        "- Say clearly on your councillor account that it is your councillor account.\n"
        "- Keep council business off your personal account.\n"
        "- Remember that a personal post can still be treated as made in your official role if you "
        "mention council business.",
    ),
    (
        "declaring-a-relatives-interest",
        Topic.INTERESTS,
        "code-of-conduct-summary",
        "Do I have to declare an interest because of a relative's job?",
        "A member's close relative works for a company with business before the council.",
        "It depends on the business and your role in it. A close relative's employment can give you an "
        "interest you must declare if the matter affects them more than most people.\n\n"
        "Ask the Monitoring Officer before the meeting with the details: what the matter is, and what "
        "your relative's role is.",
    ),
]


def seed(command) -> list[str]:
    people = {
        user.email: user for user in User.objects.filter(email__in=[MORGAN, AISHA, SAM, DANA, MO, DEPUTY])
    }
    members = {member.user_id: member for member in Member.objects.filter(user__in=people.values())}
    documents = _documents()
    made = 0
    questions = {}
    for spec in QUESTIONS:
        if spec["asker"] not in people:
            continue
        token = uuid.uuid5(NAMESPACE, spec["key"])
        question = Question.objects.filter(submission_token=token).first()
        if question is None:
            question = _make_question(command, spec, token, people, members, documents)
            made += 1
        questions[spec["key"]] = question
    faq_made = _make_faqs(spec_questions=questions, documents=documents, author=people.get(MO))
    total = Question.objects.filter(
        submission_token__in=[uuid.uuid5(NAMESPACE, s["key"]) for s in QUESTIONS]
    ).count()
    overdue = (
        Question.objects.filter(pk__in=[q.pk for q in questions.values()]).overdue(command.today).count()
    )
    return [
        f"Ask the Monitoring Officer: {total} demo questions in every state ({overdue} overdue), "
        f"{FaqEntry.objects.filter(slug__in=[f[0] for f in FAQS]).count()} published FAQ entries"
        + (f" ({made} questions and {faq_made} FAQ entries added now)" if made or faq_made else "")
    ]


def _documents():
    try:
        from guidance.models import Document
    except ImportError:  # pragma: no cover - the guidance library is part of the portal
        return {}
    return {
        doc.slug: doc
        for doc in Document.objects.filter(
            slug__in=[s.get("document") for s in QUESTIONS] + [f[2] for f in FAQS]
        )
    }


def _working_days_before(day: datetime.date, days: int) -> datetime.date:
    while days > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _after(received: datetime.datetime, working_days: int, hour: int, now: datetime.datetime):
    day = received.date()
    while working_days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            working_days -= 1
    return min(_at(day, hour), now)


def _make_question(command, spec, token, people, members, documents) -> Question:
    now = command.now
    asker = people[spec["asker"]]
    received_day = _working_days_before(command.today, spec["received"])
    received = min(_at(received_day, 9), now - datetime.timedelta(minutes=30))
    priority = spec["priority"]
    question = Question.objects.create(
        asked_by=asker,
        member=members.get(asker.pk),
        topic=spec["topic"],
        subject=spec["subject"],
        body=spec["body"],
        document=documents.get(spec.get("document")),
        urgent_requested=bool(spec.get("urgent")),
        urgency_reason=spec.get("urgent", ""),
        priority=priority,
        state=State.NEW,
        received_at=received,
        due_on=due_date(received, priority),
        last_member_message_at=received,
        member_seen_at=received,
        submission_token=token,
    )
    events = [
        QuestionEvent(
            question=question, actor=asker, created_at=received, to_status=State.NEW, note="Question asked"
        )
    ]
    state = State.NEW
    officer = people.get(spec.get("assigned", ""))
    if officer is not None:
        triaged = received + datetime.timedelta(hours=2)
        question.assigned_to, question.triaged_at, state = officer, triaged, State.IN_PROGRESS
        events.append(
            QuestionEvent(
                question=question,
                actor=people.get(MO, officer),
                created_at=triaged,
                from_status=State.NEW,
                to_status=State.IN_PROGRESS,
                note=f"Triaged: priority {Priority(priority).label.lower()}, "
                f"assigned to {officer.get_full_name()}",
            )
        )
    for hour, (kind, email, days, text) in enumerate(spec["steps"], start=10):
        author = people[email]
        at = _after(received, days, hour, now)
        if kind == "note":
            InternalNote.objects.create(question=question, author=author, body=text, created_at=at)
            continue
        from_officer = kind in ("answer", "ask", "update")
        Message.objects.create(
            question=question,
            author=author,
            from_officer=from_officer,
            is_answer=kind == "answer",
            body=text,
            created_at=at,
        )
        target = {"answer": State.ANSWERED, "ask": State.AWAITING_MEMBER, "update": State.IN_PROGRESS}.get(
            kind, State.IN_PROGRESS if state in (State.ANSWERED, State.AWAITING_MEMBER) else state
        )
        if from_officer:
            question.first_response_at = question.first_response_at or at
            question.last_officer_message_at = at
            if kind == "answer":
                question.answered_at = question.answered_at or at
        else:
            question.last_member_message_at = question.member_seen_at = at
        if target != state:
            note = {
                State.ANSWERED: "Answer sent to the member",
                State.AWAITING_MEMBER: "Asked the member for more information",
            }.get(
                target,
                "Reopened: the member replied after the answer"
                if state == State.ANSWERED
                else "The member replied",
            )
            events.append(
                QuestionEvent(
                    question=question,
                    actor=author,
                    created_at=at,
                    from_status=state,
                    to_status=target,
                    note=note,
                )
            )
            state = target
    if spec["state"] == State.CLOSED:
        closed = _after(received, spec["closed"], 16, now)
        events.append(
            QuestionEvent(
                question=question,
                actor=question.assigned_to,
                created_at=closed,
                from_status=state,
                to_status=State.CLOSED,
                note="Close",
            )
        )
        question.closed_at, state = closed, State.CLOSED
    if state != spec["state"]:
        raise ValueError(f"Demo question {spec['key']} ends {state}, not {spec['state']}: check its steps.")
    question.state = state
    question.save()
    QuestionEvent.objects.bulk_create(events)
    if officer is not None:
        QuestionView.objects.create(
            question=question, viewer=officer, viewed_at=received + datetime.timedelta(hours=2)
        )
    return question


def _make_faqs(*, spec_questions, documents, author) -> int:
    made = 0
    sources = {spec.get("faq"): spec["key"] for spec in QUESTIONS if spec.get("faq")}
    for slug, topic, document, title, background, answer in FAQS:
        if FaqEntry.objects.filter(slug=slug).exists():
            continue
        source = spec_questions.get(sources.get(slug, ""))
        FaqEntry.objects.create(
            slug=slug,
            title=title,
            topic=topic,
            question_text=background,
            answer_text=answer,
            plain_text=plain_text(render_markdown(answer)),
            document=documents.get(document),
            source_question=source,
            status=FaqEntry.Status.PUBLISHED,
            published_at=(source.answered_at if source and source.answered_at else timezone.now()),
            created_by=author,
        )
        made += 1
    return made
