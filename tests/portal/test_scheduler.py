"""Periodic jobs run from the task worker: each when due, once across workers, visible to Member Support."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from portal import scheduler
from portal.models import ScheduledJob
from tests import kit

# The transactional test below empties every table, role groups included; put them back.
_roles_back = kit.roles_back_after_flushes(scope="module")

CALLS = []


@pytest.fixture
def counting_job(monkeypatch):
    """One job whose command counts its runs (slowly, so two workers overlap)."""
    CALLS.clear()
    job = scheduler.Job("Counting", "counting", datetime.timedelta(hours=1))
    monkeypatch.setattr(scheduler, "registered_jobs", lambda: [job])

    def fake_call_command(name, stdout):
        CALLS.append(name)
        threading.Event().wait(0.3)
        stdout.write("counted")

    monkeypatch.setattr(scheduler, "call_command", fake_call_command)
    return job


def test_it_finds_every_apps_jobs():
    commands = {job.command: job.every for job in scheduler.registered_jobs()}
    assert commands["send_training_reminders"] == datetime.timedelta(hours=1)
    assert commands["anonymise_closed_complaints"] == datetime.timedelta(days=1)
    assert commands["prune_tasks"] == datetime.timedelta(hours=1)


def test_it_runs_a_due_job_and_records_the_run(db, counting_job):
    assert scheduler.run_due_jobs() == ["Counting"]

    row = ScheduledJob.objects.get(name="Counting")
    assert row.last_outcome == ScheduledJob.Outcome.SUCCEEDED
    assert row.runs == 1 and row.last_finished_at >= row.last_started_at
    assert row.last_output == "counted"


def test_it_does_not_run_a_job_again_before_its_interval(db, counting_job):
    now = timezone.now()
    scheduler.run_due_jobs(now)
    assert scheduler.run_due_jobs(now + datetime.timedelta(minutes=59)) == []
    assert scheduler.run_due_jobs(now + datetime.timedelta(minutes=61)) == ["Counting"]
    assert CALLS == ["counting", "counting"]


def test_a_failed_job_is_recorded_and_tried_at_its_next_interval(db, monkeypatch, counting_job):
    def broken(name, stdout):
        raise RuntimeError("SMTP server away")

    monkeypatch.setattr(scheduler, "call_command", broken)
    now = timezone.now()
    scheduler.run_due_jobs(now)
    assert ScheduledJob.objects.get().last_outcome == ScheduledJob.Outcome.FAILED
    assert scheduler.run_due_jobs(now + datetime.timedelta(hours=2)) == ["Counting"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_run_a_job_once(counting_job):
    ScheduledJob.objects.create(name="Counting")
    now = timezone.now()
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(scheduler.run_due_jobs(now))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(map(len, results)) == [0, 1]
    assert CALLS == ["counting"]
    assert ScheduledJob.objects.get().runs == 1


def test_member_support_sees_when_jobs_last_ran(client_for, member_support, db, counting_job):
    scheduler.run_due_jobs()
    response = client_for(member_support).get("/back-office/portal/scheduledjob/")
    assert response.status_code == 200
    assert "Counting" in response.content.decode()


def test_a_councillor_cannot_see_the_scheduled_jobs(client_for, councillor, db):
    assert client_for(councillor).get("/back-office/portal/scheduledjob/").status_code in (302, 403, 404)
