"""Demo questions to the Monitoring Officer, in every state, and a few published FAQ entries.

The members ask, the officers triage, reply and close, and the officers
publish the FAQ entries, all through the advice services with emails off
(``conversation``). Keyed on a fixed token per question and a slug per FAQ
entry, so running it again adds nothing. Dates count back from
``command.today`` in working days, so the overdue question is overdue
whenever the demo is loaded.
"""

import uuid

from advice import services
from advice.models import FaqEntry, Question
from portal.demo import emails_off
from portal.models import User

from .conversation import make_question
from .faqs import FAQS
from .questions import AISHA, DANA, DEPUTY, MO, MORGAN, QUESTIONS, SAM

NAMESPACE = uuid.UUID("6b0d1c3e-1f7a-4f51-9a55-2f3f3c7d8a10")


def seed(command) -> list[str]:
    people = {
        user.email: user for user in User.objects.filter(email__in=[MORGAN, AISHA, SAM, DANA, MO, DEPUTY])
    }
    documents = _documents()
    made = 0
    questions = {}
    with emails_off():
        for spec in QUESTIONS:
            if spec["asker"] not in people:
                continue
            token = uuid.uuid5(NAMESPACE, spec["key"])
            question = Question.objects.filter(submission_token=token).first()
            if question is None:
                question = make_question(command, spec, token, people, documents)
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
    from guidance.models import Document

    return {
        doc.slug: doc
        for doc in Document.objects.filter(
            slug__in=[s.get("document") for s in QUESTIONS] + [f[2] for f in FAQS]
        )
    }


def _make_faqs(*, spec_questions, documents, author) -> int:
    """The Monitoring Officer writes and publishes each entry; one from a question dates from its answer."""
    if author is None:
        return 0
    made = 0
    sources = {spec.get("faq"): spec["key"] for spec in QUESTIONS if spec.get("faq")}
    for slug, topic, document, title, background, answer in FAQS:
        if FaqEntry.objects.filter(slug=slug).exists():
            continue
        source = spec_questions.get(sources.get(slug, ""))
        entry = services.faq_entry_save(
            entry=FaqEntry(
                slug=slug,
                title=title,
                topic=topic,
                question_text=background,
                answer_text=answer,
                document=documents.get(document),
            ),
            actor=author,
            publish=True,
            source_question=source,
        )
        if source is not None and source.answered_at:
            _backdate_faq(entry, source.answered_at)
        made += 1
    return made


def _backdate_faq(entry, at) -> None:
    """An entry written from a question was published when the question was answered."""
    FaqEntry.objects.filter(pk=entry.pk).update(published_at=at, created_at=at)
