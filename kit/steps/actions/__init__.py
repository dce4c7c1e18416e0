"""Actions and who leads the next meeting: what each person (the manager included) will do by when, earlier
actions marked done or dropped, and the fair rotation of the meeting's leader.

The package's modules: see :mod:`kit.steps` (model, capture, notebook, section, room)."""
