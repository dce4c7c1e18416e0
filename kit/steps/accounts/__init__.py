"""Target accounts: the few prospects and customers each seller will focus on this year and why (private unless
shared), where two sellers chase the same account, and at a review how far each has come and what was won.

The package's modules: see :mod:`kit.steps` (model, capture, notebook, section, room)."""
