"""Issue 18, items 1, 6 and 7: who leads a meeting (recorded or only proposed, never 'nan'), the rotation moving on
past a session without a recorded leader, and the agenda's first-meetings figure agreeing with each one-pager."""

import html
import re
import subprocess
import sys

import pytest

from conftest import SAMPLE
from kit import _format as fmt
from kit import audience, open_engagement, report, session, summary
from kit.report import readout, rollup
from kit.report._render import render
from kit.steps.actions import model as accountability
from kit.steps.review import model as review

BLANK_WORDS = re.compile(r"\b(nan|NaN|NaT|null|undefined|None)\b")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample engagement, plus a brand-new empty review of team south with no leader and no rows."""
    path = tmp_path_factory.mktemp("leaders") / "sample.db"
    eng = open_engagement(path, create=True)
    eng.import_source(SAMPLE)
    eng.add("sessions", dict(session_id="south-2026-07", team_id="south", date="2026-07-14", kind="review"))
    yield eng
    eng.close()


def _load(eng, sid):
    return session.load(eng, team_id=sid.split("-")[0], session_id=sid)


def _text(page):
    """The words of an HTML page as a reader sees them (no style sheet, no tags, entities decoded)."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _deck_text(s, tmp_path):
    from pptx import Presentation

    path = readout.write_readout(s, tmp_path / f"{s.session_id}.pptx")
    return " ".join(sh.text_frame.text for sl in Presentation(path).slides for sh in sl.shapes if sh.has_text_frame)


# ---------------------------------------------------------------- item 1: a blank leader is no leader, not 'nan'


def test_a_blank_leader_is_none_and_the_rotation_moves_past_the_proposal(sample):
    s = _load(sample, "south-2026-04")
    assert s.info["leader_id"] is None  # read from the store as a blank, never NaN (NaN counts as true)
    assert (s.leader, s.leader_recorded) == ("diego", False)  # the rotation's proposal for this review
    # Luis led the kickoff and Diego was proposed for the April review: the next proposal moves on to Grace
    assert _load(sample, "south-2026-01").next_leader == "diego"
    assert s.next_leader == "grace" and not s.next_leader_recorded
    new = _load(sample, "south-2026-07")
    assert (new.leader, new.leader_recorded) == ("grace", False)
    assert new.next_leader == "hannah"  # led least (never), then by id


def test_rotation_counts_a_proposed_leader_as_having_led():
    import pandas as pd

    members = pd.DataFrame(dict(member_id=["a", "b", "c"], team_id="t"))
    sessions = pd.DataFrame(
        dict(
            session_id=["s1", "s2", "s3"],
            team_id="t",
            date=["2026-01-01", "2026-02-01", "2026-03-01"],
            leader_id=["a", None, float("nan")],
        )
    )
    rot, after = accountability.rotation(sessions, members, team_id="t")
    assert rot[["session_id", "leader_id", "recorded"]].values.tolist() == [
        ["s1", "a", True],
        ["s2", "b", False],
        ["s3", "c", False],
    ]
    assert after == accountability.next_leader(sessions, members, team_id="t") == "a"  # all led once; a longest ago
    assert accountability.next_leader(sessions, members, team_id="t", as_of="2026-02-15") == "c"


@pytest.mark.parametrize(
    "sid, words",
    [
        ("north-2026-04", "Led by Priya Natarajan."),
        (
            "south-2026-04",
            "No leader recorded for this review: the rotation proposes Diego Fernández (who has led least",
        ),
        ("south-2026-07", "No leader recorded for this review: the rotation proposes Grace Kim (who has led least"),
    ],
)
def test_the_agenda_names_its_leader_or_says_none_is_recorded(sample, sid, words):
    text = _text(render(report.agenda(_load(sample, sid))))
    assert words in text
    assert not BLANK_WORDS.search(text), BLANK_WORDS.search(text)


# ---------------------------------------------------------------- item 7: proposed until recorded


