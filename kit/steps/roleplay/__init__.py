"""Role plays scored by self, peers and manager on rubrics with behaviour anchors: the team's figures, and each
seller's own scores against the team's.

The package's modules: see :mod:`kit.steps` (model, capture, notebook, section, room)."""
