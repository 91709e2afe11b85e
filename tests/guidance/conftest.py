"""Factories for guidance documents: made and published through the services, as officers would."""

import itertools

import pytest

from guidance import services
from guidance.models import Document

_sequence = itertools.count(1)

BODY = """\
## Before you post

Think about who will read it. Defamation means publishing a false statement that harms someone's reputation.

## Getting help

Ask the Monitoring Officer if you are unsure.
"""


@pytest.fixture
def make_document(db):
    """``make_document(title=..., body=..., publish=True, **fields)``: a document, published by default."""

    def make(title=None, *, body=BODY, publish=True, actor=None, material=True, **fields):
        n = next(_sequence)
        title = title or f"Guidance note {n}"
        defaults = {
            "slug": f"guidance-note-{n}",
            "summary": f"What members need to know about topic {n}.",
            "category": Document.Category.GENERAL,
            "owning_team": "Member Support",
            "audience": Document.Audience.ALL_MEMBERS,
        }
        defaults.update(fields)
        document = Document.objects.create(title=title, draft_body=body, **defaults)
        if publish:
            services.document_publish(
                document=document, actor=actor, change_note="First version.", material=material
            )
            document.refresh_from_db()
        return document

    return make


@pytest.fixture
def publish_again():
    """``publish_again(document, body=..., material=...)``: edit the draft and publish the next version."""

    def publish(document, *, body=None, material=True, note="Updated.", actor=None, title=None):
        document.refresh_from_db()
        document.draft_body = body if body is not None else document.draft_body + "\n\nA new paragraph."
        if title:
            document.title = title
        document.save()
        version = services.document_publish(
            document=document, actor=actor, change_note=note, material=material
        )
        document.refresh_from_db()
        return version

    return publish


@pytest.fixture
def planning_committee(make_committee, councillor):
    """The Planning Committee, with Morgan Hale (the ``councillor`` persona) on it."""
    return make_committee("Planning Committee", members=[councillor.member])
