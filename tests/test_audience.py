"""The audience policies: every table cut before anything is built; planted markers searched in the cut rows."""

import pytest

from kit import audience, session
from kit.errors import KitError

PRIVATE, MANAGER_ONLY, TEAM, COMMENT = "PRIVATEMARK", "MANAGERMARK", "TEAMMARK", "COMMENTMARK"


@pytest.fixture
def marked(store):
    store.add(
        "goals",
        [
            dict(session_id="k1", member_id="s2", goal=f"IVF {PRIVATE}", category="personal", visibility="private"),
            dict(
                session_id="k1",
                member_id="s1",
                goal=f"Berlin {MANAGER_ONLY}",
                category="personal",
                visibility="manager",
            ),
            dict(session_id="k1", member_id="s3", goal=f"Contest {TEAM}", category="career", visibility="team"),
        ],
    )
    # a third seller scored, so the team's role-play figures may be shown to the team (MIN_GROUP)
    store.add(
        "roleplay",
        [
            dict(
                session_id="k1",
                scenario="Call C",
                rubric_id="discovery_call",
                seller_id="s3",
                rater_id="mgr",
                rater_role="manager",
                criterion_id=c["id"],
                score=3,
            )
            for c in store.rubrics()["discovery_call"]["criteria"]
        ],
    )
    rp = store.roleplay(session_id="k1")
    first = rp[(rp["seller_id"] == "s1") & (rp["rater_role"] != "self")].iloc[0].to_dict()
    store.update(
        "roleplay",
        {k: first[k] for k in ("session_id", "scenario", "seller_id", "rater_id", "criterion_id")},
        comment=f"Rushed {COMMENT}",
    )
    return store


def _text(s):
    frames = list(s.rows.values()) + list(s.own.values()) + list(s.before.values()) + [s.attainment, s.actuals]
    return "\n".join(df.to_csv() for df in frames)


@pytest.mark.parametrize("sid", ["k1", "r1"])
def test_each_audience_reads_only_its_rows(marked, sid):
    s = session.load(marked, team_id="t1", session_id=sid)
    seen = {
        name: _text(audience.cut(s, name))
        for name in ("wall", "team", "manager", "member:s1", "member:s2", "member:s3")
    }
    allowed = {
        PRIVATE: {"member:s2"},
        MANAGER_ONLY: {"manager", "member:s1"},
        TEAM: {"wall", "team", "manager", "member:s1", "member:s2", "member:s3"},
    }
    for marker, who in allowed.items():
        assert {n for n, text in seen.items() if marker in text} == who, marker
    # the comment belongs to k1's role play: at r1 it is the previous session's (in `before`)
    assert {n for n, text in seen.items() if COMMENT in text} == {"manager", "member:s1"}


def test_hidden_goals_keep_their_owner_and_say_why(marked):
    wall = audience.cut(session.load(marked, team_id="t1", session_id="k1"), audience.WALL)
    g = wall.rows["goals"]
    private = g[g["goal"] == "(private)"]
    assert set(private["member_id"]) == {"s2"} and not private["shared"].any() and private["category"].isna().all()
    assert set(g["goal"]) >= {"(private)", "(manager only)", f"Contest {TEAM}"}


def test_the_wall_names_no_author_voter_rater_or_respondent(marked):
    s = session.load(marked, team_id="t1", session_id="k1")
    wall = audience.cut(s, "wall")
    ids = set(s.members["member_id"])
    assert wall.rows["swot"]["author_id"].isna().all()
    assert not ids & set(wall.rows["swot_votes"]["voter_id"])
    rp = wall.rows["roleplay"]
    assert not ids & (set(rp["seller_id"]) | set(rp["rater_id"])) and rp["comment"].isna().all()
    assert wall.rows["pulse"]["respondent_id"].isna().all()
    # team figures still come out the same from the cut rows
    from kit.steps.roleplay import model as roleplay

    assert roleplay.team_mean(rp, rubrics=s.rubrics) == pytest.approx(
        roleplay.team_mean(s.rows["roleplay"], rubrics=s.rubrics)
    )
    assert roleplay.alpha(rp) == pytest.approx(roleplay.alpha(s.rows["roleplay"]), nan_ok=True)
    assert wall.name(rp["seller_id"].iloc[0]) == "a colleague"


