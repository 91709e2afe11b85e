"""The uptake reports' sections, composed from each feature's ``figures`` module.

Each section function takes a Scope and ``names`` (may the reader see names?)
and returns Tables; the features work out the aggregates, this package lays
them out, suppresses small numbers (``reports.suppression``) and draws charts.
"""

from reports.figures.casework import _question_tables, casework
from reports.figures.guidance import guidance
from reports.figures.induction import induction
from reports.figures.interests import interests
from reports.figures.summary import summary
from reports.figures.training import committees, training
from training.figures import cohorts

__all__ = [
    "_question_tables",
    "casework",
    "cohorts",
    "committees",
    "guidance",
    "induction",
    "interests",
    "summary",
    "training",
]
