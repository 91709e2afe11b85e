"""Factories for Ask the Monitoring Officer: questions, replies and small files."""

import contextlib
import datetime
import uuid

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from advice import services
from advice.models import Question
from portal.roles import sync_roles
from tests import kit
from tests.kit import png_upload


def pdf_file(name="notes.pdf", body=b"hello"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF\n", content_type="application/pdf")


def png_file(name="screenshot.png"):
    return png_upload(name)


@pytest.fixture
def ask(db):
    """``ask(user, **fields)``: a question asked through the service, as the form would."""

    def make(user, **fields):
        data = {
            "topic": "social_media",
            "subject": "Facebook post about a planning application",
            "body": "Can I share the developer's post about the Mill Lane application on my ward page?",
            "token": uuid.uuid4(),
        }
        data.update(fields)
        question, _ = services.question_ask(asker=user, **data)
        return question

    return make


@pytest.fixture
def question(ask, councillor):
    return ask(councillor)


@pytest.fixture
def received_at():
    """``received_at(question, when)``: pretend the question arrived at ``when`` (a date or datetime)."""

    def move(question, when):
        if isinstance(when, datetime.date) and not isinstance(when, datetime.datetime):
            when = timezone.make_aware(datetime.datetime.combine(when, datetime.time(10, 0)))
        from advice.models import due_date

        Question.objects.filter(pk=question.pk).update(
            received_at=when, due_on=due_date(when, question.priority)
        )
        question.refresh_from_db()
        return question

    return move


@pytest.fixture
def emails(django_capture_on_commit_callbacks, run_tasks):
    """``with emails(): ...``: run the block as if its transaction committed, then deliver the email.

    Returns the messages sent by the block.
    """

    @contextlib.contextmanager
    def capture():
        sent = []
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            yield sent
        run_tasks()
        sent.extend(mail.outbox[before:])

    return capture


@pytest.fixture
def roles_kept(transactional_db):
    """For tests that commit: make the role groups first (an earlier flush may have removed them)."""
    sync_roles(django_apps)


_roles_back_after_flushes = kit.roles_back_after_flushes()
