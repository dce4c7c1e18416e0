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
# # Step 5: Commitments and accountability
#
# Accountability runs both ways: sellers commit to actions, and the manager commits to what the sellers need (coaching time, moving obstacles inside the company). Every action has an owner and a date. The team reviews them at meetings led in turn by its members, and deals with friction early.
#
# **What you'll do:** at a review, go through the actions still open (and overdue); record new actions (the manager's own included); agree who leads the next review; end with the closing pulse.
#
# **What you'll need:** the SWOT strategies and KPI selection from steps 2 and 3.
#
# **How long it takes:** 20 minutes.
#
# <details><summary><b>Facilitator script</b> (click to open; not for the wall)</summary>
# <ol>
# <li>At a review, go through the actions still open first. Praise what is done; ask what got in the way of what is late.</li>
# <li>For each top SWOT strategy and each KPI: <i>"What will you do, by when?"</i> One owner per action.</li>
# <li>Ask the manager last: <i>"What will you do for the team, and for each of you?"</i> (coaching time, joint calls, an obstacle to remove). Record each with the manager as owner and the seller it is for.</li>
# <li>Propose the next meeting leader from the rotation and record it.</li>
# <li>End with the closing pulse: <i>"Where is our team now?"</i>, and talk about how shared accountability feels today.</li>
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
# ## Actions

# %%
ws.action_summary()

# %% [markdown]
# Each action has one owner and a date. To update a status, choose the action in *Entry*, press **Edit**, change *status*, and save.
#
# The manager's own commitments go here too, with the manager as owner: set *for* to the seller it is for, and, when it answers something a seller asked of the manager (recorded in step 6), *answers the ask*. A partner's check-in is an action *for* their partner. The review's ledger reads both.

# %%
ws.action_form()

# %%
ws.actions_by_owner()

# %% [markdown]
# ## Who leads the next review
# The rotation proposes whoever has led the fewest meetings, and longest ago.

# %%
ws.leader_form()

# %% [markdown]
# ## The closing pulse
# The same question as at the opening: *where is our team now?* One answer per person, anonymous unless they choose.

# %%
ws.pulse_form(phase="closing")

# %%
ws.pulse_compare()

# %%
ws.pulse_trend()
