"""Anonymous figures for the steering group: counts by topic and month, medians, share within target."""

import datetime

import pytest
from django.utils import timezone

from advice.figures import steering_figures
from advice.models import Question


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


@pytest.fixture
def history(ask, councillor, coopted_member):
    def question(asker, topic, received, first=None, answered=None, due=None, subject="Confidential subject"):
        q = ask(asker, topic=topic, subject=subject)
        Question.objects.filter(pk=q.pk).update(
            received_at=received,
            first_response_at=first,
            answered_at=answered,
            due_on=due or (received + datetime.timedelta(days=7)).date(),
        )
        return q

    # Answered in 2 working days, due on the 10th: within target.
    question(
        councillor, "social_media", at(2025, 3, 3), at(2025, 3, 4), at(2025, 3, 5), datetime.date(2025, 3, 10)
    )
    # Friday afternoon; first reply Monday (1 working day, 72 hours); answered after its due date.
    question(
        coopted_member,
        "gifts_hospitality",
        at(2025, 3, 7, 16),
        at(2025, 3, 10, 16),
        at(2025, 3, 18, 16),
        datetime.date(2025, 3, 14),
    )
    # Thursday before Easter: Good Friday and Easter Monday do not count.
    question(
        councillor, "interests", at(2025, 4, 17), at(2025, 4, 22), at(2025, 4, 23), datetime.date(2025, 4, 28)
    )
    # Not answered yet.
    question(councillor, "social_media", at(2025, 3, 20))
    # Before the period.
    question(councillor, "conduct", at(2025, 2, 1), at(2025, 2, 3), at(2025, 2, 3))


def test_it_counts_questions_by_topic_and_month(history):
    figures = steering_figures(datetime.date(2025, 3, 1), datetime.date(2025, 4, 30))
    assert figures["received"] == 4
    assert [(row["month"], row["topic_label"], row["count"]) for row in figures["by_topic_month"]] == [
        (datetime.date(2025, 3, 1), "Gifts and hospitality", 1),
        (datetime.date(2025, 3, 1), "Social media", 2),
        (datetime.date(2025, 4, 1), "Interests and declarations", 1),
    ]


def test_it_gives_the_median_times_in_working_days_and_hours(history):
    figures = steering_figures(datetime.date(2025, 3, 1), datetime.date(2025, 4, 30))
    assert figures["median_working_days_to_first_response"] == 1.0
    assert figures["median_working_days_to_answer"] == 2.0  # 2, 7 and 2 working days
    assert figures["median_hours_to_first_response"] == 72.0  # 24, 72 and 120 hours
    assert figures["median_hours_to_answer"] == 144.0  # 48, 264 and 144 hours


def test_it_gives_the_share_answered_within_target(history):
    figures = steering_figures(datetime.date(2025, 3, 1), datetime.date(2025, 4, 30))
    assert figures["answered"] == 3
    assert figures["answered_within_target"] == 2
    assert figures["share_answered_within_target"] == pytest.approx(2 / 3)


def test_it_reports_no_content_and_no_names(history):
    figures = steering_figures(datetime.date(2025, 3, 1), datetime.date(2025, 4, 30))
    text = repr(figures)
    for secret in ("Confidential subject", "Morgan", "Hale", "Okafor", "cllr.ward", "developer"):
        assert secret not in text


def test_it_computes_the_figures_in_two_queries(history, django_assert_num_queries):
    with django_assert_num_queries(2):
        steering_figures(datetime.date(2025, 3, 1), datetime.date(2025, 4, 30))


def test_it_copes_with_an_empty_period(db):
    figures = steering_figures(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    assert figures["received"] == 0
    assert figures["by_topic_month"] == []
    assert figures["share_answered_within_target"] is None
    assert figures["median_working_days_to_answer"] is None
