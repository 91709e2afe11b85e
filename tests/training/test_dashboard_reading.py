"""The dashboard's "documents to read" lists the documents its count says, overdue first."""

import datetime
import re

from django.utils import timezone

from tests.kit import text_of
from training.models import InductionAssignment


def _to_read_card(response):
    html = response.content.decode()
    match = re.search(r'aria-labelledby="guidance-to-read">(.*?)</section>', html, re.S)
    return match.group(1)


def test_it_lists_every_document_its_count_says(client_for, councillor, make_document):
    for n in range(5):
        make_document(f"Guide {n}")

    card = _to_read_card(client_for(councillor).get("/"))

    assert "5 documents to read" in text_of(card)
    assert len(re.findall(r"<li>", card)) == 5


def test_it_lists_overdue_documents_first(client_for, councillor, make_document, make_pack):
    for n in range(4):
        make_document(f"A guide {n}")
    late = make_document("Zebra crossings")
    pack = make_pack(items=[(late, 14)])
    InductionAssignment.objects.create(
        pack=pack,
        member=councillor.member,
        start_date=timezone.localdate() - datetime.timedelta(days=60),
        how="individual",
    )

    card = text_of(_to_read_card(client_for(councillor).get("/")))

    assert card.index("Zebra crossings") < card.index("A guide 0")
    assert "Overdue" in card
