"""The KPIs the team chooses itself: dots on the catalogue, three to five per scope with their targets, and at a
review each seller's results against them.

The package's modules: see :mod:`kit.steps` (model, capture, notebook, section, room)."""
