"""bin/check-upgrade's comparison (the upgrade itself takes minutes: run bin/check-upgrade)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "check_upgrade.py"
spec = importlib.util.spec_from_file_location("check_upgrade", SCRIPT)
check_upgrade = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_upgrade)


def fingerprint(**tables):
    return {
        "tables": {"django_migrations": (10, "m"), **tables},
        "content_types": {1: ("advice", "question")},
        "permissions": {7: (1, "answer_questions")},
    }


def test_it_passes_an_upgrade_that_changes_no_data():
    before = fingerprint(advice_question=(3, "abc"))
    after = fingerprint(advice_question=(3, "abc"), new_table=(0, ""))
    after["tables"]["django_migrations"] = (15, "n")
    assert check_upgrade.compare(before, after, expected=set()) == []


def test_it_fails_when_rows_change_or_a_table_goes():
    before = fingerprint(advice_question=(3, "abc"), complaints_caseevent=(5, "def"))
    after = fingerprint(advice_question=(3, "xyz"))
    assert check_upgrade.compare(before, after, expected=set()) == [
        "advice_question: same 3 rows but their content changed",
        "table complaints_caseevent is gone (5 rows)",
    ]


def test_it_allows_a_change_it_was_told_to_expect():
    before = fingerprint(advice_question=(3, "abc"))
    after = fingerprint(advice_question=(3, "xyz"))
    assert check_upgrade.compare(before, after, expected={"advice_question"}) == []


def test_it_fails_when_a_permission_or_content_type_is_renamed():
    before = fingerprint()
    after = fingerprint()
    after["content_types"][1] = ("complaints", "question")
    after["permissions"][7] = (1, "answer")
    assert check_upgrade.compare(before, after, expected=set()) == [
        "content_types #1 ('advice', 'question') became ('complaints', 'question')",
        "permissions #7 (1, 'answer_questions') became (1, 'answer')",
    ]
