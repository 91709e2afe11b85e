"""The shared event shape: every trail names who, when, from, to and why the same way."""

from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from portal.events import AbstractEvent
from portal.models import AuditEvent
from training.models import Event as TrainingEvent


def event_models():
    return [model for model in apps.get_models() if issubclass(model, AbstractEvent)]


def test_it_gives_every_event_table_the_same_field_names():
    names = {
        model._meta.label: {field.name for field in model._meta.concrete_fields} for model in event_models()
    }
    assert set(names) == {
        "advice.QuestionEvent",
        "complaints.CaseEvent",
        "guidance.DocumentEvent",
        "interests.InterestEvent",
        "portal.AuditEvent",
        "training.Event",
    }
    for label, fields in names.items():
        assert {"actor", "created_at", "note"} <= fields, label
        if label != "portal.AuditEvent":  # back-office actions are not moves between statuses
            assert {"from_status", "to_status"} <= fields, label


def test_it_keeps_the_table_names():
    tables = {model._meta.label: model._meta.db_table for model in event_models()}
    assert tables == {
        "advice.QuestionEvent": "advice_questionevent",
        "complaints.CaseEvent": "complaints_caseevent",
        "guidance.DocumentEvent": "guidance_documentevent",
        "interests.InterestEvent": "interests_interestevent",
        "portal.AuditEvent": "portal_auditevent",
        "training.Event": "training_event",
    }


def test_it_records_an_anonymous_actor_as_the_portal(db):
    event = AuditEvent.record(actor=AnonymousUser(), action=AuditEvent.Action.ROLE_CHANGED, note="Roles")
    assert event.actor is None
    assert event.actor_label == "The portal"


def test_it_records_who_did_it(db, member_support):
    event = AuditEvent.record(actor=member_support, action=AuditEvent.Action.ROLE_CHANGED, note="Roles")
    assert AuditEvent.objects.get(pk=event.pk).actor == member_support
    assert event.actor_label == "Priya Shah"


def test_it_cuts_a_note_to_fit_its_column(db):
    event = AuditEvent.record(action=AuditEvent.Action.ROLE_CHANGED, note="x" * 500)
    assert len(AuditEvent.objects.get(pk=event.pk).note) == 300


def test_it_cuts_a_training_note_to_its_limit(db):
    event = TrainingEvent.record(action=TrainingEvent.Action.REMINDER, note="x" * 5000)
    assert len(TrainingEvent.objects.get(pk=event.pk).note) == 2000
