"""The capture forms on the projected wall: driven as a facilitator would (every entry chosen, Edit, Remove, the
reveal), no private or manager-only goal text, no SWOT author, no role-play comment and no individual score ever
reaches a widget's state (what is sent to every browser showing the notebook). Also the defects the forms had:
comments once per rating, the closing pulse, the next meeting at a review, lists in words, no stale lists."""

import datetime as dt
import html
import json
import re

import ipywidgets as w
import pytest
from ipywidgets.widgets import widget as _widget

from kit import forms

PRIVATE, MANAGER_ONLY, COMMENT, SWOT_TEXT = "PRIVMARK", "MGRMARK", "RPMARK", "SWOTMARK"
NAMES = ("Mona Manager", "Sam One", "Sue Two", "Sid Three")
SESSIONS = ["k1", "r1", "e1"]  # a kickoff, a review, and a brand-new session with no rows


def live_widgets():
    return list(_widget._instances.values())


def wall_state():
    """Everything sent to the browser: the state of every live widget, as JSON."""
    return json.dumps([x.get_state() for x in live_widgets()], default=str)


def state_of(*widgets):
    return json.dumps([x.get_state() for x in widgets], default=str)


def said(form):
    """The message line as a person reads it."""
    return html.unescape(re.sub(r"<[^>]+>", "", form.message.value)).strip()


def rating(session_id, scenario, seller, rater, role, score, comment=None):
    crit = [
        "opening",
        "discovery_questions",
        "active_listening",
        "value_articulation",
        "objection_handling",
        "next_steps",
    ]
    return [
        dict(
            session_id=session_id,
            scenario=scenario,
            rubric_id="discovery_call",
            seller_id=seller,
            rater_id=rater,
            rater_role=role,
            criterion_id=c,
            score=score,
            comment=comment,
        )
        for c in crit
    ]


@pytest.fixture
def planted(store):
    """The minimal engagement plus rows only some audiences may read, at the kickoff and the review, and an
    empty session."""
    store.add(
        "goals",
        [
            dict(
                session_id="k1",
                member_id="s1",
                goal=f"Pay off my car {PRIVATE}",
                category="financial",
                visibility="private",
            ),
            dict(
                session_id="k1",
                member_id="s2",
                goal=f"Move abroad {MANAGER_ONLY}",
                category="personal",
                visibility="manager",
            ),
            dict(
                session_id="r1",
                member_id="s3",
                goal=f"Buy a boat {PRIVATE}",
                category="financial",
                visibility="private",
            ),
            dict(session_id="r1", member_id="s1", goal=f"Quit {MANAGER_ONLY}", category="career", visibility="manager"),
        ],
    )
    store.add(
        "swot",
        [
            dict(
                session_id="k1", item_id="i5", quadrant="O", text=f"Partner {SWOT_TEXT}", author_id="s2", control="team"
            ),
            dict(
                session_id="r1",
                item_id="i1",
                quadrant="W",
                text=f"Late quotes {SWOT_TEXT}",
                author_id="s3",
                control="individual",
            ),
        ],
    )
    store.put("roleplay", rating("k1", "Call C", "s3", "s1", "peer", 3, f"Talked over the client {COMMENT}"))
    store.put("roleplay", rating("r1", "Call D", "s2", "mgr", "manager", 4, f"Good pause {COMMENT}"))
    store.add(
        "pulse",
        [
            dict(session_id="k1", respondent_id="s3", score=5, phase="opening"),
            dict(session_id="r1", respondent_id="s2", score=1, phase="opening"),
        ],
    )
    store.add("sessions", dict(session_id="e1", team_id="t1", date="2026-06-01", kind="review", leader_id=None))
    return store


def build(eng, sid, audience="wall"):
    """Every form of the workshop for one session, as the notebooks show them."""
    items = forms.swot_item_form(eng, session_id=sid, audience=audience)
    return dict(
        settings=forms.settings_form(eng, audience=audience),
        team=forms.team_form(eng, audience=audience),
        members=forms.member_form(eng, team_id="t1", audience=audience),
        sessions=forms.session_form(eng, team_id="t1", audience=audience),
        pulse=forms.pulse_form(eng, session_id=sid, audience=audience),
        closing=forms.pulse_form(eng, session_id=sid, phase="closing", audience=audience),
        goals=forms.goal_form(eng, session_id=sid, audience=audience),
        commitments=forms.commitment_form(eng, session_id=sid, audience=audience),
        swot=items,
        swotvote=forms.swot_vote_form(eng, session_id=sid, audience=audience, reveal=items),
        catalogue=forms.catalogue_browser(eng),
        kpivote=forms.kpi_vote_form(eng, session_id=sid, audience=audience),
        kpis=forms.selection_form(eng, session_id=sid, audience=audience),
        scorer=forms.scorer(eng, session_id=sid, audience=audience),
        actions=forms.action_form(eng, session_id=sid, audience=audience),
        leader=forms.leader_form(eng, session_id=sid, audience=audience),
    )


