"""The kit's exceptions: one base class, a few kinds, each message saying what to fix."""

import re

__all__ = ["KitError", "ValidationError", "StoreError", "NotFoundError", "Problem"]


class KitError(ValueError):
    """Base class of every error the kit raises on purpose; its message is meant for people."""


class ValidationError(KitError):
    """Data broke the engagement contract; ``problems`` lists every problem found."""

    def __init__(self, problems, *, action="Nothing was written."):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = [p.text() for p in errors]
        tail = f"{len(errors)} error{'s' if len(errors) != 1 else ''}. {action}"
        super().__init__("\n".join(lines + [tail]))


class StoreError(KitError):
    """The store file cannot be opened or written as asked."""


class NotFoundError(KitError):
    """A team, session, member or file that was asked for does not exist."""


class Problem:
    """One thing wrong (or worth a warning) in the data, located as a spreadsheet user sees it."""

    __slots__ = ("where", "row", "column", "value", "message", "severity")

    def __init__(self, where, message, *, row=None, column=None, value=None, severity="error"):
        self.where, self.row, self.column = where, row, column
        self.value, self.message, self.severity = value, message, severity

    def text(self):
        loc = self.where
        if self.row is not None:
            loc += f" row {self.row}"
        if self.column:
            loc += f", column {self.column}"
        value = "" if self.value is None else f"{self.value!r} "
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{loc}: {value}{self.message}"

    def said(self, labels=None):
        """The problem in a form's words: the field as the form names it (``labels``: column -> words), never a
        table, a row number or a column's name."""
        field = (labels or {}).get(self.column) or _plain(self.column or "")
        value = "" if self.value is None else f"{self.value!r} "
        message = _plain(self.message)
        return f"{field[:1].upper()}{field[1:]}: {value}{message}" if field else f"{value}{message}".strip()

    def __repr__(self):
        return f"Problem({self.text()!r})"


_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # a column's or table's name: member_id, swot_votes


def _plain(message):
    """A check's message in a form's words: a pointer to a setting or a column in brackets goes ("(dot_budget in
    engagement.yaml)"), and a column's or table's name is said in words ("item_id" -> "item")."""
    message = re.sub(
        r"\s*\(([^()]*)\)",
        lambda m: "" if (".yaml" in m.group(1) or _SNAKE.search(m.group(1))) else m.group(0),
        message,
    )
    return _SNAKE.sub(lambda m: m.group(0).removesuffix("_id").replace("_", " "), message)