NEXT = {
    # kickoff: the April review exists and Priya is recorded as its leader
    "north-2026-01": ("led by", "Priya Natarajan"),
    # no later session: the rotation's proposal (Dana and Priya have led; Aisha first by id of those who never led)
    "north-2026-04": ("proposed", "Aisha Rahman"),
    # the April review exists but records no leader
    "south-2026-01": ("proposed", "Diego Fernández"),
    "south-2026-04": ("proposed", "Grace Kim"),
    "south-2026-07": ("proposed", "Hannah Brooks"),  # a brand-new empty review
}


@pytest.mark.parametrize("sid", sorted(NEXT))
def test_the_next_leader_is_proposed_until_recorded_in_every_document(sample, sid, tmp_path):
    how, name = NEXT[sid]
    s = _load(sample, sid)
    other = "proposed" if how == "led by" else "led by"
    for aud in ("team", "manager"):
        text = _text(render(report.view(s, audience=aud)))
        if how == "led by":
            assert f"led by {name}" in text or f"led by: {name}" in text, (aud, text[:3000])
        else:
            assert f"proposed: {name}" in text, (aud, text[:3000])
        assert not re.search(rf"{other}:? {re.escape(name)}", text)
    deck = _deck_text(s, tmp_path)
    assert (f"The next review is led by {name}." if how == "led by" else f"proposed: {name}") in deck
    row = summary.summary(sample, sessions=[sid]).iloc[0]
    assert (row["next_leader_name"], row["next_leader_status"]) == (
        name,
        "recorded" if how == "led by" else "proposed",
    )


def test_the_rollup_and_the_summary_screen_say_proposed(sample):
    text = _text(rollup.render_rollup(rollup.rollup(sample)))
    from kit import session

    rows = summary.summary(sample).sort_values(["date", "session_id"])
    held = [
        any(len(df) for df in session.load(sample, team_id=t, session_id=i).own.values())
        for t, i in zip(rows["team_id"], rows["session_id"])
    ]
    latest = rows[held].groupby("team_id").tail(1)  # the roll-up shows each team at its latest session held
    assert len(latest) == 2
    for r in latest.itertuples():  # nobody records the leader of a meeting not held yet
        assert r.next_leader_status == "proposed"
        assert f"Next review: its leader is not recorded yet (proposed: {r.next_leader_name})." in text
    assert "Next review led by" not in text
    out = subprocess.run(
        [sys.executable, "-m", "kit", "summary", str(sample.path)], capture_output=True, text=True, check=True
    ).stdout
    assert "next leader proposed: Aisha Rahman" in out  # north-2026-04
    assert "next leader Priya Natarajan" in out  # north-2026-01: recorded on north-2026-04
    assert "next leader proposed: Diego Fernández" in out  # south-2026-01: south-2026-04 records no leader
    assert not BLANK_WORDS.search(out)


# ---------------------------------------------------------------- item 6: the agenda's figure and the one-pager's


@pytest.mark.parametrize("sid", ["north-2026-04", "south-2026-04"])
def test_the_agenda_figure_matches_every_one_pager(sample, sid):
    s = _load(sample, sid)
    full = review.rebuilt_funnel(audience.cut(s, audience.MANAGER)).set_index("member_id")
    v = report.agenda(s)
    agenda = _text(render(v))
    (funnels,) = [b for sec in v["sections"] if sec["title"].startswith("3.") for b in sec["blocks"] if "rows" in b]
    shown = {row[0]: row[funnels["columns"].index("Now, at the committed rates")] for row in funnels["rows"]}
    assert "if nothing is won yet" not in agenda  # it was not a ceiling: a lower win rate than committed needs more
    assert "at the win rate and deal size each seller committed to" in agenda
    for m in s.sellers["member_id"]:
        r = full.loc[m]
        committed = fmt.num(r["committed_meetings_per_week"], 1)
        # the agenda's figure is the same whatever the cut: the team's and the manager's funnels agree on it
        team = review.rebuilt_funnel(audience.cut(s, audience.TEAM)).set_index("member_id").loc[m]
        assert team["committed_meetings_per_week"] == r["committed_meetings_per_week"]
        assert shown[r["name"]] == committed, (m, shown)
        mine = _text(render(report.view(s, audience=f"member:{m}")))
        # the one-pager gives the seller's own figure (from their results) and the agenda's line for them
        assert f"the rest takes {fmt.num(r['meetings_per_week'], 1)} first meetings a week" in mine, m
        assert f"The leader's agenda shows {committed} a week for you" in mine, (m, mine[:2000])


