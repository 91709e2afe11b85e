"""Query budgets: the complaint pages run the same number of queries for 1 row as for 50."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import figures
from complaints.models import CaseAccess, CaseDocument, CaseEvent, Complaint, DecisionNotice
from complaints.stages import Stage
from tests.complaints.conftest import details

# The list writes one access-log row for each case it shows, in one insert (issue 12).
# The officer's first request (made by the fixture) warms the session; the counted one is
# the steady state. The dashboard carries the registers of interests panel: one query.
LIST_QUERIES = 8
CASE_QUERIES = 15
# The first time: the panels' queries and one for the write counts the cards are kept under.
DASHBOARD_QUERIES = 13
# Kept: the session, the user, the two-factor check and the write counts (the permissions are
# kept too, with a cache of its own: portal.permission_cache).
KEPT_DASHBOARD_QUERIES = 4
REGISTER_QUERIES = 2


def many_cases(count, subject, prefix="BULK"):
    """``count`` received complaints, made in bulk, all overdue."""
    received = timezone.now() - datetime.timedelta(days=60)
    Complaint.objects.bulk_create(
        Complaint(
            form_token=uuid.uuid4(),
            reference=f"{prefix}/{n:04d}",
            stage=Stage.RECEIVED,
            received_at=received,
            due_on=received.date() + datetime.timedelta(days=7),
            clock=Complaint.Clock.ACKNOWLEDGEMENT,
            subject_authority=subject.authority if subject else None,
            **{**details(subject), "subject_member": subject},
        )
        for n in range(count)
    )


@pytest.fixture
def officer(client_for, monitoring_officer):
    """Signed in, and past the first request (which records where they are signed in)."""
    client = client_for(monitoring_officer)
    client.get("/accounts/sessions/")
    return client


@pytest.mark.parametrize("count", [1, 50])
def test_it_lists_cases_in_a_fixed_number_of_queries(
    officer, subject_member, parish_member, count, django_assert_num_queries
):
    many_cases(count, subject_member)
    many_cases(count, parish_member, prefix="PARISH")
    with django_assert_num_queries(LIST_QUERIES):
        response = officer.get("/complaints/cases/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = html.count(">BULK/") + html.count(">PARISH/")
    assert rows == min(count * 2, 25)


@pytest.mark.parametrize("count", [1, 50])
def test_it_shows_a_case_in_a_fixed_number_of_queries(
    officer, make_complaint, subject_member, monitoring_officer, count, django_assert_num_queries
):
    complaint = make_complaint(stage=Stage.BREACH, subject=subject_member)
    CaseEvent.objects.bulk_create(
        CaseEvent(complaint=complaint, actor=monitoring_officer, kind=CaseEvent.Kind.PAUSED, note=f"Note {n}")
        for n in range(count)
    )
    CaseDocument.objects.bulk_create(
        CaseDocument(complaint=complaint, file=f"complaints/x{n}.pdf", original_name=f"doc{n}.pdf", size=10)
        for n in range(count)
    )
    CaseAccess.objects.bulk_create(
        CaseAccess(complaint=complaint, user=monitoring_officer, action=CaseAccess.Action.VIEWED_CASE)
        for _ in range(count)
    )
    DecisionNotice.objects.bulk_create(
        DecisionNotice(complaint=complaint, decision=Stage.NO_BREACH, title=f"Notice {n}", text="Text")
        for n in range(count)
    )
    with django_assert_num_queries(CASE_QUERIES):
        response = officer.get(f"/complaints/cases/{complaint.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Note {count - 1}" in html
    # Each document's link, though reversed only once for the page.
    for document in CaseDocument.objects.filter(complaint=complaint):
        url = reverse("complaints:case_document", args=[complaint.pk, document.pk])
        assert f'<a href="{url}">{document.original_name}</a>' in html


@pytest.mark.parametrize("count", [1, 50])
def test_it_builds_the_officers_dashboard_in_a_fixed_number_of_queries(
    officer, subject_member, count, django_assert_num_queries, settings
):
    # A cache that runs no queries of its own, so the budget counts only the panels'.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    many_cases(count, subject_member)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = officer.get("/")
    assert "BULK/" in response.content.decode()
    # The cards are kept: the next time, only the session, the user and the write counts.
    with django_assert_num_queries(KEPT_DASHBOARD_QUERIES):
        response = officer.get("/")
    assert "BULK/" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_it_lists_the_register_in_a_fixed_number_of_queries(
    client, make_complaint, count, django_assert_num_queries, settings
):
    # A cache that runs no queries of its own, so the budget counts only the register's.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"register-{count}",
        }
    }
    complaint = make_complaint()
    DecisionNotice.objects.bulk_create(
        DecisionNotice(
            complaint=complaint,
            decision=Stage.BREACH,
            title=f"Hearing {n}",
            text="Text",
            public_text="Text",
            published_at=timezone.now(),
            member_name=f"Cllr Person {n}",
            authority_name="Fellbridge District Council",
        )
        for n in range(count)
    )
    with django_assert_num_queries(REGISTER_QUERIES):
        response = client.get("/complaints/decisions/")
    assert f"Cllr Person {count - 1}" in response.content.decode()
    # The table is kept for every visitor: the next one reads nothing.
    with django_assert_num_queries(0):
        again = client.get("/complaints/decisions/")
    assert again.content == response.content


def test_it_works_out_the_steering_figures_in_two_queries(make_complaint, django_assert_num_queries):
    make_complaint()
    today = timezone.localdate()
    with django_assert_num_queries(2):
        figures.steering_figures(today - datetime.timedelta(days=365), today)
