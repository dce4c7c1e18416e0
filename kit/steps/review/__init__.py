"""The review: open actions oldest first, the reciprocal ledger and the asks of the manager, partners and their
check-ins, goals revisited, each funnel rebuilt from results, time against need, and the documented conversations.

The package's modules: see :mod:`kit.steps` (model, capture, notebook, section, room)."""
