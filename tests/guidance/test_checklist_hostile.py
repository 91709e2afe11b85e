"""Checklist posts with values no form would send get a clear answer and change nothing."""

import pytest

from guidance.models import ChecklistItem, ChecklistTick


@pytest.fixture
def checklist(make_document):
    document = make_document("Social media do's and don'ts")
    items = [
        ChecklistItem.objects.create(document=document, position=n, text=text)
        for n, text in enumerate(["Separate accounts", "Two-step sign-in"], 1)
    ]
    return document, items


def test_it_refuses_control_characters_in_a_posted_field_and_stores_nothing(
    client_for, councillor, checklist
):
    document, items = checklist

    response = client_for(councillor).post(
        f"/guidance/{document.slug}/checklist/", {"item": f"{items[0].pk}\x00"}
    )

    assert response.status_code == 400
    assert not ChecklistTick.objects.exists()


@pytest.mark.parametrize("value", ["abc", "", "1.5", "-1", "1e3", "99999999999999999999999"])
def test_it_explains_a_checklist_item_that_is_not_on_the_list(client_for, councillor, checklist, value):
    document, items = checklist
    client = client_for(councillor)
    client.post(f"/guidance/{document.slug}/checklist/", {"item": [items[1].pk]})

    response = client.post(
        f"/guidance/{document.slug}/checklist/", {"item": [items[0].pk, value]}, follow=True
    )

    assert response.status_code == 200
    assert "not on this document" in response.content.decode()
    # Nothing changed: the earlier tick stands, the new one was not half-saved.
    assert list(ChecklistTick.objects.values_list("item", flat=True)) == [items[1].pk]