def no_markers(*markers):
    state = wall_state()
    found = [m for m in markers if m in state]
    assert not found, f"{found} reached a widget's state"


def drive(form, check):
    """Edit every entry, check; Cancel; remove it, check."""
    for value in [v for _, v in form.entry_options() if v is not None]:
        if value not in [v for _, v in form.entry_options()]:
            continue
        form.load_entry(value)
        check()
        form.clear.click()
        if value not in [v for _, v in form.entry_options()]:
            continue
        form.delete_entry(value)
        check()


@pytest.mark.parametrize("sid", SESSIONS)
def test_nothing_private_reaches_the_wall(planted, sid):
    w.Widget.close_all()
    f = build(planted, sid)
    no_markers(PRIVATE, MANAGER_ONLY, COMMENT, SWOT_TEXT)
    stored = "\n".join(planted.goals()["goal"])

    def check():
        no_markers(PRIVATE, MANAGER_ONLY, COMMENT, SWOT_TEXT)

    for name in ("goals", "commitments", "kpis", "actions", "pulse", "closing", "swot"):
        drive(f[name], check)
    # what the wall may not read is still stored: it was neither opened nor removed
    assert stored.count(PRIVATE) == "\n".join(planted.goals()["goal"]).count(PRIVATE) == 2
    assert "\n".join(planted.goals()["goal"]).count(MANAGER_ONLY) == 2
    # the vote form before the reveal: no item text, and it says why
    assert "not revealed yet" in said(f["swotvote"])
    f["swotvote"].voter.value = "s1"
    assert not f["swotvote"].add("i1") and not f["swotvote"].rows
    check()
    # the scorer: every seller chosen, a rating removed; no comment, no individual score
    rp = planted.roleplay(session_id=sid)
    for _, seller in f["scorer"].seller.options:
        f["scorer"].seller.value = seller
        for scenario in sorted(set(rp["scenario"])):
            f["scorer"].scenario.value = scenario
            f["scorer"].rater.value = "mgr"
            f["scorer"].remove.click()
            check()
    assert "Score" not in f["scorer"].list.value and "Self gap" not in f["scorer"].list.value
    if len(planted.roleplay(session_id=sid)):
        assert "Ratings received so far" in f["scorer"].list.value

    # the reveal: item text may show now, who named an item never does
    f["swot"].reveal.value = True
    for value in [v for _, v in f["swot"].entry_options() if v is not None]:
        f["swot"].load_entry(value)
        assert f["swot"].inputs["author_id"].value == ""  # never loaded, and disabled
        assert f["swot"].inputs["author_id"].disabled
        no_markers(PRIVATE, MANAGER_ONLY, COMMENT)
        f["swot"].clear.click()
    for x in (f["swot"].entries, f["swot"].list, f["swotvote"].rows_box, f["swotvote"].list):
        assert not [n for n in NAMES if n in state_of(x)], "a SWOT author reached the wall"
    for x in (f["pulse"].entries, f["pulse"].list):  # the pulse: the distribution only, no respondent
        assert not [n for n in NAMES if n in state_of(x)]
    no_markers(PRIVATE, MANAGER_ONLY, COMMENT)


def test_wall_lists_private_goals_by_owner_only(planted):
    w.Widget.close_all()
    f = forms.goal_form(planted, session_id="k1")
    labels = [label for label, _ in f.entry_options()]
    assert "Sam One · (private)" in labels and "Sue Two · (manager only)" in labels
    i = labels.index("Sue Two · (manager only)")
    f.load_entry(f.entry_options()[i][1])
    assert said(f).startswith("This goal is shared with the manager only: its owner corrects it from their own")
    assert "workshop-kit import" in said(f) and f.inputs["goal"].value == ""
    assert "(manager only)" in f.list.value and "(private)" in f.list.value


def test_manager_reads_manager_goals_but_never_private_ones(planted):
    w.Widget.close_all()
    f = forms.goal_form(planted, session_id="k1", audience="manager")
    state = wall_state()
    assert MANAGER_ONLY in state and PRIVATE not in state
    labels = [label for label, _ in f.entry_options()]
    f.load_entry(f.entry_options()[[x.startswith("Sue Two · Move abroad") for x in labels].index(True)][1])
    assert MANAGER_ONLY in f.inputs["goal"].value
    f.load_entry(f.entry_options()[labels.index("Sam One · (private)")][1])
    assert "private" in said(f) and PRIVATE not in wall_state()


