"""The review loop's figures, computed by hand on the minimal fixture plus a few rows: the funnel rebuilt from
actuals, time against need, the reciprocal ledger, action ageing, partners, and the documents that show them
(the leader's agenda, department briefs, the review's first pages)."""

import shutil

import pandas as pd
import pytest

from conftest import MINIMAL
from kit import audience, report, session
from kit._store import Engagement
from kit.steps.review import model as review
from kit.steps.swot import model as swot

R1 = "2026-04-10"  # the review's date
WEEKS_LEFT = 46 * 265 / 365  # 265 days from 10 Apr to 31 Dec 2026, of 46 selling weeks a year


def _folder(tmp_path, *, extra_coaching=()):
    folder = shutil.copytree(MINIMAL, tmp_path / "engagement")
    actions = pd.read_csv(folder / "actions.csv", dtype=str, keep_default_na=False)
    more = pd.DataFrame(
        [
            ["r1", "a5", "mgr", "Join Sam's first call with Acme", "2026-04-30", "", "open", "q1", "s1"],
            ["k1", "a6", "s1", "Check in with Sue on her pipeline", "2026-02-15", "", "done", "", "s2"],
        ],
        columns=list(actions.columns) + ["ask_id", "for_id"],
    )
    pd.concat([actions.assign(ask_id="", for_id=""), more]).to_csv(folder / "actions.csv", index=False)
    (folder / "asks.csv").write_text(
        "session_id,ask_id,member_id,ask,status\nk1,q1,s1,Join my first call with Acme,open\n"
        "k1,q2,s2,Fix my CRM access,done\n"
    )
    (folder / "partners.csv").write_text(
        "session_id,member_id,partner_id\nk1,s1,s2\nk1,s2,s3\nk1,s3,s1\n"  # a ring of three
    )
    with open(folder / "kpi_actuals.csv", "a") as f:
        f.write(
            "s1,bookings,2026-01-31,10000\ns1,bookings,2026-02-28,20000\ns1,bookings,2026-03-31,10000\n"
            "s1,avg_deal_size,2026-03-31,8000\ns1,meeting_to_opportunity,2026-03-31,0.5\n"
            "s1,bookings,2026-04-30,99000\n"  # after the review: not counted
        )
    (folder / "coaching.csv").write_text(
        "date,manager_id,member_id,minutes,kind,note\n"
        "2026-01-05,mgr,s2,90,one_to_one,\n"  # before the kickoff: not since the previous session
        "2026-02-01,mgr,s1,45,one_to_one,\n"
        "2026-02-08,mgr,s2,30,joint_call,\n" + "".join(extra_coaching)
    )
    swot = pd.read_csv(folder / "swot.csv", dtype=str, keep_default_na=False)
    swot["department"] = ["sales_ops" if i == "i2" else "" for i in swot["item_id"]]
    swot["ask"] = ["Automate follow-up reminders in the CRM" if i == "i2" else "" for i in swot["item_id"]]
    swot["answer"] = ""
    swot.to_csv(folder / "swot.csv", index=False)
    return folder


@pytest.fixture
def r1(tmp_path):
    eng = Engagement(tmp_path / "s.db", create=True)
    eng.import_source(_folder(tmp_path))
    yield session.load(eng, team_id="t1", session_id="r1")
    eng.close()


def test_action_ageing_by_hand(r1):
    a = review.ageing(r1)
    assert list(a["action_id"]) == ["a4", "a1", "a5"]  # due 31 Jan, 1 Feb, 30 Apr
    assert list(a["days_overdue"]) == [69, 68, 0]
    assert list(a["carried"]) == [True, True, False]


def test_the_funnel_rebuilt_from_actuals_by_hand(r1):
    f = review.rebuilt_funnel(r1).set_index("member_id")
    s1 = f.loc["s1"]
    assert s1["won"] == 40000  # Jan + Feb + Mar bookings; April's is after the review
    assert s1["remaining"] == 80000 and s1["deal_size"] == 8000 and s1["win_rate"] == 0.2
    assert s1["meetings_per_opportunity"] == 2  # 1 / 0.5
    assert (s1["deals_needed"], s1["opportunities_needed"]) == (10, 50)  # 80000 / 8000; 10 / 0.2
    assert s1["weeks_left"] == pytest.approx(WEEKS_LEFT)
    assert s1["meetings_per_week"] == pytest.approx(50 / WEEKS_LEFT * 2)  # 2.99
    assert s1["plan_meetings_per_week"] == pytest.approx(48 / 46 * 2)  # kickoff: 12 deals, 48 opportunities
    assert s1["pace"] == pytest.approx((50 / WEEKS_LEFT * 2) / (48 / 46 * 2))
    assert s1["kpi_target"] == 5 and s1["kpi_difference"] == pytest.approx(5 - 50 / WEEKS_LEFT * 2)
    s2 = f.loc["s2"]  # nothing reported: the commitment's own rates, nothing won
    assert s2["won"] is None and s2["remaining"] == 100000 and s2["opportunities_needed"] == 10
    assert s2["sources"] == []


