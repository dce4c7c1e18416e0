"""Reports: privacy by audience (marker strings searched in every output file), escaping, summary.csv
figures by hand, byte-identical re-renders, and batch behaviour (bad ids, failures, skipping)."""

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINIMAL
from kit._batch import render_reports

NOTEBOOKS = Path(__file__).parent / "notebooks"
MARK_PRIVATE = "PRIVATEMARKs2"  # s2's private goal
MARK_MANAGER = "MANAGERMARKs1"  # s1's goal shared with the manager only
MARK_TEAM = "TEAMMARKs3"  # s3's goal shared with the team
MARK_COMMENT = "COMMENTMARKs1"  # a peer's comment on s1's role play
MARK_COACH = "COACHMARKs1"  # the manager's coaching note on s1 (between the kickoff and the review)
MARK_TALK = "TALKMARKs2"  # a documented conversation with s2
MARK_ACCOUNT = "ACCOUNTMARKs2"  # s2's private target account
MARK_ACCOUNT_MANAGER = "GLOBEXMGRs1"  # s1's target account shared with the manager only
SCRIPT = "<script>alert('x')</script>"


def _marked(folder):
    shutil.copytree(MINIMAL, folder)
    with open(folder / "goals.csv", "a", newline="") as f:
        w = csv.writer(f)
        w.writerow(["k1", "s2", f"Pay for IVF {MARK_PRIVATE}", "personal", "private"])
        w.writerow(["k1", "s1", f"Move to Berlin {MARK_MANAGER}", "personal", "manager"])
        w.writerow(["k1", "s3", f"Win the sales contest {MARK_TEAM} {SCRIPT}", "career", "team"])
    (folder / "accounts.csv").write_text(
        "session_id,member_id,account,why,visibility\n"
        f"k1,s2,Initech {MARK_ACCOUNT},Their CTO is my neighbour,private\n"
        f"k1,s1,Globex {MARK_ACCOUNT_MANAGER},,manager\n"
        "k1,s3,Umbrella Corp,Renewal in March,team\n"
    )
    text = (folder / "roleplay.csv").read_text().replace('"Rushed, no agenda"', f'"Rushed {MARK_COMMENT}"')
    (folder / "roleplay.csv").write_text(text)
    (folder / "coaching.csv").write_text(
        "date,manager_id,member_id,minutes,kind,note\n"
        f"2026-02-01,mgr,s1,45,one_to_one,Pipeline hygiene {MARK_COACH}\n"
        "2026-02-08,mgr,s2,30,joint_call,\n"
    )
    (folder / "conversations.csv").write_text(
        "date,manager_id,member_id,topic,summary,agreed_next_step,follow_up\n"
        f"2026-03-01,mgr,s2,shortfall,Meetings well below target {MARK_TALK},Two more first meetings a week,"
        "2026-03-29\n"
    )
    # a brand-new team with a session that holds no data yet
    for name, row in (
        ("teams.csv", ["t2", "Team Two", "m2", 100000]),
        ("members.csv", ["m2", "t2", "Max Manager", "manager", "", 0]),
        ("members.csv", ["s9", "t2", "Sal Nine", "seller", "North", 100000]),
        ("sessions.csv", ["n1", "t2", "2026-05-01", "kickoff", ""]),
    ):
        with open(folder / name, "a", newline="") as f:
            csv.writer(f).writerow(row)
    return folder


def _text_of(path):
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    base = tmp_path_factory.mktemp("reports")
    source = _marked(base / "engagement")
    out = base / "out"
    jobs = render_reports(source, out, formats=("html", "pdf", "pptx"), jobs=2, progress=False, keep_notebooks=True)
    assert [j.error for j in jobs] == [None, None, None]
    return out


def _files(out):
    return [p for p in out.rglob("*") if p.is_file()]


# where each marker may appear (paths relative to a session folder), for session k1
ALLOWED = {
    MARK_PRIVATE: {"members/s2"},
    MARK_MANAGER: {"manager", "members/s1"},
    MARK_TEAM: {"team", "manager", "members/s3"},
    MARK_COMMENT: {"manager", "members/s1"},
    MARK_COACH: {"manager", "members/s1"},
    MARK_TALK: {"manager", "members/s2"},
    MARK_ACCOUNT: {"members/s2"},  # carried into the review (r1) as goals are
    MARK_ACCOUNT_MANAGER: {"manager", "members/s1"},
}


