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
# # Step 3: KPIs the team chooses
#
# The team owns its metrics: everyone names the building blocks of success, the team votes, and settles on three to five success factors for the whole team and per territory, each with a target per seller. Because people helped choose them, they can be held to them, and at every review the kit shows attainment against these targets.
#
# **What you'll do:** browse the catalogue, vote with dots, select three to five KPIs per scope with targets; at a review, see attainment, wins and shortfalls.
#
# **What you'll need:** last year's figures for the KPIs you are likely to pick (to set realistic targets).
#
# **How long it takes:** 40 minutes at a kickoff, 20 at a review.
#
# <details><summary><b>Facilitator script</b> (click to open; not for the wall)</summary>
# <ol>
# <li><i>"If we could only watch five numbers every week, which would tell us early that we are on track?"</i></li>
# <li>Read out the definitions of the candidates; mix <i>leading</i> KPIs (activity that predicts results) with <i>lagging</i> ones (the results themselves).</li>
# <li>Vote, then select per scope. Set each target per seller per period; check <i>three to five</i> per scope.</li>
# <li>At a review: praise what is at or above target, and address anything below 80% early: it is the team's own goal, so it is a matter of keeping its word. Individual results are for one-to-ones, not the wall.</li>
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
# ## The catalogue
# Choose a KPI to read its definition, formula and unit:

# %%
ws.catalogue()

# %% [markdown]
# ## Vote

# %%
ws.kpi_vote_form()

# %% [markdown]
# The tally: dots, how many people chose each KPI, and its share of all dots (how strong the consensus is):

# %%
ws.kpi_tally()

# %%
ws.kpi_votes_chart()

# %% [markdown]
# ## Select, with targets
# One entry per scope (the whole team, or a territory) and KPI; saving the same scope and KPI again changes its target.

# %%
ws.kpi_selection_form()

# %% [markdown]
# The KPIs in force for this session, and the balance per scope:

# %%
ws.kpi_selection()

# %%
ws.kpi_balance()

# %% [markdown]
# ## Attainment
# Latest actual against target, direction-aware (for *lower is better* KPIs, target ÷ actual): **at or above target**, **on the way**, or **below 80%** (judged on the percentage as shown).

# %%
ws.attainment()

# %%
ws.attainment_chart()
