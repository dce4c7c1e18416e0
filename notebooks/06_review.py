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
# # Step 6: The review
#
# The offsite sets the commitments; the reviews are where results come from. At every review the team, led by a rotating member, goes through what each of them owes the others (the manager included), looks at results against the commitments, rebuilds what each commitment now takes, and agrees what happens before the next review. Accountability runs both ways: sellers commit to results, and the manager commits to what each seller needs.
#
# **What you'll do:** open actions first; the reciprocal ledger and the asks of the manager; partner check-ins and the next rotation; goals revisited; the funnel rebuilt from results; SWOT asks to other departments; the team's strategies; and, in the manager's own copy, coaching time against need and the conversations on record.
#
# **What you'll need:** the leader's agenda (`workshop-kit report STORE --out DIR --session <this review>` writes `agenda.pdf`), the KPI results to date (`kpi_actuals.csv`, bookings included), and step 5 open beside this one for new actions.
#
# **How long it takes:** 60 minutes.
#
# <details><summary><b>Facilitator script</b> (click to open; not for the wall)</summary>
# <ol>
# <li>The leader opens: <i>"What we owe each other first, results second, new commitments last."</i></li>
# <li>Open actions, oldest first. For each: done, still on, or dropped? Ask what got in the way, not who is to blame.</li>
# <li>Wins first, in front of the team. Shortfalls are named as team figures here and taken to a one-to-one: the manager documents that conversation in their own copy.</li>
# <li>The ledger: <i>"Did I, as your manager, do what I said I would?"</i> Record new asks of the manager and the manager's answers as their actions (step 5, <i>for</i> and <i>answers the ask</i>).</li>
# <li>Partners: each pair says how their check-ins went; record the next rotation.</li>
# <li>Goals: each seller says how their goals stand (on track, at risk, achieved, dropped). Private goals stay private: the page shows "(private)", the kit keeps the text.</li>
# <li>What it takes now: each seller compares their rebuilt weekly target with the KPI target; where they differ, agree which one they will hold themselves to.</li>
# <li>Other departments: read out the answers received; route new asks.</li>
# <li>Close with the questions for the team, then new actions (step 5) and the next leader.</li>
# </ol>
# </details>

# %% tags=["parameters"]
engagement = "../build/workshop/engagement.db"  # the engagement's store
team_id = "north"
session_id = "north-2026-04"
audience = "wall"  # wall: what the room may see projected; manager: the manager's own view

# %%
import kit

ws = kit.workshop(engagement, team_id, session_id, audience=audience)
ws

# %% [markdown]
# ## 1. Open actions, oldest first
# What was promised and is not done yet. Update a status in step 5 (choose the action, **Edit**, then done or dropped).

# %%
ws.open_actions()

# %% [markdown]
# ## 2. The reciprocal ledger
# What each seller committed to and asked of the manager, and what the manager committed to each of them, since the last session (older debts still open included).

# %%
ws.ledger()

# %% [markdown]
# Record what each seller needs from the manager. The manager answers with an action of their own in step 5 (*for* the seller, *answers the ask*).

# %%
ws.ask_form()

# %% [markdown]
# ## 3. Accountability partners
# Each pair checks in between reviews (a check-in is an action of one partner *for* the other, in step 5). The kit proposes the next rotation, avoiding pairs the team has had before.

# %%
ws.partners()

# %%
ws.partner_form()

# %% [markdown]
# ## 4. Goals revisited
# Each seller says how their personal goals stand. The list shows only what the audience may read; a private goal shows as "(private)", and its progress is still recorded.

# %%
ws.goals_progress()

# %%
ws.goal_progress_form()

# %% [markdown]
# ## 5. What each commitment takes now
# The funnel rebuilt from results to date: what is left to win, at the win rate and deal size reported so far, over the selling weeks left. Compare with the kickoff plan and the KPI target: where they differ, agree which one each seller holds themselves to.

# %%
ws.funnels_rebuilt()

# %% [markdown]
# ## 6. Asks to other departments
# SWOT items that need Product, Marketing, Sales Operations or Finance. Each department gets a one-page brief in the reports; record its answer here when it comes.

# %%
ws.department_asks()

# %%
ws.department_form()

# %% [markdown]
# ## 7. Our strategies
# Strategies pair SWOT items (a strength on an opportunity, a weakness fixed before a threat hits). Write them in the team's own words, with the items they pair and the action that carries them out.

# %%
ws.strategies()

# %%
ws.strategy_form()

# %% [markdown]
# ## 8. The manager's own: time against need, conversations on record
# Shown only in the manager's own copy (`audience = "manager"`). Managers give their time to those who need it most: the kit sets coaching minutes since the last session beside each seller's need, and keeps the record of praise and shortfall conversations.

# %%
ws.time_against_need()

# %%
ws.coaching_form()

# %%
ws.conversations()

# %%
ws.conversation_form()

# %% [markdown]
# ## 9. How we work with our manager and with other departments
# The opening pulse (step 0) asks how the team works together. At a review, ask two more questions the same way, one answer per person, anonymous unless they choose: how the team works with its manager, and with other departments.

# %%
ws.pulse_dimensions()

# %%
ws.pulse_form(dimension="manager")

# %%
ws.pulse_form(dimension="other_departments")

# %% [markdown]
# ## 10. Questions for the team

# %%
ws.review_questions()