def test_elena_figures(sample):
    s = _load(sample, "north-2026-04")
    f = review.rebuilt_funnel(audience.cut(s, audience.member("elena"))).set_index("member_id").loc["elena"]
    assert round(f["meetings_per_week"], 1) == 3.9  # from her bookings, win rate and deal size
    assert round(f["committed_meetings_per_week"], 1) == 2.7  # at her commitment's rates, nothing won counted
    team = review.rebuilt_funnel(audience.cut(s, audience.TEAM)).set_index("member_id").loc["elena"]
    assert team["won"] is None and team["sources"] == []  # the team's cut never sees her bookings


def test_a_seller_with_nothing_reported_gets_one_figure(sample):
    s = _load(sample, "south-2026-07")  # the empty review: commitments carried, no new results
    f = review.rebuilt_funnel(audience.cut(s, audience.MANAGER))
    no_results = f[f["sources"].map(len) == 0]
    assert (no_results["meetings_per_week"] == no_results["committed_meetings_per_week"]).all()


def test_the_leader_form_shows_what_is_recorded_and_moves_the_rotation_on(sample):
    from kit import forms

    f = forms.leader_form(sample, session_id="north-2026-01")  # Priya is recorded for the April review
    assert f.who.value == "priya"
    assert "Recorded for 21 Apr 2026: <b>Priya Natarajan</b> leads it." in f.form.proposal.value
    assert f.later.options[0] == ("21 Apr 2026 (review, led by Priya Natarajan)", "north-2026-04")
    f = forms.leader_form(sample, session_id="south-2026-01")  # the April review records no leader
    assert f.later.options[0] == ("23 Apr 2026 (review, no leader recorded yet)", "south-2026-04")
    assert f.who.value == "diego"
    f = forms.leader_form(sample, session_id="south-2026-04")  # Diego was proposed for it: the rotation moves on
    assert f.who.value == "grace" and "Grace Kim" in f.form.proposal.value
    for label, _ in f.later.options:
        assert not BLANK_WORDS.search(label)


def test_a_new_team_with_one_empty_review(tmp_path):
    """No row at all but the team, its people and the session: nobody recorded, everything said as proposed."""
    from kit._store import Engagement

    eng = Engagement(tmp_path / "empty.db", create=True)
    eng.set_settings(name="Empty", client="Nobody yet", currency="EUR")
    people = [
        ("m", "Mia Manager", "manager", None),
        ("s1", "Sol One", "seller", "East"),
        ("s2", "Sam Two", "seller", "West"),
    ]
    eng.add_many(
        {
            "teams": [dict(team_id="t", name="Team T", manager_id="m", annual_target=1_000_000)],
            "members": [
                dict(member_id=i, team_id="t", name=n, role=r, territory=t, annual_quota=0 if t is None else 1)
                for i, n, r, t in people
            ],
        }
    )
    eng.add("sessions", dict(session_id="e", team_id="t", date="2026-05-04", kind="review"))
    s = session.load(eng, team_id="t", session_id="e")
    assert (s.info["leader_id"], s.leader, s.next_leader, s.next_leader_recorded) == (None, "m", "s1", False)
    agenda = _text(render(report.agenda(s)))
    assert "No leader recorded for this review: the rotation proposes Mia Manager" in agenda
    assert "who leads the next review (proposed: Sol One)" in agenda
    team = _text(render(report.view(s, audience="team")))
    assert "proposed: Sol One" in team and "led by" not in team.lower()
    for text in (agenda, team):
        assert not BLANK_WORDS.search(text), BLANK_WORDS.search(text)
    eng.close()
