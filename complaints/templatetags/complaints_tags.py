"""Small helpers for the complaint templates."""

from django import template

from complaints import codes
from complaints.stages import OUTCOME_STAGES, Stage

register = template.Library()


@register.filter
def hint(hints: dict, key):
    return hints.get(str(key), "")


@register.filter
def code_labels(values) -> list[str]:
    return codes.labels(codes.CodeParagraph, values)


@register.filter
def nolan_labels(values) -> list[str]:
    return codes.labels(codes.NolanPrinciple, values)


@register.filter
def stage_label(value) -> str:
    try:
        return Stage(value).label
    except ValueError:
        return value or ""


@register.filter
def stage_tone(value) -> str:
    """A class for a stage tag; the tag always carries the stage's words, never colour alone."""
    if value in (Stage.CLOSED, Stage.WITHDRAWN):
        return "stage-tag-closed"
    if value in OUTCOME_STAGES:
        return "stage-tag-outcome"
    return "stage-tag-open"
