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
# # Welcome: set up the session and take the pulse
#
# This kit runs a sales team workshop on *reciprocal accountability*: each person sets goals they own, the team holds itself to them, and the manager's commitments count as much as the sellers'. Everything typed here is saved the moment you press a button: there is no separate save, and closing the page loses nothing.
#
# **What you'll do:** check who is in the team and which session this is, and take the opening pulse.
#
# **What you'll need:** the projector, and either the team's list of members or the spreadsheets the sellers filled in beforehand (the capture templates in `templates/capture/`).
#
# **How long it takes:** 15 minutes.
#
# <details><summary><b>Facilitator script</b> (click to open; not for the wall)</summary>
# <ol>
# <li><i>"Today is about goals we set ourselves, not targets handed down. We will start with what matters to each of you personally, and work back to the numbers."</i></li>
# <li>Check the team list below with the room: names, territories and quotas.</li>
# <li>For the pulse, ask: <i>"Where is our team today: from resentment, through going along with things, up to real collaboration, where we raise each other up?"</i> Each person answers; anonymous is the default.</li>
# <li>Good looks like: everyone answers honestly. A low score is not a failure: it is where we start, and the reviews will show whether it moves. The same question closes the session in step 5.</li>
# </ol>
# A new store is filled from the sample or your spreadsheets; a store that already holds the engagement is left as it is, so opening this page again never overwrites what the room captured.
# </details>

# %% tags=["parameters"]
engagement = "../build/workshop/engagement.db"  # the engagement's store
team_id = "north"
session_id = "north-2026-01"
import_from = "../sample_data"  # a folder or .xlsx to import into a new store ("" for none)
audience = "wall"  # wall: what the room may see projected; manager: the manager's own view

# %%
import kit

eng = kit.start(engagement, import_from=import_from)

# %%
kit.Workshop.setup(eng, team_id=team_id)

# %% [markdown]
# ## Today's session

# %%
ws = kit.workshop(eng, team_id, session_id, audience=audience)
ws

# %%
ws.overview()

# %% [markdown]
# ## The opening pulse
# One answer per person: **1** resentment, **2** resistance, **3** compliance (going through the motions), **4** cooperation, **5** collaboration. Leave *who answers* on anonymous unless the person wants their name on it.

# %%
ws.pulse_form()

# %%
ws.pulse_chart()

# %%
ws.pulse_trend()
