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
# # Step 1: Personal goals first
#
# Business goals hold when they flow from personal ones. Each seller names two or three personal goals (a home, college fees, a career step, a stretch income) and the annual sales commitment that would fund them. Sharing is voluntary: each goal is visible to the team, to the manager only, or kept private (a private goal appears only in the seller's own one-pager; on the wall it shows as "(private)").
#
# **What you'll do:** capture each seller's goals and commitment, see what that commitment takes in deals, opportunities and weekly first meetings, and check whether the commitments add up to the team's target.
#
# **What you'll need:** each seller's average deal size, win rate and sales cycle (last year's figures are fine).
#
# **How long it takes:** 45–60 minutes for a team of six (15 at a review).
#
# <details><summary><b>Facilitator script</b> (click to open; not for the wall)</summary>
# <ol>
# <li>Give everyone five quiet minutes to write their goals down first.</li>
# <li>Ask each seller in turn: <i>"What would you like this year to pay for, or lead to?"</i> Ask who may see each goal before you type it.</li>
# <li>Then: <i>"What annual number would fund that?"</i> Type it with their deal size, win rate and cycle, and read out the line under the form: the deals, opportunities and first meetings a week it takes.</li>
# <li>Good looks like: a stretch that the person says out loud is theirs, and weekly activity they believe they can do. If the meetings a week look impossible, talk about win rate and deal size, not only effort.</li>
# <li>Close with <i>Do the commitments add up to the team's target?</i>: if there is a gap, ask the room how to close it.</li>
# <li>At a review: read the goals agreed last time (listed under the form) and ask whether they still hold.</li>
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
# ## Personal goals
# One entry per goal, with who may see it. To correct one, choose it in *Entry* and press **Edit** (or **Remove**).

# %%
ws.goal_form()

# %%
ws.goals_agreed()

# %% [markdown]
# Goals by kind (goals not shared with the room are counted, never shown):

# %%
ws.goals_by_category()

# %% [markdown]
# ## The commitment and what it takes
# Type the annual commitment, average deal size, win rate (0.25 or 25%) and sales cycle; what it takes appears as you type. Saving again for the same seller replaces their entry.

# %%
ws.commitment_form()

# %% [markdown]
# ### Do the commitments add up to the team's target?

# %%
ws.commitments_vs_target()

# %%
ws.commitments_chart()

# %% [markdown]
# ### The goal-funding funnel
# Deals needed = commitment ÷ average deal size (rounded up); opportunities needed = deals ÷ win rate (rounded up); spread over 46 selling weeks, with two first meetings per qualified opportunity; the pipeline is what must be open at any time over the sales cycle.

# %%
ws.funnel()