def test_time_against_need_by_hand(r1):
    t, flag = review.time_against_need(r1)
    t = t.set_index("member_id")
    # s1: win rate 0.2 of 0.3 (67%) is a shortfall; opening 2.0 and discovery 2.5 from others; pace 1.43 > 1.2
    assert (t.loc["s1", "shortfalls"], t.loc["s1", "low_criteria"], t.loc["s1", "at_risk"]) == (1, 2, True)
    assert t.loc["s1", "need"] == 3 and t.loc["s1", "minutes"] == 45
    # s2: 3 meetings of 5 (60%); scores of 3.0 are not low; no bookings reported, so no pace to judge
    assert (t.loc["s2", "need"], t.loc["s2", "minutes"], t.loc["s2", "by_kind"]) == (1, 30, {"joint_call": 30})
    assert (t.loc["s3", "need"], t.loc["s3", "minutes"]) == (0, 0)
    assert flag is None  # the one most in need got the most time


def test_the_flag_when_those_most_in_need_get_the_least(tmp_path):
    eng = Engagement(tmp_path / "s.db", create=True)
    eng.import_source(_folder(tmp_path, extra_coaching=["2026-03-01,mgr,s3,120,pipeline_review,\n"]))
    _, flag = review.time_against_need(session.load(eng, team_id="t1", session_id="r1"))
    assert flag == dict(most=["Sam One"], most_minutes=45, others_minutes=75)  # (30 + 120) / 2
    eng.close()


def test_the_reciprocal_ledger_by_hand(r1):
    led = {x["member_id"]: x for x in review.ledger(r1)}
    # since the previous session (the kickoff): every action agreed there or here, whatever its status
    assert sorted(led["s1"]["mine"]["action_id"]) == ["a1", "a6"]
    assert led["s1"]["counts_mine"] == {"open": 1, "done": 1, "dropped": 0}
    assert list(led["s1"]["manager"]["action_id"]) == ["a5"]  # answers q1, for s1
    assert led["s1"]["counts_manager"] == {"open": 1, "done": 0, "dropped": 0}
    assert (led["s1"]["asks_open"], led["s1"]["asks_answered"]) == (1, 1)
    assert led["s2"]["counts_mine"] == {"open": 0, "done": 0, "dropped": 1}  # a3
    assert led["s2"]["manager"].empty  # a2 (the manager's, done) names nobody
    assert (len(led["s2"]["asks"]), led["s2"]["asks_open"], led["s2"]["asks_answered"]) == (1, 0, 0)
    assert led["s3"]["counts_mine"] == {"open": 1, "done": 0, "dropped": 0}


def test_partners_carried_with_their_check_ins(r1):
    p = review.partners(r1).set_index("member_id")
    assert dict(p["partner_id"]) == {"s1": "s2", "s2": "s3", "s3": "s1"}
    assert (p.loc["s1", "done"], p.loc["s2", "done"], p.loc["s3", "done"]) == (1, 0, 0)  # a6: s1 with s2; s2 pairs s3
    assert dict(p["earlier_id"]) == dict(p["partner_id"])  # no new rotation at the review


def test_a_partner_rotation_avoids_earlier_pairs():
    rows = review.propose_partners(["a", "b", "c", "d"], earlier=[("a", "b"), ("c", "d")])
    pairs = {frozenset((r["member_id"], r["partner_id"])) for r in rows}
    assert pairs == {frozenset("ad"), frozenset("bc")}
    odd = review.propose_partners(["a", "b", "c", "d", "e"])
    assert sorted(r["member_id"] for r in odd) == ["a", "b", "c", "d", "e"]  # everyone has one partner
    assert all(r["member_id"] != r["partner_id"] for r in odd)
    assert review.propose_partners(["a"]) == []


def test_the_agenda_and_a_brief_hold_team_figures_only(r1):
    html = report.render(report.agenda(r1))
    for words in ("Open actions, oldest first", "69 days overdue", "Join Sam&#39;s first call with Acme", "Check-ins"):
        assert words in html
    assert "Automate follow-up reminders in the CRM" in html  # the ask to Sales Operations
    assert "40,000" not in html  # s1's bookings: an individual result
    briefs = report.briefs(r1)
    assert list(briefs) == ["sales_ops"]
    brief = report.render(briefs["sales_ops"])
    assert "Brief for Sales Operations" in brief and "awaiting your answer" in brief
    assert "Sam One" not in brief  # no author, no person


