"""The workshop's steps, in order: the one registry that the room, the notebooks, the report and the tests read.

A step is named once here: its words, its notebook and the steps the room takes it in (the SWOT is named in one
room step and voted on in the next). Everything else of a step lives in its package, ``kit/steps/<step>/``:

* ``model``: its figures, computed from a session (cut or not) as numbers;
* ``capture``: what a person enters in a notebook and how it is checked (forms writing through the store);
* ``notebook``: the ``Workshop``'s methods for its notebook (a mixin of :class:`kit.Workshop`);
* ``section``: its part of the team's report (``build(session, policy)``);
* ``room``: its room steps: ``PHONE`` (a participant's page), ``WALL`` (the results), ``COUNTS`` (the live counts)
  and ``SCRIPT`` (the facilitator's words), each a mapping from room step to what draws it.

The room reads a step's parts with :func:`room_parts`, which checks with :func:`require` that every room step is
drawn and no other: a step the room does not know is an error when the kit is imported, never a silent fallback to
another step's page.
"""

from dataclasses import dataclass
from importlib import import_module

from ..errors import KitError

__all__ = [
    "Step",
    "RoomStep",
    "STEPS",
    "ROOM_STEPS",
    "ROOM_WORDS",
    "step",
    "room_step_number",
    "require",
    "room_parts",
]


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
    Step("accounts", "Target accounts", "01b_target_accounts", (RoomStep("accounts", "Target accounts"),)),
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


_PART_WORDS = {
    "PHONE": "a participant's page",
    "WALL": "the wall's results",
    "COUNTS": "the wall's counts",
    "SCRIPT": "the facilitator's script",
}


def room_parts(part):
    """What draws ``part`` (PHONE, WALL, COUNTS or SCRIPT) for every room step, in the room's order: gathered from
    the ``room`` module of each step that has room steps, and checked with :func:`require`."""
    found = {}
    for s in STEPS:
        if s.room:
            found.update(getattr(import_module(f"{__name__}.{s.name}.room"), part))
    return require(_PART_WORDS[part], {name: found[name] for name in ROOM_STEPS if name in found} | found)
