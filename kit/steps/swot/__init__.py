"""The team's sales SWOT: items named (anonymous unless signed), revealed, voted into priorities with dots; the asks
to other departments and the strategies that pair the quadrants.

The package's modules: see :mod:`kit.steps` (model, capture, notebook, section, room)."""