def test_swot_text_waits_for_the_reveal(marked):
    s = session.load(marked, team_id="t1", session_id="k1")
    hidden = audience.cut(s, audience.WALL.revealed(False)).rows["swot"]
    assert set(hidden["text"]) == {audience.HIDDEN_ITEM}
    assert "Loyal customers" in set(audience.cut(s, audience.WALL).rows["swot"]["text"])


def test_unknown_audience_and_double_cut():
    with pytest.raises(KitError, match="valid: wall, team, manager, member:<member_id>"):
        audience.policy("boss")
    assert audience.policy("member:s1").member_id == "s1"


def test_a_session_is_cut_once(marked):
    s = audience.cut(session.load(marked, team_id="t1", session_id="k1"), "team")
    with pytest.raises(KitError, match="already cut to team"):
        audience.cut(s, "manager")


def test_no_team_figure_is_one_persons_own(marked):
    """A rubric only one seller played (or a KPI only two report) is left out of what the wall and the team see:
    its 'team' figure would be that person's own score. The manager sees it; the seller sees their own rows."""
    rows = [
        dict(
            session_id="k1",
            scenario="Objection",
            rubric_id="objection_handling",
            seller_id="s1",
            rater_id=r,
            rater_role=role,
            criterion_id=c["id"],
            score=5,
        )
        for r, role in (("s2", "peer"), ("mgr", "manager"))
        for c in marked.rubrics()["objection_handling"]["criteria"]
    ]
    store = marked
    store.add("roleplay", rows)
    s = session.load(store, team_id="t1", session_id="k1")
    assert not audience.cut(s, "manager").withheld["roleplay"] and audience.cut(s, "wall").withheld["roleplay"]
    for name in ("wall", "team", "member:s2"):
        assert "objection_handling" not in set(audience.cut(s, name).rows["roleplay"]["rubric_id"]), name
    assert "discovery_call" in set(audience.cut(s, "wall").rows["roleplay"]["rubric_id"])
    assert "objection_handling" in set(audience.cut(s, "manager").rows["roleplay"]["rubric_id"])
    mine = audience.cut(s, "member:s1").rows["roleplay"]
    assert set(mine.loc[mine["rubric_id"] == "objection_handling", "seller_id"]) == {"s1"}


def test_a_pulse_of_too_few_answers_is_cut_for_everyone_and_counted(store):
    """Anonymous answers: a pulse group (phase and dimension) of fewer than MIN_GROUP answers is left out by the cut
    for every audience, the manager's included (no view can forget the rule), and counted so views can say so.
    r1: two opening answers; its previous session, k1, four."""
    store.add("pulse", [dict(session_id="r1", score=5, phase="closing") for _ in range(3)])
    store.add("pulse", dict(session_id="r1", score=1, dimension="manager"))
    s = session.load(store, team_id="t1", session_id="r1")
    assert len(s.pulse("opening")) == 2  # uncut: as stored
    for name in ("wall", "team", "manager", "member:s1"):
        cut = audience.cut(s, name)
        assert cut.pulse("opening").empty and cut.pulse_withheld("opening") == 2 == cut.pulse_answers("opening")
        assert cut.pulse("opening", "manager").empty and cut.pulse_withheld("opening", "manager") == 1
        assert len(cut.pulse("closing")) == 3 and cut.pulse_withheld("closing") == 0  # three: shown
        assert len(cut.pulse_before()) == 4 and not cut.withheld["pulse_before"]
    wall = audience.cut_table("pulse", store.pulse(session_id="r1"), "wall")  # a form's list: the same rule
    assert sorted(wall["phase"].fillna("opening")) == ["closing"] * 3


def test_privacy_is_decided_in_the_policy_only():
    """No view reads the policy's flags or compares a group with MIN_GROUP itself: it asks the named decisions of
    kit/audience.py (reads_each_person, names_who_said, one_seller, personal, reads_beyond_team, keeps_the_record,
    sees_person, shows_group), so a privacy rule is changed in one place."""
    import re
    from pathlib import Path

    kit = Path(__file__).resolve().parent.parent / "kit"
    flags = re.compile(r"\.(individuals|authors)\b|\b(policy|pol|audience)\.member_id is\b|\bset\(\w+\.goals\)")
    small = re.compile(r"[<>]=?\s*MIN_GROUP\b|\bMIN_GROUP\s*[<>]")
    found = [
        f"{p.relative_to(kit)}:{n}: {line.strip()}"
        for p in sorted(kit.rglob("*.py"))
        if p.name != "audience.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if flags.search(line) or small.search(line)
    ]
    assert not found, "\n".join(found)
