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
# # Step 4: Role plays and coaching
#
# Coaching and strong role plays are the two things that most often separate great sales teams. Sellers practise a real conversation; they score themselves, and peers and the manager score them on a rubric that says what each level looks like. The room sees the team's figures and the coaching focus; each seller's scores, blind spots and the comments on their call go to the manager's report and the seller's own one-pager.
#
# **What you'll do:** run short practice calls, score each one on the rubric, and choose the one or two behaviours to coach.
#
# **What you'll need:** a realistic scenario per pair (a discovery call with a named prospect works well), and the rubric on the wall.
#
# **How long it takes:** 10 minutes per seller.
#
# <details><summary><b>Facilitator script</b> (click to open; not for the wall)</summary>
# <ol>
# <li>Pair people up: one seller, one buyer; the others observe.</li>
# <li>After each call, everyone scores it: the seller as <i>self</i>, the observers as <i>peer</i>, the manager as <i>manager</i>. Read the behaviour anchors before choosing a level.</li>
# <li>Debrief on the two lowest criteria, not on everything. Ask the seller first: <i>"What would you do differently?"</i></li>
# <li>Good looks like: specific feedback on behaviour (<i>"you asked two closed questions in a row"</i>), and raters who calibrate: if agreement is low, agree together what a 3 and a 5 look like.</li>
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
# ## Score a call
# One rating per rater: choose the seller, the rater and their role, a level per criterion (the chosen level's behaviour anchor is highlighted), and a comment.

# %%
ws.scorer()

# %% [markdown]
# ## Results

# %%
ws.roleplay_scores()

# %%
ws.coaching_focus()

# %%
ws.criteria_chart()

# %%
ws.roleplay_agreement()

# %%
ws.roleplay_change()

# %%
ws.blind_spots_chart()

# %%
ws.leniency()

# %%
ws.roleplay_comments()
