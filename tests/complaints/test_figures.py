"""Figures for the steering group: counts only, small numbers hidden, no names."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from complaints.figures import steering_figures
from complaints.models import Complaint
from complaints.stages import Stage
from tests.complaints.conftest import details

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def add(
    count,
    *,
    subject,
    received,
    source="public",
    stage=Stage.ACKNOWLEDGED,
    outcome="",
    ack_days=None,
    ack_due=None,
):
    """``count`` complaints received on ``received``; acknowledged ``ack_days`` days later (if given)."""
    for _ in range(count):
        Complaint.objects.create(
            form_token=uuid.uuid4(),
            reference=f"FIG/{uuid.uuid4().hex[:10]}",
            stage=stage,
            outcome=outcome,
            source=source,
            received_at=at(received),
            acknowledgement_due_on=ack_due or received + datetime.timedelta(days=7),
            acknowledged_at=at(received + datetime.timedelta(days=ack_days))
            if ack_days is not None
            else None,
            subject_authority=subject.authority if subject else None,
            **{**details(subject), "subject_member": subject},
        )


@pytest.fixture
def figures(subject_member, parish_member):
    add(6, subject=subject_member, received=datetime.date(2026, 2, 10), ack_days=3)  # Q1, district, in time
    add(1, subject=subject_member, received=datetime.date(2026, 2, 11), ack_days=12)  # Q1, late
    add(
        5,
        subject=parish_member,
        received=datetime.date(2026, 4, 20),
        source="member",
        stage=Stage.CLOSED,
        outcome=Stage.NO_FURTHER_ACTION,
        ack_days=2,
    )
    add(2, subject=None, received=datetime.date(2026, 5, 5), source="officer", stage=Stage.RECEIVED)
    add(3, subject=subject_member, received=datetime.date(2025, 12, 1))  # before the period
    return steering_figures(START, END)


def by_key(rows):
    return {row["key"]: row["count"] for row in rows}


def test_it_counts_complaints_by_who_complained_and_which_council(figures):
    assert figures["total"] == 14
    assert by_key(figures["by_source"]) == {"public": 7, "member": 5, "officer": "fewer than 5"}
    assert by_key(figures["by_council"]) == {"district": 7, "parish": 5, "unknown": "fewer than 5"}


def test_it_counts_by_stage_and_outcome_hiding_small_numbers(figures):
    stages = by_key(figures["by_stage"])
    assert stages["acknowledged"] == 7
    assert stages["closed"] == 5
    assert stages["received"] == "fewer than 5"
    assert stages["hearing"] == 0
    assert "unconfirmed" not in stages
    assert by_key(figures["by_outcome"])["no_further_action"] == 5


def test_it_counts_per_quarter(figures):
    assert [(q["quarter"], q["total"], q["district"], q["parish"]) for q in figures["by_quarter"]] == [
        ("2026 Q1", 7, 7, 0),
        ("2026 Q2", 7, 0, 5),
    ]
    assert figures["by_quarter"][0]["start"] == datetime.date(2026, 1, 1)


def test_it_gives_the_share_of_acknowledgements_within_target(figures):
    share = figures["within_target"]["acknowledgement"]
    # 12 acknowledged (11 in time, 1 late); the 2 received in May are long past their due date.
    assert share == {"measured": 14, "within": 11, "share": "79%"}


def test_it_hides_a_share_worked_out_from_fewer_than_five(subject_member):
    add(3, subject=subject_member, received=datetime.date(2026, 3, 2), ack_days=1)
    figures = steering_figures(START, END)
    assert figures["within_target"]["acknowledgement"] == {
        "measured": "fewer than 5",
        "within": "fewer than 5",
        "share": "fewer than 5",
    }
    assert figures["total"] == "fewer than 5"


def test_it_names_nobody(figures):
    text = json.dumps(figures, default=str).lower()
    for name in ["quennell", "hale", "pickering", "amberley", "fellbridge", "fig/"]:
        assert name not in text


def test_it_leaves_out_complaints_never_confirmed(subject_member):
    Complaint.objects.create(form_token=uuid.uuid4(), stage=Stage.UNCONFIRMED, **details(subject_member))
    assert steering_figures(START, END)["total"] == 0


def test_it_hides_a_share_that_would_give_a_small_count_away(subject_member):
    # Five acknowledged, only two of them in time: 40% of 5 would be the hidden 2.
    for _ in range(2):
        add(1, subject=subject_member, received=datetime.date(2026, 3, 2), ack_days=1)
    for _ in range(3):
        add(1, subject=subject_member, received=datetime.date(2026, 3, 2), ack_days=30)
    share = steering_figures(START, END)["within_target"]["acknowledgement"]
    assert share["measured"] == 5
    assert share["within"] == share["share"] == "fewer than 5"
