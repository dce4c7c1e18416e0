"""Issue 18, items 8 and 9: a seller's one-pager says what the manager's commitments stand at (a status, the due
date beside it) and names its session in words; every report names the role plays it scores (the scenario typed
in the room, the rubric and, for those who may see them, the seller), escaped, and a one-pager built from several
role plays names each one. At a kickoff, at a review and in a brand-new empty session."""

import html
import re

import pytest

from conftest import SAMPLE
from kit import audience as audiences
from kit import open_engagement, report
from kit.report import render
from kit.steps.roleplay import section as rp_section

STATUSES = {"open", "done", "dropped", "overdue"}
CIO = "CIO of a 3-hospital group <b>& co</b>"  # typed in the room: must come out escaped


def _page(v, title):
    return next((p for p in v["opening"] if p["title"].startswith(title)), None)


def _tables(part, first_column=None):
    return [
        b
        for b in (part["blocks"] if part else [])
        if b["kind"] == "table" and (first_column is None or b["columns"][0] == first_column)
    ]


def _footer(page):
    return re.search(r"<footer[^>]*>(.*?)</footer>", page, re.S).group(1)


def _roleplay_section(v):
    return next(s for s in v["sections"] if s["title"] == rp_section.TITLE)


def _second_role_play(eng, session_id="north-2026-04"):
    """Elena plays a second call at the April review, scored by herself, two peers and the manager."""
    raters = [("elena", "self", 4), ("priya", "peer", 3), ("tom", "peer", 2), ("dana", "manager", 2)]
    criteria = ["opening", "discovery_questions", "active_listening", "value_articulation"]
    criteria += ["objection_handling", "next_steps"]
    eng.add(
        "roleplay",
        [
            dict(
                session_id=session_id,
                scenario=CIO,
                rubric_id="discovery_call",
                seller_id="elena",
                rater_id=rater,
                rater_role=role,
                criterion_id=c,
                score=score,
                comment=None,
            )
            for rater, role, score in raters
            for c in criteria
        ],
    )


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sweep_onepager")
    out = {}
    for name in ("sample", "two"):
        eng = open_engagement(tmp / f"{name}.db", create=True)
        eng.import_source(SAMPLE)
        out[name] = eng
    # a brand-new review nobody has written anything into yet
    out["sample"].add("sessions", dict(session_id="north-new", team_id="north", date="2026-09-15", kind="review"))
    _second_role_play(out["two"])
    # a review in June where Elena plays only the CIO call
    out["two"].add("sessions", dict(session_id="north-cio", team_id="north", date="2026-06-10", kind="review"))
    _second_role_play(out["two"], "north-cio")
    yield out
    for eng in out.values():
        eng.close()


# ---------------------------------------------------------------- item 8: the manager's commitments, the footer


@pytest.mark.parametrize(
    "session_id, expected",
    [
        ("north-2026-01", [("Secure $15k of marketing budget for Elena's case studies", "1 Mar 2026", "open")]),
        (
            "north-2026-04",
            [
                ("Secure $15k of marketing budget for Elena's case studies", "1 Mar 2026", "overdue"),
                ("Join Elena's two largest hospital calls in May", "31 May 2026", "open"),
            ],
        ),
        (
            "north-new",  # nothing written yet: the manager's open commitments carried in, both past due now
            [
                ("Secure $15k of marketing budget for Elena's case studies", "1 Mar 2026", "overdue"),
                ("Join Elena's two largest hospital calls in May", "31 May 2026", "overdue"),
            ],
        ),
    ],
)
def test_the_managers_commitments_show_a_status_and_the_due_date_beside_it(stores, session_id, expected):
    session = report.load(stores["sample"], team_id="north", session_id=session_id)
    v = report.view(session, audience="member:elena")
    [t] = _tables(_page(v, "Your partner and your manager"), "Your manager committed to")
    assert t["columns"] == ["Your manager committed to", "Due", "Status"]
    assert sorted(map(tuple, t["rows"])) == sorted(expected)
    assert {r[-1] for r in t["rows"]} <= STATUSES
    page = render(v)
    if "overdue" in {r[-1] for r in t["rows"]}:
        assert 'class=" s-overdue">overdue</td>' in page  # shown in the overdue colour, as actions are


def test_a_done_commitment_of_the_manager_says_done(stores):
    session = report.load(stores["sample"], team_id="north", session_id="north-2026-04")
    v = report.view(session, audience="member:aisha")
    [t] = _tables(_page(v, "Your partner and your manager"), "Your manager committed to")
    assert [r[-1] for r in t["rows"]] == ["done"] and t["rows"][0][1] != "done"


@pytest.mark.parametrize(
    "session_id, words",
    [
        ("north-2026-01", "kickoff, 20 Jan 2026"),
        ("north-2026-04", "review, 21 Apr 2026"),
        ("north-new", "review, 15 Sep 2026"),
    ],
)
def test_the_footer_names_the_session_in_words_not_its_id(stores, session_id, words):
    session = report.load(stores["sample"], team_id="north", session_id=session_id)
    for audience in ("member:elena", "team", "manager"):
        footer = _footer(render(report.view(session, audience=audience)))
        assert words in footer, (audience, footer)
        assert session_id not in footer and "session " not in footer, (audience, footer)


# ---------------------------------------------------------------- item 9: role plays named in every report