@pytest.mark.parametrize("marker", list(ALLOWED))
def test_each_document_holds_only_what_its_audience_may_see(rendered, marker):
    for session in ("k1", "r1"):  # r1 (a review) carries the kickoff's goals forward
        folder = rendered / "t1" / session
        for path in folder.rglob("*"):
            if path.suffix not in (".html", ".pdf"):
                continue
            stem = str(path.relative_to(folder).with_suffix(""))
            found = marker in _text_of(path)
            if marker == MARK_COMMENT and session == "r1":
                assert not found, path  # the comment belongs to k1's role play only
            elif marker in (MARK_COACH, MARK_TALK) and session == "k1":
                assert not found, path  # recorded after the kickoff
            else:
                allowed = ALLOWED[marker]
                if session == "r1" and marker in (MARK_TEAM, MARK_MANAGER):
                    # at a review, goals nobody revisited are one dated line in the team's and the manager's
                    # documents; each seller's own page still lists theirs
                    allowed = {a for a in allowed if a.startswith("members/")}
                assert found == (stem in allowed), f"{marker} in {path}: {found}"


def test_no_marker_in_another_team_or_an_empty_session(rendered):
    for path in _files(rendered / "t2"):
        for marker in ALLOWED:
            assert marker not in _text_of(path), (marker, path)


def test_an_empty_session_says_in_one_line_per_section_that_it_has_no_data(rendered):
    folder = rendered / "t2" / "n1"
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*.*")) == [
        ".inputs",
        "manager.html",
        "manager.pdf",
        "members/s9.html",
        "members/s9.pdf",
        "readout.pptx",
        "team.html",
        "team.pdf",
    ]
    for path in folder.rglob("*.html"):
        html = path.read_text()
        parts = re.findall(r"<h[23]>([^<]*)</h[23]>\s*(.*?)\s*(?=<h[23]>|</section>)", html, flags=re.S)
        # 12: the summary at a glance and the asks of the manager too; a one-pager: commitment, actions, KPIs,
        # role play, goals
        assert len(parts) == (5 if "members" in path.parts else 12), path
        for title, body in parts:
            if title == "What we agreed":
                continue
            assert len(re.findall(r'<p class="empty">[^<\n]+</p>', body)) == 1, (path.name, title, body)
            assert not re.search(r"<(table|ul|figure|div)", body), (path.name, title, body)
    pdf = _text_of(folder / "team.pdf")
    assert "No SWOT was built in this session." in pdf and "The pulse was not taken in this session." in pdf


def _xlsx_text(path):
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row)


def test_nothing_private_outside_the_documents(rendered):
    for path in (rendered / "index.html", rendered / "summary.csv", rendered / "results.xlsx"):
        text = _xlsx_text(path) if path.suffix == ".xlsx" else path.read_text()
        for marker in ALLOWED:
            assert marker not in text, (marker, path)
        assert "Move to Berlin" not in text and "Pay for college" not in text  # no goal text at all
    # executed notebooks hold everything: only in the separate folder asked for with --keep-notebooks
    notebooks = [p for p in _files(rendered) if p.suffix == ".ipynb"]
    assert notebooks and all("_notebooks" in p.parts for p in notebooks)


def test_one_pager_says_nothing_about_other_sellers(rendered):
    for path in (rendered / "t1" / "k1" / "members").iterdir():
        text = _text_of(path)
        own = {"s1": "Sam One", "s2": "Sue Two", "s3": "Sid Three"}[path.stem]
        assert own in text
        for other in {"Sam One", "Sue Two", "Sid Three"} - {own}:
            assert other not in text, (other, path)


def test_team_report_has_no_individual_role_play_or_swot_authors(rendered):
    team = (rendered / "t1" / "k1" / "team.html").read_text()
    manager = (rendered / "t1" / "k1" / "manager.html").read_text()
    # k1's role plays scored two sellers: a team figure would tell each of them the other's score
    assert "fewer than 3 people took part are not shown" in team and "Team role-play mean" not in team
    assert "Self gap" not in team and "Named by" not in team
    assert "Team role-play mean" in manager
    assert "Self gap" in manager and "Named by" in manager and "Rater leniency" in manager


def test_free_text_is_escaped_and_pages_are_self_contained(rendered):
    for path in _files(rendered):
        if path.suffix != ".html":
            continue
        html = path.read_text()
        assert "<script" not in html.lower(), path
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), path
        assert "papermill" not in html and "parameters" not in html
    team = (rendered / "t1" / "k1" / "team.html").read_text()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in team


def test_layout_and_links(rendered):
    assert sorted(p.name for p in (rendered / "t1" / "k1").iterdir()) == [
        ".inputs",
        "manager.html",
        "manager.pdf",
        "members",
        "readout.pptx",
        "team.html",
        "team.pdf",
    ]
    assert sorted(p.name for p in (rendered / "t1" / "k1" / "members").iterdir()) == [
        "s1.html",
        "s1.pdf",
        "s2.html",
        "s2.pdf",
        "s3.html",
        "s3.pdf",
    ]
    index = (rendered / "index.html").read_text()
    for href in re.findall(r'href="([^"]+)"', index):
        assert (rendered / href).is_file(), href
    assert "Minimal test engagement" in index