def test_review_goal_form_shows_the_kickoff_goals_read_only(planted):
    # s1 and s3 set goals at the review (theirs replace their kickoff goals); s2 did not: hers stand, read-only
    f = forms.goal_form(planted, session_id="r1")
    assert "agreed at the session of 10 Jan 2026" in html.unescape(f.list.value)
    assert "Run a marathon" in f.list.value and "this session" in f.list.value
    assert "Pay for college" not in f.list.value  # s1's kickoff goal: replaced by the goals s1 set at the review
    carried = [
        v for label, v in f.entry_options() if label == "Sue Two · Run a marathon · Personal · agreed 10 Jan 2026"
    ]
    f.load_entry(carried[0])
    assert "agreed at the session of 10 Jan 2026" in said(f) and f.save.description == "Save"
    n = len(planted.goals())
    f.delete_entry(carried[0])
    assert len(planted.goals()) == n
    f.inputs["member_id"].value, f.inputs["goal"].value = "s2", "Coach a new hire"
    f.inputs["category"].value, f.inputs["visibility"].value = "career", "team"
    f.save.click()
    assert set(planted.goals(session_id="r1")["goal"]) >= {"Coach a new hire"}
    # s2 has revisited her goals now: the list shows each goal once, as every view of the session does
    assert "Coach a new hire" in f.list.value and "Run a marathon" not in f.list.value
    assert len(f.shown()) == len(planted.goals(session_id="r1"))


def test_review_action_form_updates_earlier_actions(store):
    changes = []
    f = forms.action_form(store, session_id="r1", on_change=lambda: changes.append(1))
    listed = html.unescape(f.list.value)
    assert "Book 5 meetings a week" in listed and "Follow up within 24h" in listed and "90 days" in listed
    assert "Build target list" not in listed  # dropped at the kickoff: no longer in view
    labels = [label for label, _ in f.entry_options()]
    i = [x.startswith("Sam One · Book 5 meetings a week") for x in labels].index(True)
    f.load_entry(f.entry_options()[i][1])
    assert f.inputs["action"].disabled and not f.inputs["status"].disabled
    f.inputs["status"].value = "done"
    f.save.click()
    a = store.actions().set_index(["session_id", "action_id"])
    assert a.loc[("k1", "a1"), "status"] == "done" and a.loc[("k1", "a1"), "action"] == "Book 5 meetings a week"
    assert changes == [1] and "Book 5 meetings" not in f.list.value
    # a new action of the review is added beside them
    f.inputs["owner_id"].value, f.inputs["due"].value = "s2", dt.date(2026, 5, 1)
    f.inputs["action"].value = "Call 3 lapsed clients"
    f.save.click()
    assert "Call 3 lapsed clients" in f.list.value and "Follow up within 24h" in f.list.value


# ---------------------------------------------------------------- the defects, each with its test


def test_roleplay_comment_once_per_rating(planted):
    """(a) the scorer's comment is about the whole call: shown once, not once per criterion."""
    m = forms.scorer(planted, session_id="k1", audience="manager")
    assert m.list.value.count(COMMENT) == 1 and "the whole call" in m.list.value
    assert "Self gap" in m.list.value
    wall = forms.scorer(planted, session_id="k1")
    assert COMMENT not in wall.list.value and "Self gap" not in wall.list.value
    m.scenario.value, m.seller.value, m.rater.value, m.role.value = "Call E", "s1", "s3", "peer"
    for b in m.levels.values():
        b.value = "3"
    m.comment.value = "Clear next step"
    m.button.click()
    assert m.list.value.count("Clear next step") == 1
    assert "Clear next step" not in wall.list.value  # the other form refreshed, still without comments


def test_closing_pulse_is_kept_apart(store):
    """(b) the closing pulse is recorded as closing and never mixed into the opening answers."""
    opening = forms.pulse_form(store, session_id="r1")
    closing = forms.pulse_form(store, session_id="r1", phase="closing")
    closing.inputs["score"].value = "5"
    closing.save.click()
    p = store.pulse(session_id="r1")
    assert sorted(p["phase"]) == ["closing", "opening", "opening"]
    assert p.loc[p["phase"] == "closing", "score"].tolist() == [5]
    # two opening answers and one closing one: too few to show, anywhere (the small-group rule is the cut's), and
    # the list says how many there are
    assert opening.entry_options() == [] and closing.entry_options() == []
    assert "2 so far: shown from 3" in opening.list.value and "1 so far: shown from 3" in closing.list.value
    for level in ("3", "4"):
        closing.inputs["score"].value = level
        closing.save.click()
    assert len(closing.entry_options()) == 3 and len(opening.entry_options()) == 0
    with pytest.raises(Exception, match="valid: opening, closing"):
        forms.pulse_form(store, session_id="r1", phase="middle")


