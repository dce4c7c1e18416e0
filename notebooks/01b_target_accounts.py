# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Step 1b: Target accounts
#
# A commitment is won in a few accounts. Each seller names the three to five prospects and customers they will focus on this year, and why those. Each account is private to its seller unless they share it with the manager or the team; on the wall a private account shows as "(private)" beside its seller, never by name. Where two sellers name the same account, the team agrees who leads it, so that no customer hears from two of us.
#
# **What you'll do:** capture each seller's target accounts, see where two sellers chase the same one and agree who leads; at a review, mark how far each account has come (meeting held, opportunity open, won, dropped) and what was won from it.
#
# **What you'll need:** each seller's short list of accounts (from their CRM or their head); at a review, what happened with each since.
#
# **How long it takes:** 20–30 minutes for a team of six (10 at a review).
#
# <details><summary><b>Facilitator script</b> (click to open; not for the wall)</summary>
# <ol>
# <li>Link it to the commitment just made: <i>"Which accounts will that number come from?"</i></li>
# <li>Give everyone five quiet minutes to list three to five accounts and one line on why each. Ask who may see each account before you type it: private is the default.</li>
# <li>Read the overlaps aloud (accounts two sellers named) and agree who leads each; the other seller supports.</li>
# <li>Good looks like: a short list each seller can name from memory, with a reason that is about the customer (a budget, a trigger, a relationship), not about our product.</li>
# <li>At a review: go through each seller's accounts, mark where each stands and what was won, and praise the wins by name.</li>
# </ol>
# </details>

# %% tags=["parameters"]
engagement = "../build/workshop/engagement.db"  # the engagement's store
team_id = "north"
session_id = "north-2026-01"
audience = "wall"  # wall: what the room may see projected; manager: the manager's own view

# %%
import kit

ws = kit.workshop(engagement, team_id, session_id, audience=audience)
ws

# %% [markdown]
# ## Each seller's accounts
# One entry per account, with why it matters and who may see it (only its seller, unless shared). To correct one, choose it in *Entry* and press **Edit** (or **Remove**).

# %%
ws.account_form()

# %% [markdown]
# The accounts as this audience may read them (a private one shows as "(private)" beside its seller):

# %%
ws.accounts_list()

# %% [markdown]
# ## Where two sellers chase the same account
# Names are compared without case, accents, punctuation or a legal suffix ("ACME Corp." is "Acme"). Agree who leads each.

# %%
ws.account_overlaps()

# %% [markdown]
# ## At a review: how far the accounts have come

# %%
ws.accounts_progress()