def test_summary_csv_by_hand(rendered):
    rows = {r["session_id"]: r for r in csv.DictReader(open(rendered / "summary.csv"))}
    k1, r1 = rows["k1"], rows["r1"]
    s1 = (26.5 / 9 + 3) / 2
    expect = dict(
        team_id="t1",
        date="2026-01-10",
        kind="kickoff",
        sellers="3",
        annual_target="300000",
        commitment_total="310000",
        team_name="Team One",
        next_leader_name="Sam One",
        top_swot_item="Loyal customers",
        kpis_selected="3",
        pulse_mean="3.2",
        actions_open="2",
        actions_done="1",
        next_leader="s1",
    )
    assert {k: k1[k] for k in expect} == expect
    assert k1["commitment_surplus_or_gap(+surplus/-short)"] == "10000"  # 310,000 committed against 300,000
    assert k1["roleplay_mean"] == f"{(s1 + 3) / 2:.2f}" and k1["roleplay_alpha"] == "-0.48"  # as the reports show
    assert round(1 - (68 / 24) / (1056 / 552), 2) == -0.48
    assert (r1["pulse_mean"], r1["commitment_total"], r1["roleplay_mean"], r1["next_leader"]) == ("", "", "", "s2")
    # the actions agreed up to r1 (all at k1), by their current status; a1 and a4 were due before r1
    assert (r1["actions_open"], r1["actions_done"], r1["actions_overdue"]) == ("2", "1", "2")
    assert (k1["actions_overdue"], k1["pulse_closing"]) == ("0", "")
    n1 = rows["n1"]
    assert (n1["team_id"], n1["sellers"], n1["top_swot_item"], n1["actions_open"], n1["pulse_mean"]) == (
        "t2",
        "1",
        "",
        "",
        "",
    )


def test_rerender_is_byte_identical_and_skips_unchanged(rendered, tmp_path):
    source = _marked(tmp_path / "engagement")
    out = tmp_path / "again"
    render_reports(source, out, formats=("html", "pdf", "pptx"), jobs=2, progress=False)
    for path in _files(out):
        rel = path.relative_to(out)
        assert path.read_bytes() == (rendered / rel).read_bytes(), rel
    jobs = render_reports(source, out, formats=("html", "pdf", "pptx"), jobs=2, progress=False)
    assert [j.skipped for j in jobs] == [True, True, True]
    with open(source / "pulse.csv", "a") as f:
        f.write("r1,,5\n")
    jobs = render_reports(source, out, formats=("html", "pdf", "pptx"), jobs=2, progress=False)
    assert [(j.session_id, j.skipped) for j in jobs] == [("k1", True), ("r1", False), ("n1", True)]


def run_cli(*args):
    r = subprocess.run([sys.executable, "-m", "kit", *map(str, args)], capture_output=True, text=True)
    assert "Traceback" not in r.stdout + r.stderr, r.stderr
    return r


def test_unknown_team_is_one_line_before_any_kernel(tmp_path):
    r = run_cli("report", MINIMAL, "--out", tmp_path / "out", "--team", "nope")
    assert r.returncode == 1
    assert (
        r.stderr.strip()
        == "workshop-kit: no team 'nope' in " + str(r.stderr.split(" in ")[1].split(";")[0]) + "; valid: t1"
    )
    assert not (tmp_path / "out").exists()
    r = run_cli("report", MINIMAL, "--out", tmp_path / "out", "--audience", "board")
    assert r.returncode == 1 and "unknown audience 'board'; valid: team, manager, member" in r.stderr