def test_leader_at_a_review_adds_the_next_meeting(store):
    """(c) at a review with no later session, the room records the next meeting's date and leader."""
    f = forms.leader_form(store, session_id="r1")
    assert f.later.value is None and f.when.layout.display is None
    sessions = forms.session_form(store, team_id="t1")
    f.button.click()
    assert "Pick the next meeting's date first." in html.unescape(f.message.value)
    f.when.value = dt.date(2026, 3, 1)  # the date picker's
    f.button.click()
    assert "not after this session" in html.unescape(f.message.value) and len(store.sessions()) == 2
    f.when.value, f.who.value = dt.date(2026, 7, 15), "s2"
    f.button.click()
    s = store.sessions(session_id="t1-2026-07")
    assert s[["team_id", "date", "kind", "leader_id"]].iloc[0].tolist() == ["t1", "2026-07-15", "review", "s2"]
    assert "15 Jul 2026" in sessions.list.value  # the other form's list is current
    assert f.later.value == "t1-2026-07" and f.when.layout.display == "none"  # now: choose among later sessions
    r2 = forms.leader_form(store, session_id="t1-2026-07")
    r2.when.value = dt.date(2026, 7, 30)
    r2.button.click()
    assert "t1-2026-07-2" in set(store.sessions()["session_id"])


def test_lists_in_the_participants_words(planted):
    """(d) headers in words, money with the currency, no NaN/None/True/False, no member or item ids."""
    w.Widget.close_all()
    f = build(planted, "k1", audience="manager")
    f["commitments"].inputs["member_id"].value = "s1"
    heads = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", f["commitments"].list.value)
    assert heads == ["Seller", "Annual commitment", "Deals needed", "Opportunities needed", "First meetings a week"]
    assert "EUR 120,000" in f["commitments"].list.value
    assert "30%" in f["kpis"].list.value and "5 meetings" in f["kpis"].list.value
    for name in (
        "goals",
        "commitments",
        "swot",
        "swotvote",
        "kpivote",
        "kpis",
        "scorer",
        "actions",
        "pulse",
        "sessions",
    ):
        shown = html.unescape(f[name].list.value)
        cells = re.findall(r"<t[dh](?: [^>]*)?>(.*?)</t[dh]>", shown)
        bad = [
            c
            for c in cells
            if c in ("nan", "NaN", "None", "True", "False", "s1", "s2", "s3", "mgr", "i1", "k1") or c.endswith("_id")
        ]
        assert not bad, f"{name}: {bad}"
        labels = [label for label, _ in getattr(getattr(f[name], "entries", None), "options", ())]
        assert not [x for x in labels if re.search(r"\b(nan|None|True|False)\b", x)], name


def test_every_list_is_current_after_a_write(store):
    """(e) a save, an edit and a remove refresh the form's own list, the other forms' lists, and on_change."""
    calls = []
    items = forms.swot_item_form(store, session_id="k1", on_change=lambda: calls.append("swot"))
    votes = forms.swot_vote_form(store, session_id="k1", reveal=items)
    items.reveal.value = True
    n = len(votes.rows)
    items.inputs["quadrant"].value, items.inputs["text"].value = "T", "New rival"
    items.save.click()
    assert len(votes.rows) == n + 1 and "New rival" in items.list.value
    items.load_entry([v for label, v in items.entry_options() if "New rival" in label][0])
    items.inputs["text"].value = "New rival, cheaper"
    items.save.click()
    assert any("New rival, cheaper" in label for label, _ in votes.choices())
    items.delete_entry([v for label, v in items.entry_options() if "New rival" in label][0])
    assert len(votes.rows) == n and calls == ["swot"] * 4  # the reveal, a save, an edit, a remove
    goals = forms.goal_form(store, session_id="k1")
    commitments = forms.commitment_form(store, session_id="k1")
    commitments.inputs["member_id"].value = "s1"
    for col, v in dict(
        annual_commitment="240000", avg_deal_size="10000", win_rate="25%", sales_cycle_days="60"
    ).items():
        commitments.inputs[col].value = v
    commitments.save.click()
    assert "EUR 240,000" in commitments.list.value
    assert goals.list.value  # still there (another form's refresh does not break it)
