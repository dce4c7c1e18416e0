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
# The offsite sets the commitments; the reviews are where results come from. At every review the team, led by one of its members in turn, goes through what each of them owes the others (the manager included), celebrates wins, names shortfalls early, rebuilds what each commitment now takes, and agrees what happens before the next review. Accountability runs both ways: sellers commit to results, and the manager commits to what each seller needs.
#
# **What you'll do:** open actions first; wins, then shortfalls; what each commitment takes now; the reciprocal ledger; partner check-ins and the next rotation; asks of the manager and the manager's commitments; goals revisited; asks to other departments; the team's strategies; and, in the manager's own copy only, coaching time against need, what the manager still owes those to address early and their recurring promises against the coaching log, and the conversations on record.
#
# **What you'll need:** the KPI results to date (`kpi_actuals.csv`, bookings included, imported with `workshop-kit import`; or the team's opportunity export from the CRM, imported below or with `workshop-kit import-crm`); the leader's agenda if you printed one (`workshop-kit report STORE --out DIR --session <this review>` writes `agenda.pdf`); step 5 afterwards, for who leads the next review and the closing pulse.
#
# **How long it takes:** 60 to 75 minutes.
#
# <details><summary><b>Facilitator script</b> (click to open; not for the wall)</summary>
# <ol>
# <li>The leader of this review opens: <i>"What we owe each other first, results second, new commitments last."</i></li>
# <li><b>Open actions</b>, most overdue first. For each: done, still on, or dropped? Ask what got in the way, not who is to blame. Update its status as you go.</li>
# <li><b>Wins first</b>, in front of the team; name what made them work. Then the <b>shortfalls</b>, as team figures: individual ones go to a one-to-one, which the manager documents in their own copy.</li>
# <li><b>What it takes now</b>: each seller says whether they are ahead of or behind their line, and which weekly target they hold themselves to.</li>
# <li><b>The ledger</b>: the manager asks, <i>"Did I do what I said I would for each of you?"</i> Then each pair of <b>partners</b> says how their check-ins went; record the next rotation.</li>
# <li><b>Asks of the manager</b>: record what each seller needs; the manager answers each with an action of their own (owner: the manager; <i>for</i>: the seller; <i>answers the ask</i>).</li>
# <li><b>Goals</b>: each seller says how their goals stand. Private goals stay private: the page shows "(private)", the kit keeps the text.</li>
# <li><b>Other departments</b>: read out the answers received; route new asks. Then the <b>strategies</b>: start from a pairing the kit suggests, write it in the team's words.</li>
# <li>Close with the <b>questions for the team</b>, then new actions, the next leader and the closing pulse (step 5).</li>
# <li>After the meeting, in the manager's own copy (<code>audience = "manager"</code>, never projected): log coaching time, document the conversations about shortfalls and praise.</li>
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
# ## Before the meeting: results from the CRM
# If the team's results are in Salesforce, HubSpot or Pipedrive, export the team's opportunities (see the README, "Bringing in the CRM's results") and import the file here: each seller's bookings, deals won and lost, win rate, deal size, sales cycle, new opportunities and pipeline, by month, replace those typed before; the review below then uses them. It says what it counted and what it left out, and why.

# %%
ws.crm_form()

# %% [markdown]
# ## 1. Open actions, most overdue first
# What was promised and is not done yet. Go through them one by one before anything else.

# %%
ws.open_actions()

# %% [markdown]
# As the team goes through them, update each one: choose it under *Entry*, press **Edit**, set its *status* to done or dropped, then **Save changes**. New actions, the manager's included, are recorded here too.

# %%
ws.update_actions()

# %% [markdown]
# ## 2. Wins first, then shortfalls
# Results against the KPIs the team chose, at the latest figures reported. Praise success in front of the team; address a shortfall early, in a one-to-one.

# %%
ws.wins_and_shortfalls()

# %% [markdown]
# ## 3. What each commitment takes now
# The funnel rebuilt: what is left to win, over the selling weeks left, in first meetings a week, beside the kickoff's plan and the KPI target. Where they differ, each seller says which one they hold themselves to.

# %%
ws.funnels_rebuilt()

# %% [markdown]
# ## 4. The reciprocal ledger
# Both ways: what each seller committed to and asked of the manager, and what the manager committed to each of them, since the last session (older debts still open included).

# %%
ws.ledger()

# %% [markdown]
# ## 5. Accountability partners
# Each pair checks in between reviews (a check-in is an action of one partner *for* the other). First how the check-ins went; then the next rotation, which the kit proposes avoiding pairs the team has had before.

# %%
ws.partners()

# %%
ws.partner_form()

# %% [markdown]
# ## 6. Asks of the manager
# What each seller needs from the manager to keep their commitments: time, a joint call, an obstacle moved inside the company. To close an ask, choose it under *Entry*, **Edit**, and set its status.

# %%
ws.ask_form()

# %% [markdown]
# ## 7. The manager's commitments
# The manager answers each ask with an action of their own: record it with the action form of section 1 (owner: the manager; *for*: the seller; *answers the ask*: the ask).

# %%
ws.manager_commitments()

# %% [markdown]
# ## 8. Goals revisited
# Each seller says how their personal goals stand: on track, at risk, achieved or dropped. A goal its owner kept private shows as "(private)"; its owner still marks it.

# %%
ws.goals_progress()

# %%
ws.goal_progress_form()

# %% [markdown]
# ## 9. Asks to other departments
# SWOT items that need Product, Marketing, Sales Operations or Finance. Each department gets a one-page brief in the reports; record its answer here when it comes.

# %%
ws.department_asks()

# %%
ws.department_form()

# %% [markdown]
# ## 10. Our strategies
# A strategy pairs SWOT items: a strength used on an opportunity, a weakness fixed before a threat hits. The kit suggests pairings as questions; the team answers them in its own words and names the action that carries each one out.

# %%
ws.strategies()

# %%
ws.strategy_form()

# %% [markdown]
# ## 11. The manager's own: time against need, promises against practice, conversations on record
# Only in the manager's own copy (`audience = "manager"`), never projected; a seller's own copy shows their own. Give time to those who need it most: the kit sets the coaching minutes since the last session beside each seller's need, and keeps the record of the praise and shortfall conversations.

# %%
ws.time_against_need()

# %% [markdown]
# Before deciding that a seller failed, ask whether you failed them: for each seller to address early, what you still owe them (open actions for them, their open asks, the coaching minutes you promised and the log does not show), then each recurring promise of yours (an action with *repeats every (days)* and *minutes each time*) against the coaching log.

# %%
ws.manager_side()

# %%
ws.coaching_form()

# %%
ws.conversations()

# %%
ws.conversation_form()

# %% [markdown]
# ## 12. How we work with our manager and with other departments
# Like the opening pulse of step 0, two more questions, one answer per person, anonymous unless they choose: how the team works with its manager, and with other departments.

# %%
ws.pulse_dimensions()

# %%
ws.pulse_form(dimension="manager")

# %%
ws.pulse_form(dimension="other_departments")

# %% [markdown]
# ## 13. Questions for the team
# Then close in step 5: new actions, who leads the next review, and the closing pulse.

# %%
ws.review_questions()
