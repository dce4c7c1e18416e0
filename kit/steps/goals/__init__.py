"""Personal goals and the commitment that funds them: each seller's goals (with who may see them), their annual
commitment, and the deals, opportunities and weekly meetings it takes.

The package's modules: see :mod:`kit.steps` (model, capture, notebook, section, room)."""
