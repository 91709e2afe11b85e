"""Benchmark data and pages for Ask the Monitoring Officer.

The scale's questions (20,000 at the large scale) from the scale's askers in
every state, the answered ones with two messages and a note; one question with
a hundred messages (asked and answered through the services); and FAQ entries
to search. Made once: keyed on fixed tokens and slugs.
"""

import datetime
import random
import uuid

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from advice import services
from advice.models import (
    FaqEntry,
    InternalNote,
    Message,
    Priority,
    Question,
    State,
    Topic,
    due_date,
)
from advice.selectors import queue, search_faqs
from bench.data import bench_members
from bench.scale import step
from portal import roles
from portal.demo import ensure_totp
from portal.models import Member, User

NAMESPACE = uuid.UUID("2a0f5d7e-8d0c-4b3e-9f0e-6c1f2b9a4d11")
WORDS = [
    "planning",
    "application",
    "committee",
    "licence",
    "premises",
    "gift",
    "hospitality",
    "dinner",
    "ticket",
    "social",
    "media",
    "post",
    "facebook",
    "register",
    "interest",
    "pecuniary",
    "declaration",
    "predetermination",
    "bias",
    "ward",
    "resident",
    "councillor",
    "contractor",
    "charity",
    "meeting",
    "vote",
    "lobbying",
]


def build(people):
    officer = _officer()
    people["advice_officer"] = officer
    scale = people["scale"]
    if not Question.objects.filter(subject__startswith="Bench question").exists():
        with step(f"advice: {scale.questions:,} questions from {scale.askers} councillors"):
            askers = _askers(people["councillor"], scale.askers)
            _questions(askers, officer, scale.questions)
    people["advice_long_question"] = _long_question(people["councillor"], officer)
    people["advice_own_question"] = (
        Question.objects.filter(asked_by=people["councillor"]).order_by("-received_at").first()
    )
    _faqs(officer, scale.faqs)


def pages(people):
    officer = people["advice_officer"]
    councillor = people["councillor"]
    long_question = people["advice_long_question"]
    own = people["advice_own_question"]
    return [
        ("my questions", councillor, "/ask/", "member"),
        ("my question, 100 messages", councillor, f"/ask/questions/{own.pk}/", "member"),
        ("question queue", officer, "/ask/queue/", "officer"),
        ("question with 100 messages", officer, f"/ask/queue/{long_question.pk}/", "officer"),
    ]


def notes(people):
    lines = ["", "Ask the Monitoring Officer: query plans"]
    with connection.cursor() as cursor:
        for label, queryset in [
            ("queue (open, first page)", queue(officer=people["advice_officer"])[:25]),
            ("queue (overdue)", queue(officer=people["advice_officer"], overdue=True)[:25]),
        ]:
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            lines.append(f"-- {label}")
            lines.extend("   " + row[0] for row in cursor.fetchall())
    started = timezone.now()
    results = search_faqs("planning application")
    elapsed = (timezone.now() - started).total_seconds() * 1000
    lines.append(
        f"-- search_faqs('planning application'): {len(results)} results in {elapsed:.1f} ms (one query)"
    )
    return lines


def _officer():
    user, created = User.objects.get_or_create(
        email="bench.mo@example.org", defaults={"full_name": "Bench MO"}
    )
    if created:
        user.set_password("bench-password-123")
        user.save()
        user.groups.add(Group.objects.get(name=roles.MONITORING_OFFICER))
    ensure_totp(user)
    return user


def _askers(councillor, count):
    group = Group.objects.get(name=roles.COUNCILLOR)
    askers = [councillor]
    free = list(bench_members().filter(user__isnull=True).order_by("pk")[: count - 1])
    for i, member in enumerate(free):
        user, created = User.objects.get_or_create(
            email=f"bench.asker{i}@example.org", defaults={"full_name": member.full_name}
        )
        if created:
            user.groups.add(group)
            member.user = user
            member.save(update_fields=["user"])
        askers.append(user)
    return askers


