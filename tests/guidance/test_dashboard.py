"""Dashboard panels: guidance to read for members; reviews and acknowledgements for officers."""

import datetime

import pytest
from django.utils import timezone

from guidance import services
from guidance.models import Document


def panel(text, heading_id):
    return text.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_a_member_sees_what_they_still_have_to_read(client_for, councillor, make_document):
    make_document("Social Media Guide")
    read = make_document("Seven Principles")
    services.document_acknowledge(document=read, member=councillor.member, version_number=1)

    text = panel(client_for(councillor).get("/").content.decode(), "guidance-to-read")

    assert "1</span> document to read and acknowledge" in text
    assert "Social Media Guide" in text
    assert "Seven Principles" not in text


def test_an_up_to_date_member_is_told_so(client_for, councillor):
    text = panel(client_for(councillor).get("/").content.decode(), "guidance-to-read")

    assert "You are up to date with the guidance." in text


def test_officers_see_reviews_due_and_acknowledgements(client_for, member_support, councillor, make_document):
    document = make_document("Seven Principles")
    Document.objects.filter(pk=document.pk).update(
        next_review_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    text = client_for(member_support).get("/").content.decode()

    reviews = panel(text, "guidance-reviews")
    assert "1</span> overdue" in reviews
    assert "Seven Principles</a>: due" in reviews and "(overdue)" in reviews
    acknowledgements = panel(text, "guidance-acks")
    assert 'Seven Principles</a></td><td class="text-end">0 of 1</td>' in acknowledgements
    assert 'id="guidance-to-read"' not in text


def test_people_without_the_permissions_see_no_guidance_panels(client_for, independent_person, make_document):
    make_document()

    text = client_for(independent_person).get("/").content.decode()

    assert "guidance-" not in text


@pytest.mark.parametrize("count", [1, 50])
def test_the_panels_run_a_fixed_number_of_queries(
    client_for, member_support, make_document, count, django_assert_num_queries
):
    from guidance.panels import guidance_panels

    for n in range(count):
        make_document(f"Note {n}")
    client_for(member_support)

    with django_assert_num_queries(2):
        panels = guidance_panels(member_support, None)
    assert [p.template for p in panels] == [
        "guidance/panels/reviews_due.html",
        "guidance/panels/acknowledgements.html",
    ]


@pytest.mark.parametrize("count", [1, 50])
def test_the_member_panel_runs_a_fixed_number_of_queries(
    councillor, make_document, count, django_assert_num_queries, django_assert_max_num_queries
):
    from guidance.panels import guidance_panels

    for n in range(count):
        make_document(f"Note {n}")
    member = councillor.member
    councillor.has_perm("guidance.view_library")  # load the permission cache first

    # The first time: the count and list (one query), and the shared cache's bookkeeping (the
    # database cache in tests: a few queries a key).
    with django_assert_max_num_queries(12):
        guidance_panels(councillor, member)
    # Then the summary comes from the shared cache, in one round trip.
    with django_assert_num_queries(1):
        panels = guidance_panels(councillor, member)
    assert panels[0].context["count"] == count
