"""The hub between sessions (``workshop-kit hub``): each member's one personal link for the quarter opens their page
(a seller's: their actions, partner check-in, numbers, goals, asks, and whom they show their numbers to; the
manager's: coaching and conversations logged in a few taps, what they owe against what they promised, time against
need), and the team's page (the KPIs it chose, the figures shown by choice, open actions, the next review and its
leader, with a calendar file). Built on the room's stack (:mod:`kit.room`): Solara pages read through the audience
policy, links kept as hashes."""

from .server import serve

__all__ = ["serve"]
