"""The opening and closing pulse: where the team places itself, from resentment (1) to collaboration (5), asked
anonymously at the start and the end of a session.

The package's modules: see :mod:`kit.steps` (model, capture, notebook, section, room)."""