@pytest.mark.parametrize(
    "session_id, scenario",
    [
        ("north-2026-01", "Discovery call: mid-size hospital group"),
        ("north-2026-04", "Discovery call: regional manufacturer"),
    ],
)
def test_the_team_and_manager_reports_name_each_role_play(stores, session_id, scenario):
    session = report.load(stores["sample"], team_id="north", session_id=session_id)
    sellers = sorted(session.sellers["name"])
    manager = _roleplay_section(report.view(session, audience="manager"))
    [t] = _tables(manager, "Scenario")
    assert t["columns"][:3] == ["Scenario", "Rubric", "Played by"]
    assert t["rows"] == [[scenario, "Discovery call", ", ".join(sellers), "18"]]
    team = _roleplay_section(report.view(session, audience="team"))
    [t] = _tables(team, "Scenario")
    assert t["rows"] == [[scenario, "Discovery call", "6 sellers", "18"]]
    said = " ".join(str(c) for b in team["blocks"] if b["kind"] == "table" for r in b["rows"] for c in r)
    assert not [n for n in sellers if n in said]  # the team's report names no seller beside a role play
    assert scenario in render(report.view(session, audience="team"))


def test_a_new_empty_session_lists_no_role_play_and_no_blank_as_a_word(stores):
    session = report.load(stores["sample"], team_id="north", session_id="north-new")
    for audience in ("team", "manager", "member:elena"):
        v = report.view(session, audience=audience)
        page = render(v)
        assert not re.search(r"\b(nan|NaN|NaT|None|null|undefined)\b", re.sub(r"<[^>]+>", " ", page)), audience
        if not audience.startswith("member:"):
            assert not _tables(_roleplay_section(v), "Scenario")
        else:
            part = _page(v, "Your role play")
            assert [b["kind"] for b in part["blocks"]] == ["empty"]


@pytest.mark.parametrize(
    "session_id, scenario",
    [
        ("north-2026-01", "Discovery call: mid-size hospital group"),
        ("north-2026-04", "Discovery call: regional manufacturer"),
    ],
)
def test_a_one_pager_names_the_role_play_its_scores_come_from(stores, session_id, scenario):
    session = report.load(stores["sample"], team_id="north", session_id=session_id)
    v = report.view(session, audience="member:elena")
    part = _page(v, "Your role play")
    assert part["title"] == f"Your role play: {scenario}"  # the scenario names the rubric already
    assert part["blocks"][0]["text"].startswith("Your score from others: ")


def test_two_role_plays_on_a_one_pager_one_row_each_and_escaped(stores):
    eng = stores["two"]
    session = report.load(eng, team_id="north", session_id="north-2026-04")
    v = report.view(session, audience="member:elena")
    part = _page(v, "Your role play")
    assert part["title"] == "Your role plays"
    first = part["blocks"][0]["text"]
    assert first.startswith("Your score from others, the average of your 2 role plays:"), first
    [t] = _tables(part, "Role play")
    assert t["columns"] == ["Role play", "Rubric", "From others", "You on you", "Ratings"]
    rows = {r[0]: r[1:] for r in t["rows"]}
    assert set(rows) == {CIO, "Discovery call: regional manufacturer"}
    assert rows[CIO] == ["Discovery call", "2.33", "4.00", "3"]
    page = render(v)
    assert CIO not in page and html.escape(CIO, quote=False) in page
    # the one-pager still fits one printed page, and when the criteria are put in a sentence the role plays are too
    fitted = report.view(session, audience="member:elena", page_size="A4")
    assert fitted["pages"] == 1
    policy = audiences.member("elena")
    short = report.sections.document(audiences.cut(session, policy), policy, ["criteria"])
    words = " ".join(b.get("text", "") for b in _page(short, "Your role play")["blocks"])
    assert not _tables(_page(short, "Your role play"), "Role play")
    assert f"{CIO} (2.33)" in words and "Discovery call: regional manufacturer (" in words


def test_two_role_plays_in_the_reports_and_only_the_seller_and_the_manager_see_the_scores(stores):
    eng = stores["two"]
    session = report.load(eng, team_id="north", session_id="north-2026-04")
    manager = _roleplay_section(report.view(session, audience="manager"))
    [plays] = _tables(manager, "Scenario")
    assert [r[:3] for r in plays["rows"]] == [
        [CIO, "Discovery call", "Elena Petrova"],
        ["Discovery call: regional manufacturer", "Discovery call", ", ".join(sorted(session.sellers["name"]))],
    ]
    # after the sellers' scores: each role play of a seller who had several
    [each] = [t for t in _tables(manager, "Seller") if "Role play" in t["columns"]]
    assert each["columns"] == ["Seller", "Role play", "Score (others)", "Self", "Ratings"]
    assert [r[:3] for r in each["rows"]] == [
        ["Elena Petrova", CIO, "2.33"],
        ["Elena Petrova", "Discovery call: regional manufacturer", "3.28"],
    ]
    team_view = report.view(session, audience="team")
    [plays] = _tables(_roleplay_section(team_view), "Scenario")
    assert [r[:3] for r in plays["rows"]][0] == [CIO, "Discovery call", "1 seller"]
    team_page = render(team_view)
    assert html.escape(CIO, quote=False) in team_page and CIO not in team_page
    assert "2.33" not in team_page and "Elena" not in _footer(team_page)
    # another seller's one-pager says nothing of Elena's second role play
    aisha = render(report.view(session, audience="member:aisha"))
    assert "CIO of a 3-hospital group" not in aisha


def test_a_single_role_play_whose_scenario_does_not_name_its_rubric_says_the_rubric(stores):
    session = report.load(stores["two"], team_id="north", session_id="north-cio")
    v = report.view(session, audience="member:elena")
    part = _page(v, "Your role play")
    assert part["title"] == f"Your role play: {CIO} (Discovery call rubric)"
    assert part["blocks"][0]["text"].startswith("Your score from others: 2.33 of 5")
    page = render(v)
    assert f"<h2>Your role play: {html.escape(CIO, quote=False)} (Discovery call rubric)</h2>" in page
