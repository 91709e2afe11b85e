"""The public form's limits on what an anonymous visitor can store (issue 13)."""

from complaints.models import CaseDocument, Complaint
from tests.complaints.test_intake import FORM, form_data
from tests.kit import text_of


def test_it_refuses_a_200000_character_address_and_keeps_the_input(client, parish_member):
    address = "Flat 1, Long Lane" + "e" * 199_983  # 200,000 characters
    response = client.post(FORM, form_data(parish_member, complainant_address=address))
    assert response.status_code == 400
    text = text_of(response.content)
    assert "Keep your postal address under 500 characters (it has 200000)." in text
    assert "At the parish meeting the councillor shouted" in text
    assert address in response.content.decode()
    assert Complaint.objects.count() == 0 and CaseDocument.objects.count() == 0


def test_it_accepts_an_address_of_500_characters(client, parish_member):
    response = client.post(FORM, form_data(parish_member, complainant_address="x" * 500))
    assert response.status_code == 302
    assert Complaint.objects.get().complainant_address == "x" * 500
