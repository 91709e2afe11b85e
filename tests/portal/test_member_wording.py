"""Co-opted members are members too: text addressed to members says "as a member", not "as a councillor"."""

import re
from pathlib import Path

import pytest

from advice.demo import faqs
from guidance.demo import content
from training.demo import courses

ROOT = Path(__file__).resolve().parents[2]
AS_A_COUNCILLOR = re.compile(r"\bas a councillor\b", re.IGNORECASE)

# Pages and emails a councillor or co-opted member reads (complainants' emails and the
# public complaint form are about a councillor, so they are not in this list).
MEMBER_TEMPLATES = [
    "templates/training",
    "templates/guidance",
    "templates/advice",
    "templates/portal",
    "templates/complaints/member",
    "templates/account",
]


def _member_templates():
    for folder in MEMBER_TEMPLATES:
        yield from sorted((ROOT / folder).rglob("*.*"))


@pytest.mark.parametrize("path", list(_member_templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_it_never_addresses_a_member_as_a_councillor_in_a_template(path):
    assert not AS_A_COUNCILLOR.search(path.read_text())


@pytest.mark.parametrize("module", [content, courses, faqs], ids=lambda m: m.__name__)
def test_it_never_addresses_a_member_as_a_councillor_in_the_demo_content(module):
    assert not AS_A_COUNCILLOR.search(Path(module.__file__).read_text())
