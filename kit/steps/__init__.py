"""The workshop's steps, in order: the one registry that the room, the notebooks, the report and the tests read.

A step is named once here: its words, its notebook and the steps the room takes it in (the SWOT is named in one
room step and voted on in the next). A part of the kit that draws something for every room step (the wall's
results, the facilitator's script, a participant's page) says so with :func:`require`, so a step it does not know
is an error when the kit is imported, never a silent fallback to another step's page.
"""

from dataclasses import dataclass

from ..errors import KitError

__all__ = ["Step", "RoomStep", "STEPS", "ROOM_STEPS", "ROOM_WORDS", "step", "room_step_number", "require"]


@dataclass(frozen=True)
class RoomStep:
    """One step of the room: what the wall and the phones call it."""

    name: str
    words: str


@dataclass(frozen=True)
class Step:
    """One workshop step: its name in the code, its words, its notebook (without .ipynb) and its room steps."""

    name: str
    words: str
    notebook: str
    room: tuple = ()


STEPS = (
    Step("pulse", "Opening pulse", "00_welcome", (RoomStep("pulse", "Opening pulse"),)),
    Step(
        "goals",
        "Personal goals and commitments",
        "01_personal_goals",
        (RoomStep("goals", "Personal goals and commitments"),),
    ),
    Step(
        "swot",
        "Sales SWOT",
        "02_sales_swot",
        (RoomStep("swot", "Sales SWOT: name the items"), RoomStep("swot_vote", "Sales SWOT: vote on the priorities")),
    ),
    Step("kpis", "KPI selection", "03_kpi_selection", (RoomStep("kpis", "KPIs: vote on what we measure"),)),
    Step("roleplay", "Role play", "04_role_play", (RoomStep("roleplay", "Role play"),)),
    Step(
        "actions",
        "Actions and closing pulse",
        "05_commitments",
        (RoomStep("actions", "Actions and closing pulse"),),
    ),
    Step("review", "The review", "06_review"),
)
# The room's steps, in order, and what each is called on the wall and on the phones.
ROOM_STEPS = tuple(r.name for s in STEPS for r in s.room)
ROOM_WORDS = {r.name: r.words for s in STEPS for r in s.room}


def step(name):
    """The workshop step called ``name``."""
    for s in STEPS:
        if s.name == name:
            return s
    raise KitError(f"no workshop step {name!r}; valid: {', '.join(s.name for s in STEPS)}")


def room_step_number(name):
    """The room step's number, counted from 1 (as the wall and the phones say 'Step 3 of 7')."""
    return ROOM_STEPS.index(name) + 1


def require(what, handlers):
    """Check that ``handlers`` (a mapping, or the names of the methods an object has) covers every room step and
    no other: ``what`` names the part of the kit in the message. Returns ``handlers``."""
    names = set(handlers)
    missing = [s for s in ROOM_STEPS if s not in names]
    unknown = sorted(names - set(ROOM_STEPS))
    if missing or unknown:
        parts = [f"no entry for room step {', '.join(missing)}"] if missing else []
        parts += [f"an entry for {', '.join(unknown)}, not a room step"] if unknown else []
        raise KitError(f"{what}: {'; '.join(parts)}; the room's steps are {', '.join(ROOM_STEPS)} (kit.steps)")
    return handlers
