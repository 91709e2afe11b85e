"""Database constraints reach people as plain words, never as a constraint's name."""

import pytest
from django.apps import apps
from django.utils import timezone

PROJECT_APPS = {"portal", "guidance", "training", "advice", "complaints", "reports"}


def _constraints():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            for constraint in model._meta.constraints:
                yield pytest.param(constraint, id=constraint.name)


@pytest.mark.parametrize("constraint", list(_constraints()))
def test_it_gives_every_model_constraint_a_plain_message(constraint):
    message = str(constraint.get_violation_error_message())
    assert constraint.name not in message
    assert "violated" not in message


def test_it_explains_a_session_that_ends_before_it_starts(client_for, member_support, session):
    local = timezone.localtime(session.starts_at)
    data = {
        "course": session.course.pk,
        "starts_at_0": local.strftime("%d/%m/%Y"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": local.strftime("%d/%m/%Y"),
        "ends_at_1": local.strftime("%H:%M:%S"),
        "trainer": session.trainer,
        "capacity": 2,
        "venue": session.venue,
        "joining_link": "",
        "notes": "",
        "booking_deadline_0": "",
        "booking_deadline_1": "",
        "cancel_by_0": "",
        "cancel_by_1": "",
        "bookings-TOTAL_FORMS": "0",
        "bookings-INITIAL_FORMS": "0",
        "bookings-MIN_NUM_FORMS": "0",
        "bookings-MAX_NUM_FORMS": "0",
    }
    response = client_for(member_support).post(f"/back-office/training/session/{session.pk}/change/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The session must end after it starts." in page
    assert "training_session_ends" not in page