def test_relative_paths_as_the_readme_types_them(tmp_path):
    shutil.copytree(MINIMAL, tmp_path / "engagement")
    r = subprocess.run(
        [sys.executable, "-m", "kit", "report", "engagement", "--out", "reports", "--session", "r1"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "reports" / "t1" / "r1" / "members" / "s1.html").is_file()
    assert r.stdout.strip().endswith(str(tmp_path / "reports" / "index.html"))


def test_one_failure_does_not_stop_the_others(tmp_path):
    r = run_cli("report", MINIMAL, "--out", tmp_path / "out", "--template", NOTEBOOKS / "broken.ipynb", "--jobs", "1")
    assert r.returncode == 1
    assert "1 team-session rendered, 0 unchanged" in r.stdout and "1 failed" in r.stdout
    line = next(line for line in r.stdout.splitlines() if line.strip().startswith("t1"))
    assert "k1" in line and "ValueError: boom in the report for k1" in line
    failed = tmp_path / "out" / "_failed" / "t1" / "k1.ipynb"
    assert failed.is_file() and str(failed) in line
    assert (tmp_path / "out" / "t1" / "r1" / "team.html").is_file()
    assert not (tmp_path / "out" / "t1" / "k1").exists()


def test_the_workbook_holds_the_summary_figures_and_every_table(rendered):
    from openpyxl import load_workbook

    from kit.workbook import SHEETS

    wb = load_workbook(rendered / "results.xlsx", read_only=True)
    assert wb.sheetnames == list(SHEETS)
    rows = list(wb["Summary"].iter_rows(values_only=True))
    head, body = rows[0], rows[1:]
    csv_rows = list(csv.DictReader(open(rendered / "summary.csv")))
    assert len(body) == len(csv_rows)
    columns = list(csv_rows[0])
    for sheet_row, csv_row in zip(body, csv_rows):
        for col, v in zip(columns, sheet_row):  # the same figures, column for column
            shown = "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
            assert shown == csv_row[col].lstrip("'") or float(shown or 0) == float(csv_row[col] or 0), (col, v)
    assert head[1] == "Team" and body[0][1] == "Team One"  # names beside the ids
    kpi = list(wb["KPI results"].iter_rows(values_only=True))
    assert kpi[0][:6] == ("Team", "Session", "Date", "Kind", "Seller", "KPI") and len(kpi) > 1
    assert "Sam One" in {r[4] for r in kpi[1:]}  # per seller, as the manager sees it


def _pptx_text(path, *, skip_column=None):
    """Every text of a deck; ``skip_column`` leaves out the cells under a table header of that name."""
    from pptx import Presentation

    out = []
    for slide in Presentation(path).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                rows = [[c.text for c in row.cells] for row in shape.table.rows]
                skip = {i for i, h in enumerate(rows[0]) if h == skip_column}
                out += [t for row in rows for i, t in enumerate(row) if i not in skip]
    return "\n".join(out)


def test_the_readout_deck_has_its_slides_and_team_figures_only(rendered):
    from pptx import Presentation

    from kit.report.readout import SLIDES

    decks = sorted(rendered.rglob("readout.pptx"))
    assert [str(p.relative_to(rendered)) for p in decks] == [
        "t1/k1/readout.pptx",
        "t1/r1/readout.pptx",
        "t2/n1/readout.pptx",
    ]
    for path in decks:
        titles = [s.shapes.title.text for s in Presentation(path).slides]
        assert titles[1:] == list(SLIDES), titles
        text = _pptx_text(path)
        for marker in ALLOWED:  # no goal, comment, coaching note or conversation: team figures only
            assert marker not in text, (marker, path)
        # people are named only as owners of actions, and the next review's leader
        named = [line for line in _pptx_text(path, skip_column="Owner").splitlines() if "Sam One" in line]
        assert all(line.startswith("The next review") for line in named), named
    k1 = _pptx_text(rendered / "t1" / "k1" / "readout.pptx")
    assert "Commitments: EUR 310k against a target of EUR 300k (covered)." in k1
    assert "Loyal customers" in k1 and "Book 5 meetings a week" in k1
    assert "score from others" not in k1.lower()  # no individual role-play score


def test_the_engagement_rollup_sets_every_team_side_by_side(rendered):
    html = (rendered / "engagement.html").read_text()
    pdf = _text_of(rendered / "engagement.pdf")
    for text in (html, pdf):
        assert "Team One" in text and "Team Two" in text
        for marker in ALLOWED:
            assert marker not in text, marker
    # Team One at its latest session (the review r1), then its trend: the kickoff's commitments (310k of 300k)
    assert "EUR 310k of EUR 300k (EUR 10k above)" in html and "10 Jan 2026 kickoff" in html
    assert "page 1 of" in pdf
    index = (rendered / "index.html").read_text()
    assert index.index('href="engagement.html"') < index.index('href="t1/')  # linked first


def test_one_sellers_one_pager_by_the_audiences_own_name(tmp_path):
    """--audience takes the policy's names: member:s1 is s1's one-pager alone; a seller of no team is refused."""
    out = tmp_path / "out"
    r = run_cli("report", MINIMAL, "--out", out, "--session", "k1", "--audience", "member:s1", "--jobs", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    written = sorted(p.relative_to(out / "t1" / "k1").as_posix() for p in (out / "t1" / "k1").rglob("*.html"))
    assert written == ["members/s1.html"]
    r = run_cli("report", MINIMAL, "--out", tmp_path / "other", "--audience", "team,member:nobody")
    assert r.returncode == 1 and "'nobody' is not a seller of the teams chosen; valid: s1, s2, s3" in r.stderr
    assert not (tmp_path / "other").exists()
    r = run_cli("report", MINIMAL, "--out", tmp_path / "other", "--audience", "wall")
    assert r.returncode == 1 and "unknown audience 'wall'" in r.stderr
