"""Checklists: private ticks for each member; officers see only how many ticked each item."""

import pytest

from guidance.models import ChecklistItem, ChecklistTick


@pytest.fixture
def checklist(make_document):
    document = make_document("Social media do's and don'ts")
    items = [
        ChecklistItem.objects.create(document=document, position=n, text=text)
        for n, text in enumerate(["Separate accounts", "Two-step sign-in", "No casework in public"], 1)
    ]
    return document, items


def test_a_member_ticks_items_privately(client_for, councillor, checklist):
    document, items = checklist
    client = client_for(councillor)

    response = client.post(f"/guidance/{document.slug}/checklist/", {"item": [items[0].pk, items[2].pk]})

    assert response.status_code == 302
    assert set(ChecklistTick.objects.values_list("member", "item")) == {
        (councillor.member.pk, items[0].pk),
        (councillor.member.pk, items[2].pk),
    }
    text = client.get(document.get_absolute_url()).content.decode()
    assert "You have ticked 2 of 3" in text
    assert f'value="{items[0].pk}" id="item-{items[0].pk}" checked' in text
    assert f'value="{items[1].pk}" id="item-{items[1].pk}">' in text


def test_unticking_removes_the_tick(client_for, councillor, checklist):
    document, items = checklist
    client = client_for(councillor)
    client.post(f"/guidance/{document.slug}/checklist/", {"item": [items[0].pk, items[1].pk]})

    client.post(f"/guidance/{document.slug}/checklist/", {"item": [items[1].pk]})

    assert list(ChecklistTick.objects.values_list("item", flat=True)) == [items[1].pk]


def test_other_members_do_not_see_my_ticks(client_for, councillor, other_councillor, checklist):
    document, items = checklist
    client_for(councillor).post(f"/guidance/{document.slug}/checklist/", {"item": [items[0].pk]})

    text = client_for(other_councillor).get(document.get_absolute_url()).content.decode()

    assert "You have ticked 0 of 3" in text
    assert " checked" not in text


def test_officers_see_counts_but_not_names(
    client_for, councillor, other_councillor, member_support, checklist
):
    document, items = checklist
    client_for(councillor).post(f"/guidance/{document.slug}/checklist/", {"item": [items[0].pk, items[1].pk]})
    client_for(other_councillor).post(f"/guidance/{document.slug}/checklist/", {"item": [items[0].pk]})

    text = client_for(member_support).get(document.get_absolute_url()).content.decode()

    assert '<tr><td>Separate accounts</td><td class="text-end">2</td></tr>' in text
    assert '<tr><td>Two-step sign-in</td><td class="text-end">1</td></tr>' in text
    assert '<tr><td>No casework in public</td><td class="text-end">0</td></tr>' in text
    assert "Morgan" not in text and "Pennant" not in text


def test_items_of_another_document_are_ignored(client_for, councillor, checklist, make_document):
    document, items = checklist
    other = make_document("Other")
    foreign = ChecklistItem.objects.create(document=other, position=1, text="Elsewhere")

    client_for(councillor).post(f"/guidance/{document.slug}/checklist/", {"item": [foreign.pk, items[0].pk]})

    assert list(ChecklistTick.objects.values_list("item", flat=True)) == [items[0].pk]
