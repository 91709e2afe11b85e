"""Each feature's demo is a package of short modules that makes workflow rows only through the services."""

import ast
import pathlib

import pytest

from portal.discovery import app_modules

# Rows that belong to a workflow: the demo makes them by calling the service that a person would.
WORKFLOW_MODELS = {
    "Acknowledgement",
    "AuditEvent",
    "Booking",
    "CaseEvent",
    "ChecklistTick",
    "Complaint",
    "Completion",
    "CourseAssignment",
    "DecisionNotice",
    "DocumentEvent",
    "Event",
    "FaqEntry",
    "InductionAssignment",
    "InternalNote",
    "Message",
    "Question",
    "QuestionEvent",
    "QuestionView",
    "Review",
    "Sanction",
    "SubjectNotice",
}
WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
WORKFLOW_FIELDS = {"status", "stage", "state", "clock", "attendance", "confidentiality", "decision"}


def demo_files():
    return sorted(
        path for module in app_modules("demo") for path in pathlib.Path(module.__file__).parent.glob("*.py")
    )


def calls(path):
    return [node for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Call)]


def test_it_finds_a_demo_package_with_a_seed_function_in_every_feature(db):
    modules = app_modules("demo")
    assert [module.__name__ for module in modules] == [
        "guidance.demo",
        "training.demo",
        "advice.demo",
        "complaints.demo",
        "interests.demo",
    ]
    for module in modules:
        assert module.__file__.endswith("__init__.py"), module.__name__
        assert callable(module.seed)


@pytest.mark.parametrize("path", demo_files(), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_it_keeps_each_demo_module_short(path):
    assert len(path.read_text().splitlines()) < 500


@pytest.mark.parametrize("path", demo_files(), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_it_writes_no_workflow_row_directly(path):
    for call in calls(path):
        function = call.func
        if not isinstance(function, ast.Attribute):
            continue
        if function.attr in WRITES and isinstance(function.value, ast.Attribute):
            model = function.value.value
            assert not (isinstance(model, ast.Name) and model.id in WORKFLOW_MODELS), (
                f"{path}:{call.lineno} {model.id}.objects.{function.attr}: go through the service"
            )
        if function.attr in ("save", "update"):
            written = {keyword.arg for keyword in call.keywords}
            for keyword in call.keywords:
                if keyword.arg == "update_fields" and isinstance(keyword.value, ast.List):
                    written |= {e.value for e in keyword.value.elts if isinstance(e, ast.Constant)}
            assert not written & WORKFLOW_FIELDS, f"{path}:{call.lineno} writes {written & WORKFLOW_FIELDS}"