def test_a_kickoff_and_an_empty_session_have_no_agenda(tmp_path, r1):
    eng = Engagement(tmp_path / "k.db", create=True)
    eng.import_source(_folder(tmp_path / "k"))
    k1 = session.load(eng, team_id="t1", session_id="k1")
    assert report.agenda(k1) is None
    assert [str(p) for p, _ in report.documents(k1, audiences=("team",))] == ["team.html", "briefs/sales_ops.html"]
    eng.add("sessions", dict(session_id="r2", team_id="t1", date="2026-07-10", kind="review", leader_id=None))
    r2 = session.load(eng, team_id="t1", session_id="r2")  # a brand-new review: everything carried
    html = report.render(report.agenda(r2))
    assert "Open actions, oldest first" in html and "Join Sam&#39;s first call with Acme" in html
    eng.close()


def test_a_review_opens_with_progress_for_each_audience(r1):
    manager = report.render(report.view(r1, audience="manager"))
    first = manager.index("Praise and address early")
    assert first < manager.index("Your time against their need") < manager.index("What we agreed")
    one = report.render(report.view(r1, audience="member:s1"))
    assert "What we agreed" not in one  # the one-pager opens with the seller's numbers, on one page
    assert one.index("Your funnel, rebuilt from your results") < one.index("Your actions") < one.index("Your KPIs")
    assert "You have won EUR 40k of your EUR 120k commitment" in one and "Your accountability partner: Sue Two" in one
    assert "Join Sam&#39;s first call with Acme" in one  # the manager's commitment to s1
    team = report.render(report.view(r1, audience="team"))
    assert team.index("Open actions first") < team.index("What we agreed")
    assert "Praise and address early" not in team and "against their need" not in team


def test_one_to_one_rows_are_cut_for_everyone_but_that_manager_and_that_seller(r1):
    assert len(audience.cut(r1, audience.MANAGER).coaching) == 3
    assert list(audience.cut(r1, audience.member("s2")).coaching["member_id"]) == ["s2", "s2"]
    for pol in (audience.TEAM, audience.WALL, audience.member("s3")):
        cut = audience.cut(r1, pol)
        assert cut.coaching.empty and cut.conversations.empty


def test_a_write_is_checked_against_the_teams_other_sessions(tmp_path):
    from kit.errors import ValidationError

    eng = Engagement(tmp_path / "s.db", create=True)
    eng.import_source(_folder(tmp_path))
    eng.add("pulse", dict(session_id="r1", score=4))  # r1's action a5 answers k1's ask q1: still valid
    before = list(eng._con.raw.iterdump())
    with pytest.raises(ValidationError, match="'q1' is not an ask_id of team t1"):
        eng.delete("asks", dict(session_id="k1", ask_id="q1"))  # a5 (at r1) answers it
    with pytest.raises(ValidationError, match="'q9' is not an ask_id of team t1"):
        eng.add(
            "actions",
            dict(
                session_id="r1",
                action_id="a9",
                owner_id="mgr",
                action="x",
                due="2026-05-01",
                status="open",
                ask_id="q9",
            ),
        )
    assert list(eng._con.raw.iterdump()) == before  # nothing written
    eng.close()


def test_amounts_in_running_text_are_rounded_as_a_reader_uses_them():
    from kit import _format as fmt

    assert [fmt.amount(x, "USD") for x in (7_550_000, 1_307_178, 350_400, 8_500, -170_000)] == [
        "USD 7.55M",
        "USD 1.31M",
        "USD 350k",
        "USD 8,500",
        "USD -170k",
    ]
    assert fmt.money(1_307_178, "USD") == "USD 1,307,178"  # tables keep the full figure


def test_a_strategy_written_at_a_review_stands_beside_the_carried_swot(tmp_path):
    eng = Engagement(tmp_path / "s.db", create=True)
    eng.import_source(_folder(tmp_path))
    eng.add(
        "strategies",
        dict(session_id="r1", strategy_id="st9", text="Win the new market with loyal customers", item_ids="i1 i3"),
    )
    s = session.load(eng, team_id="t1", session_id="r1")
    assert "swot" in s.carried  # the kickoff's SWOT stands at the review
    st = swot.written_strategies(s)
    assert list(st["strategy_id"]) == ["st9"] and st["items"][0] == ["Loyal customers", "New market"]
    eng.close()
