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
# # Step 2: A sales SWOT for the year
#
# The team names its strengths, weaknesses, opportunities and threats, decides which are within its control, and votes on what matters most. Strategies come from pairing them: use strengths on opportunities, shore up weaknesses before threats exploit them. A good SWOT also wins support from product, marketing, sales operations and finance.
#
# **What you'll do:** collect items per quadrant (anonymous if people wish), reveal them together, dot-vote, and turn the top items into candidate strategies.
#
# **What you'll need:** sticky notes if the room prefers paper first; the engagement's dot budget (5 dots per person unless set otherwise).
#
# **How long it takes:** 45 minutes (15 at a review).
#
# <details><summary><b>Facilitator script</b> (click to open; not for the wall)</summary>
# <ol>
# <li><i>"What do we do better than anyone? Where do we lose deals? What is changing in our market that we could win? What could hurt us?"</i></li>
# <li>Keep <b>Reveal all items</b> off while people call out items, so nobody anchors on the first ideas; ask whether each is within the team's control, one person's, or outside it.</li>
# <li>Reveal, read the list aloud, then let each person place their dots (the kit stops anyone going over budget).</li>
# <li>Good looks like: top priorities the team can act on. If an external threat tops the list, ask what in our control would blunt it. If several items tie for first, decide together.</li>
# <li>At a review: the SWOT agreed last time is shown; ask what has changed, and add items only if the room wants a new SWOT.</li>
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
# ## SWOT items
# Choose *named by*, or leave it anonymous.

# %%
ws.swot_item_form()

# %% [markdown]
# Once revealed, the items as a 2×2 board; two items that say the same thing can be merged (the words you keep stay, their dots add up, and nobody is told who wrote them).

# %%
ws.swot_board()

# %%
ws.swot_merge_form()

# %% [markdown]
# ## Dot voting
# Each person spends at most the dot budget; several dots on one item are fine.

# %%
ws.swot_vote_form()

# %% [markdown]
# ## Priorities
# Ranked by dots; items with the same dots share a rank (written 1=).

# %%
ws.swot_priorities()

# %%
ws.swot_chart()

# %%
ws.swot_control()

# %% [markdown]
# ## Candidate strategies
# The top two items of each quadrant paired across: a strength on an opportunity, a weakness fixed to seize one, a strength against a threat, a weakness reduced before a threat hits. Turn the best into actions in step 5.

# %%
ws.swot_strategies()
