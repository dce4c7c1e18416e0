"""The contract's words are declared once, in kit/_schema.py, beside the choices they name: every choice of an enum
column has its words where pages show it, and docs/format.md lists every choice a file may hold."""

from pathlib import Path

import pytest

from kit import _schema
from kit._schema import TABLES

ROOT = Path(__file__).resolve().parent.parent

WORDS = [  # (the words, the table and column whose choices they name)
    (_schema.SESSION_KIND_WORDS, "sessions", "kind"),
    (_schema.STATUS_WORDS, "actions", "status"),
    (_schema.STATUS_WORDS, "asks", "status"),
    (_schema.CONTROL_WORDS, "swot", "control"),
    (_schema.DEPARTMENT_WORDS, "swot", "department"),
    (_schema.PROGRESS_WORDS, "goals", "progress"),
    (_schema.KIND_WORDS, "coaching", "kind"),
    (_schema.TOPIC_WORDS, "conversations", "topic"),
    (_schema.PULSE_QUESTION, "pulse", "phase"),
    (_schema.RATER_ROLE_WORDS, "roleplay", "rater_role"),
    (_schema.VISIBILITY_WORDS, "goals", "visibility"),
    (_schema.VISIBILITY_WORDS, "accounts", "visibility"),
    (_schema.ACCOUNT_PROGRESS_WORDS, "accounts", "progress"),
]


@pytest.mark.parametrize("words, table, column", WORDS, ids=[f"{t}.{c}" for _, t, c in WORDS])
def test_every_choice_has_its_words_and_no_words_name_a_choice_that_is_not(words, table, column):
    assert tuple(words) == tuple(TABLES[table].col(column).choices)
    assert all(isinstance(v, str) and v.strip() for v in words.values())


def test_docs_format_lists_every_choice_of_every_column():
    doc = (ROOT / "docs" / "format.md").read_text()
    missing = [
        f"{t.name}.{c.name}: {choice}"
        for t in TABLES.values()
        for c in t.columns
        if c.kind == "enum"
        for choice in c.choices
        if f"`{choice}`" not in doc
    ]
    assert not missing, missing
