"""Reconciliation: relate estimates to the question, group copies, derive the answer."""

from crosstally.reconcile.answer import derive_answer
from crosstally.reconcile.question import read_question as parse_question
from crosstally.reconcile.relate import relate, relate_all
from crosstally.reconcile.stories import group_stories

__all__ = ["derive_answer", "group_stories", "parse_question", "relate", "relate_all"]
