"""Capture forms, driven as a facilitator would: set values, click; the store changes only on valid input."""

import datetime as dt
import html
import sqlite3

from kit import _format as fmt
from kit import forms


def dump(eng):
    con = sqlite3.connect(eng.path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def said(form):
    """What the form's message line says, as a person reads it."""
    return html.unescape(form.message.value)


def fill(form, **values):
    for col, value in values.items():
        form.inputs[col].value = value


def test_goal_form_saves_and_refuses(store):
    f = forms.goal_form(store, session_id="k1")
    before = dump(store)
    fill(f, member_id="s1", goal="", category="career", visibility="team")
    f.save.click()
    assert "Not saved" in said(f) and "Personal goal: is empty" in said(f) and "column" not in said(f)
    assert dump(store) == before
    fill(f, goal="Lead the <b>team</b> offsite")
    f.save.click()
    assert "Saved" in said(f)
    assert "Lead the <b>team</b> offsite" in set(store.goals()["goal"])
    assert "Lead the &lt;b&gt;team&lt;/b&gt; offsite" in f.list.value  # escaped in the list
    fill(f, goal="Move abroad MGRONLY", visibility="manager")
    f.save.click()
    assert "MGRONLY" not in f.list.value and "(manager only)" in f.list.value  # the room sees no text
    assert not any("MGRONLY" in label for label, _ in f.entry_options())


def test_goal_form_asks_where_a_goal_stands_at_a_review_only_in_words(store):
    assert "progress" not in forms.goal_form(store, session_id="k1").inputs  # a kickoff: nothing to review yet
    f = forms.goal_form(store, session_id="r1")
    box = f.inputs["progress"]
    assert box.description == "Where it stands" and f.inputs["implication"].description.startswith("What hitting")
    assert [label for label, _ in box.options] == ["not reviewed yet", "on track", "at risk", "achieved", "dropped"]
    assert box.value == ""  # nothing is assumed
    fill(f, member_id="s1", goal="Coach the new hire", category="career", visibility="team")
    f.save.click()
    row = store.goals(session_id="r1").set_index("goal").loc["Coach the new hire"]
    assert row["progress"] is None or row["progress"] != row["progress"]  # stored blank, not 'on_track'
    assert f.inputs["visibility"].value == "private"  # every new goal starts private: shared only by choice
    fill(f, goal="Run a half marathon", progress="at_risk", visibility="team")
    f.save.click()
    assert store.goals(session_id="r1").set_index("goal").loc["Run a half marathon", "progress"] == "at_risk"
    # the next goal starts blank again: 'at risk' is not carried over to it unasked
    assert box.value == ""
    fill(f, goal="Read two sales books", visibility="team")
    f.save.click()
    assert fmt.blank(store.goals(session_id="r1").set_index("goal").loc["Read two sales books", "progress"])
    # opening a goal stored blank shows it blank, not the last choice made
    box.value = "achieved"
    f.load_entry(next(v for label, v in f.entry_options() if "Coach the new hire" in label))
    assert box.value == ""
    # documents say a blank in words, never 'nan' (a column of some blanks and some codes reads them as NaN)
    from kit import report

    session = report.load(store, team_id="t1", session_id="r1")
    for audience in ("manager", "member:s1"):
        html = report.render(report.view(session, audience=audience))
        assert "not reviewed yet" in html and "at risk" in html
        assert ">nan<" not in html.lower(), audience


def test_a_participants_goal_list_is_their_own_without_their_name(store):
    """On a seller's own page every goal listed is theirs: 'Your goals', each without their name, no table
    repeating them; the wall's form says whose each goal is."""
    f = forms.goal_form(store, session_id="k1", member_id="s1", audience="member:s1")
    assert [t for t, _ in f.entry_options()] == ["Pay for college · Financial", "Become team lead · Career"]
    assert "Your goals (2)" in f.entries_head.value and f.list not in f.widget.children
    assert ">Seller<" in forms.goal_form(store, session_id="k1").list.value  # the wall says whose goal it is


def test_goal_form_edit_and_remove(store):
    f = forms.goal_form(store, session_id="k1")
    n = len(store.goals())
    f.entries.children[0].children[1].click()  # Edit on "Sam One · Pay for college" (shared with the team)
    assert f.save.description == "Save changes" and f.inputs["goal"].value == "Pay for college"
    f.inputs["visibility"].value = "private"
    f.save.click()
    assert store.goals().iloc[0]["visibility"] == "private"
    # now private: the wall lists it without its text and cannot open or remove it
    label = f.entry_options()[0][0]
    assert label == "Sam One · (private)"
    f.load_entry(f.entry_options()[0][1])
    assert "workshop-kit import" in said(f) and f.inputs["goal"].value == "" and f.save.description == "Save"
    f.delete_entry(f.entry_options()[0][1])
    assert "its owner corrects it" in said(f) and len(store.goals()) == n
    f.entries.children[3].children[2].click()  # Remove on "Sue Two · Run a marathon"
    assert len(store.goals()) == n - 1 and "Run a marathon" not in set(store.goals()["goal"])


def test_commitment_preview_and_upsert(store):
    f = forms.commitment_form(store, session_id="k1")
    fill(f, member_id="s1", annual_commitment="200000", avg_deal_size="10000", win_rate="40%", sales_cycle_days="60")
    # 20 deals, 50 opportunities a year
    assert "<b>20</b> deals" in f.preview.value and "<b>50</b> qualified opportunities" in f.preview.value
    f.save.click()
    c = store.commitments(session_id="k1").set_index("member_id")
    assert c.loc["s1", "annual_commitment"] == 200000 and c.loc["s1", "win_rate"] == 0.4
    before = dump(store)
    fill(f, member_id="s2", annual_commitment="90000", avg_deal_size="10000", win_rate="250%", sales_cycle_days="60")
    assert "Type the commitment" in f.preview.value
    f.save.click()
    assert "The win rate you typed (250%) is not a rate such as 0.25 or 25%" in html.unescape(said(f))
    assert "column" not in said(f) and dump(store) == before
    # amounts as people type them: 1,300,000 and $60k and 1.3M are numbers; what cannot be read is said in words
    fill(f, member_id="s2", annual_commitment="1,300,000", avg_deal_size="$60k", win_rate="25%")
    assert f.submit()
    c = store.commitments(session_id="k1").set_index("member_id")
    assert (c.loc["s2", "annual_commitment"], c.loc["s2", "avg_deal_size"], c.loc["s2", "win_rate"]) == (
        1.3e6,
        6e4,
        0.25,
    )
    before = dump(store)
    fill(f, member_id="s3", annual_commitment="a lot", avg_deal_size="1.3M", win_rate="0.3")
    assert not f.submit() and dump(store) == before
    assert "Type the annual commitment as an amount in EUR, e.g. 1,300,000 or 1.3M." in html.unescape(said(f))


def test_swot_items_hidden_until_reveal(store):
    f = forms.swot_item_form(store, session_id="k1")
    fill(f, quadrant="O", text="Partner channel", author_id="", control="team")
    f.save.click()
    item = store.swot(session_id="k1").set_index("item_id").loc["i05"]
    assert item["text"] == "Partner channel" and item.isna()["author_id"]
    assert "Partner channel" not in f.list.value and "Items (hidden until the reveal)" in f.list.value
    assert {label for label, _ in f.entry_options()} == {
        "Strength · (hidden until the reveal)",
        "Weakness · (hidden until the reveal)",
        "Opportunity · (hidden until the reveal)",
        "Threat · (hidden until the reveal)",
    }
    f.load_entry(f.entry_options()[0][1])
    assert "hidden until the reveal" in said(f) and f.inputs["text"].value == ""
    f.reveal.value = True
    assert "Partner channel" in f.list.value
    assert "Partner channel" in {label.split(" · ")[1] for label, _ in f.entry_options()}
    # the reveal is the room's, kept in the store: the room's wall and a notebook opened later agree
    assert store.room_state("k1")["revealed"] is True
    assert forms.swot_item_form(store, session_id="k1").reveal.value is True


def test_dot_budget_enforced_per_person(store):
    f = forms.swot_vote_form(store, session_id="k1")
    f.voter.value = "s3"  # has spent 1 of 5
    assert "<b>4</b> of 5 dots left" in f.left.value
    for _ in range(4):
        f.rows["i1"][2].click()  # its +
    assert "<b>0</b> of 5 dots left" in f.left.value and f.rows["i2"][2].disabled
    before = dump(store)
    assert not f.add("i2")  # a second device's press arriving after the last dot went
    assert "to more than 5" in said(f)
    assert dump(store) == before
    f.rows["i1"][0].click()  # its −: one dot back
    assert "<b>1</b> of 5 dots left" in f.left.value and ">●●●<" in f.rows["i1"][1].value


def test_kpi_selection_and_votes(store):
    f = forms.selection_form(store, session_id="k1")
    fill(f, scope="West", kpi_id="win_rate", target="30%", period="quarter")
    f.save.click()
    assert "Saved" in said(f) and "1 (aim for 3-5)" in f.list.value
    v = forms.kpi_vote_form(store, session_id="k1")
    v.voter.value = "s3"
    assert v.add("forecast_accuracy", 2)
    assert "Forecast accuracy" in v.list.value


def test_role_play_scorer(store):
    f = forms.scorer(store, session_id="k1")
    f.scenario.value, f.seller.value, f.rater.value, f.role.value = "Call C", "s3", "s2", "self"
    f.levels["opening"].value = "4"
    before = dump(store)
    f.button.click()
    assert "Rater: 's2' must equal seller (s3) for a self rating" in html.unescape(said(f))
    assert dump(store) == before
    f.role.value = "peer"
    f.levels["opening"].value = "4"
    f.levels["next_steps"].value = "2"
    assert "font-weight:bold" in f.criteria.children[0].children[2].value  # the chosen level's anchor stands out
    f.button.click()
    rows = store.roleplay(session_id="k1")
    assert len(rows[(rows["scenario"] == "Call C") & (rows["rater_id"] == "s2")]) == 2
    f.remove.click()  # a wrong rating is taken out whole
    rows = store.roleplay(session_id="k1")
    assert rows[rows["scenario"] == "Call C"].empty and "Rating removed (2 criteria)" in said(f)


def test_actions_and_leader(store):
    f = forms.action_form(store, session_id="k1")
    fill(f, owner_id="mgr", action="Join one call per seller", kpi_id="", status="open")
    assert type(f.inputs["due"]).__name__ == "DatePicker"  # the phone's own date picker: no date to mistype
    f.save.click()
    assert (
        "Pick a date for “due by” first." in said(f) and store.actions(action_id="a05").empty
    )  # no date picked: nothing written
    f.inputs["due"].value = dt.date(2026, 2, 27)
    f.save.click()
    assert "a05" in set(store.actions()["action_id"])
    leader = forms.leader_form(store, session_id="k1")
    later, who, button = leader.later, leader.who, leader.button
    assert later.value == "r1" and who.value == "s1"
    who.value = "s2"
    button.click()
    assert store.sessions(session_id="r1")["leader_id"].iloc[0] == "s2"


def test_pulse_anonymous_by_default(store):
    f = forms.pulse_form(store, session_id="r1")
    f.inputs["score"].value = "5"
    f.save.click()
    p = store.pulse(session_id="r1")
    assert sorted(p["score"]) == [4, 4, 5] and p["respondent_id"].isna().all()


def test_new_team_with_its_manager_in_one_step(store):
    f = forms.team_form(store)
    texts = f.children[:5]
    for box, value in zip(texts, ["t2", "Team Two", "500000", "boss2", "Bea Boss"]):
        box.value = value
    f.children[5].click()
    assert "added" in html.unescape(f.children[6].value)
    assert store.teams(team_id="t2")["manager_id"].iloc[0] == "boss2"
    assert store.members(team_id="t2")["role"].tolist() == ["manager"]
    before = dump(store)
    f.children[5].click()  # the same team again
    assert "repeats a row already stored" in html.unescape(f.children[6].value)
    assert dump(store) == before


def test_the_pulse_starts_with_no_level_chosen(store):
    """No answer by accident: nothing is chosen until the person chooses, and again after each answer."""
    f = forms.pulse_form(store, session_id="r1")
    assert f.inputs["score"].value is None
    before = dump(store)
    f.save.click()
    assert "Choose a level first." in said(f) and dump(store) == before
    f.inputs["score"].value = "4"
    f.save.click()
    assert "Saved" in said(f) and f.inputs["score"].value is None