@transaction.atomic
def _questions(askers, officer, count):
    rng = random.Random(5)
    now = timezone.now()
    members = {m.user_id: m for m in Member.objects.filter(user__in=askers)}
    existing = set(
        Question.objects.filter(subject__startswith="Bench question").values_list(
            "submission_token", flat=True
        )
    )
    states = (
        [State.NEW] * 2
        + [State.IN_PROGRESS] * 3
        + [State.AWAITING_MEMBER]
        + [State.ANSWERED] * 3
        + [State.CLOSED] * 6
    )
    batch = []
    for i in range(count):
        token = uuid.uuid5(NAMESPACE, f"question-{i}")
        if token in existing:
            continue
        asker = askers[i % len(askers)]
        received = now - datetime.timedelta(days=rng.randint(0, 720), hours=rng.randint(0, 23))
        priority = rng.choice([Priority.NORMAL] * 4 + [Priority.URGENT, Priority.LOW])
        state = rng.choice(states)
        answered = (
            received + datetime.timedelta(days=rng.randint(1, 9))
            if state in (State.ANSWERED, State.CLOSED)
            else None
        )
        batch.append(
            Question(
                asked_by=asker,
                member=members.get(asker.pk),
                topic=rng.choice(Topic.values),
                subject=f"Bench question {i}: " + " ".join(rng.sample(WORDS, 4)),
                body=" ".join(rng.choice(WORDS) for _ in range(80)),
                priority=priority,
                state=state,
                assigned_to=officer if state != State.NEW else None,
                received_at=received,
                due_on=due_date(received, priority),
                triaged_at=received + datetime.timedelta(hours=3) if state != State.NEW else None,
                first_response_at=answered,
                answered_at=answered,
                closed_at=answered + datetime.timedelta(days=2) if state == State.CLOSED else None,
                last_member_message_at=received,
                last_officer_message_at=answered,
                submission_token=token,
            )
        )
    Question.objects.bulk_create(batch, batch_size=1000)
    messages, notes = [], []
    for question in batch:
        if question.answered_at:
            messages.append(
                Message(
                    question=question,
                    author=officer,
                    from_officer=True,
                    is_answer=True,
                    body="Bench answer " * 30,
                    created_at=question.answered_at,
                )
            )
            messages.append(
                Message(
                    question=question,
                    author=question.asked_by,
                    body="Thank you.",
                    created_at=question.answered_at + datetime.timedelta(hours=4),
                )
            )
            notes.append(
                InternalNote(
                    question=question,
                    author=officer,
                    body="Bench note",
                    created_at=question.received_at + datetime.timedelta(hours=3),
                )
            )
    Message.objects.bulk_create(messages, batch_size=2000)
    InternalNote.objects.bulk_create(notes, batch_size=2000)


def _long_question(councillor, officer):
    token = uuid.uuid5(NAMESPACE, "long-question")
    question = Question.objects.filter(submission_token=token).first()
    if question is not None:
        return question
    with step("advice: a question with 100 messages (through the services)"):
        return _converse(token, councillor, officer)


def _converse(token, councillor, officer):
    question, _ = services.question_ask(
        asker=councillor,
        topic=Topic.SOCIAL_MEDIA,
        subject="A long conversation",
        body="Where do I start?",
        token=token,
    )
    for i in range(50):
        services.question_reply_as_member(
            question=question, actor=councillor, body=f"Member message {i} " * 20
        )
        services.question_reply_as_officer(
            question=question, actor=officer, body=f"Officer message {i} " * 20, outcome=State.IN_PROGRESS
        )
        services.question_add_note(question=question, actor=officer, body=f"Note {i}")
    return question


def _faqs(officer, count):
    if FaqEntry.objects.filter(slug__startswith="bench-faq-").count() >= count:
        return
    rng = random.Random(9)
    existing = set(FaqEntry.objects.filter(slug__startswith="bench-faq-").values_list("slug", flat=True))
    for i in range(count):
        slug = f"bench-faq-{i}"
        if slug in existing:
            continue
        services.faq_entry_save(
            entry=FaqEntry(
                slug=slug,
                title=f"Bench FAQ {i}: " + " ".join(rng.sample(WORDS, 5)),
                topic=rng.choice(Topic.values),
                question_text=" ".join(rng.choice(WORDS) for _ in range(40)),
                answer_text=" ".join(rng.choice(WORDS) for _ in range(150)),
            ),
            actor=officer,
            publish=True,
        )
