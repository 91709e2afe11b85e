"""Two requests at once: one reference each, one complaint per form."""

import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from complaints import services
from complaints.models import CaseEvent, Complaint
from complaints.stages import Stage
from tests.complaints.conftest import details

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_never_gives_two_complaints_the_same_reference_when_confirmed_at_once():
    tokens = []
    for _ in range(6):
        submission = services.complaint_submit(form_token=uuid.uuid4(), details=details(), evidence=())
        tokens.append(submission.confirmation_token)
    barrier = threading.Barrier(len(tokens))
    errors = []

    def confirm(token):
        try:
            barrier.wait()
            services.complaint_confirm(token=token)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(Complaint.objects.values_list("reference", flat=True))
    year = timezone.localdate().year
    assert references == [f"FDC/{year}/{n:04d}" for n in range(1, 7)]
    assert CaseEvent.objects.filter(to_status=Stage.RECEIVED).count() == 6


def test_it_makes_one_complaint_when_the_same_form_arrives_twice_at_once():
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results = []

    def submit():
        try:
            barrier.wait()
            results.append(
                services.complaint_submit(form_token=token, details=details(), evidence=()).created
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert Complaint.objects.count() == 1
