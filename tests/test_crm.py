"""Results from the CRM (kit.crm): one set of opportunities written as each CRM exports it gives the same
kpi_actuals, computed here by hand; a second import changes nothing; a bad export is one line and changes nothing."""

import csv
import datetime as dt
import sqlite3

import openpyxl
import pytest

from conftest import MINIMAL
from kit import open_engagement
from kit.cli import main
from kit.crm import CRM_KPIS

D = dt.date
# (owner as the CRM writes it, outcome, amount, created, closed or expected close, stage as the CRM names it)
OPPS = [
    ("Sam One", "won", 10000, D(2026, 1, 5), D(2026, 1, 20), "Closed Won"),
    ("Sam One", "lost", 5000, D(2026, 1, 10), D(2026, 2, 3), "Closed Lost"),
    ("Sam One", "won", 20000, D(2026, 2, 1), D(2026, 2, 25), "Closed Won"),
    ("Sam One", "open", 40000, D(2026, 2, 10), D(2026, 6, 30), "Proposal"),
    ("Sam One", "open", 8000, D(2026, 3, 2), D(2027, 2, 1), "Prospecting"),  # closes next year: not this year's
    ("sue  TWO", "lost", 7000, D(2025, 12, 1), D(2026, 3, 15), "Closed Lost"),  # case and spaces aside: Sue Two
    ("sue  TWO", "won", 12500.5, D(2025, 11, 20), D(2026, 3, 10), "Closed Won"),
    ("S. Three", "open", 30000, D(2026, 1, 15), D(2026, 5, 1), "Negotiation"),  # the owners file: s3
    ("S. Three", "won", 15000, D(2026, 3, 1), D(2026, 3, 31), "Closed Won"),
    ("Mona Manager", "won", 99000, D(2026, 1, 2), D(2026, 2, 2), "Closed Won"),  # a manager: left out
    ("Pat Outsider", "won", 50000, D(2026, 1, 3), D(2026, 1, 30), "Closed Won"),  # nobody: left out, listed
    ("Sam One", "lost", 3000, D(2025, 9, 1), D(2025, 12, 20), "Closed Lost"),  # closed last year: left out
]

# Each figure by hand (docs/format.md, "Results from the CRM"). s1 in January: won 10,000 (1 deal), nothing lost,
# 2 created, win rate 1/1, deal size 10,000, cycle 15 days (5 -> 20 Jan), open at 31 Jan the 5,000 lost on 3 Feb:
# 5,000 / (100,000 quota - 10,000 won) = 0.06.
M1, M2, M3 = "2026-01-31", "2026-02-28", "2026-03-31"
EXPECTED = {
    ("s1", M1): dict(
        bookings=10000, deals_won=1, deals_lost=0, opportunities_created=2, win_rate=1.0, avg_deal_size=10000
    )
    | dict(sales_cycle_days=15, open_pipeline=5000, pipeline_to_quota=0.06),
    ("s1", M2): dict(bookings=20000, deals_won=1, deals_lost=1, opportunities_created=2, win_rate=0.6667)
    | dict(avg_deal_size=15000, sales_cycle_days=19.5, open_pipeline=40000, pipeline_to_quota=0.57),
    ("s1", M3): dict(bookings=0, deals_won=0, deals_lost=0, opportunities_created=1, win_rate=0.6667)
    | dict(avg_deal_size=15000, sales_cycle_days=19.5, open_pipeline=40000, pipeline_to_quota=0.57),
    ("s2", M1): dict(bookings=0, deals_won=0, deals_lost=0, opportunities_created=0, open_pipeline=19500.5)
    | dict(pipeline_to_quota=0.2),
    ("s2", M2): dict(bookings=0, deals_won=0, deals_lost=0, opportunities_created=0, open_pipeline=19500.5)
    | dict(pipeline_to_quota=0.2),
    ("s2", M3): dict(bookings=12500.5, deals_won=1, deals_lost=1, opportunities_created=0, win_rate=0.5)
    | dict(avg_deal_size=12500.5, sales_cycle_days=110, open_pipeline=0, pipeline_to_quota=0),
    ("s3", M1): dict(bookings=0, deals_won=0, deals_lost=0, opportunities_created=1, open_pipeline=30000)
    | dict(pipeline_to_quota=0.3),
    ("s3", M2): dict(bookings=0, deals_won=0, deals_lost=0, opportunities_created=0, open_pipeline=30000)
    | dict(pipeline_to_quota=0.3),
    ("s3", M3): dict(bookings=15000, deals_won=1, deals_lost=0, opportunities_created=1, win_rate=1.0)
    | dict(avg_deal_size=15000, sales_cycle_days=30, open_pipeline=30000, pipeline_to_quota=0.35),
}


def _us(d):
    return f"{d.month}/{d.day}/{d.year}"


def _write_csv(path, header, rows, *, sep=",", footer=()):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=sep)
        w.writerow(header)
        w.writerows(rows)
        if footer:
            w.writerow([])
            w.writerows([line] for line in footer)
    return path


def salesforce_report(path):
    """As Salesforce writes a report in a US org: m/d/yyyy, 'EUR 12,500.50', and its footer."""
    rows = [
        [o, f"Deal {i}", stage, f"EUR {amt:,.2f}", _us(close), _us(created)]
        for i, (o, _, amt, created, close, stage) in enumerate(OPPS)
    ]
    header = ["Opportunity Owner", "Opportunity Name", "Stage", "Amount", "Close Date", "Created Date"]
    footer = ["Test report", "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.", "Confidential"]
    return _write_csv(path, header, rows, footer=footer)


def salesforce_report_europe(path):
    """... in an org in a European locale: ';' between values, a decimal comma, dd.mm.yyyy."""

    def eu(x):
        return f"{x:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")

    rows = [
        [o, f"Deal {i}", stage, eu(amt), f"{close:%d.%m.%Y}", f"{created:%d.%m.%Y}", "EUR"]
        for i, (o, _, amt, created, close, stage) in enumerate(OPPS)
    ]
    header = ["Opportunity Owner", "Opportunity Name", "Stage", "Amount", "Close Date", "Created Date"]
    return _write_csv(path, header + ["Opportunity Currency"], rows, sep=";")


def salesforce_data_export(path):
    """A data export of Opportunity with API names: its own won/closed flags (so a custom stage name is fine)."""
    custom = {"Closed Won": "Signed", "Closed Lost": "No deal"}
    rows = [
        [f"006{i:05d}", f"005{i:05d}", o, custom.get(stage, stage), str(out == "won").lower()]
        + [str(out != "open").lower(), amt, close.isoformat(), f"{created}T09:12:00.000Z", "EUR"]
        for i, (o, out, amt, created, close, stage) in enumerate(OPPS)
    ]
    header = ["Id", "OwnerId", "Owner.Name", "StageName", "IsWon", "IsClosed", "Amount", "CloseDate", "CreatedDate"]
    return _write_csv(path, header + ["CurrencyIsoCode"], rows)


def hubspot(path):
    """HubSpot's deals export: ISO dates with a time, its stage names."""
    names = {"Closed Won": "Closed won", "Closed Lost": "Closed lost"}
    rows = [
        [1000 + i, f"Deal {i}", names.get(stage, "Appointment scheduled"), f"{close} 14:03", o, amt, f"{created} 08:00"]
        for i, (o, _, amt, created, close, stage) in enumerate(OPPS)
    ]
    header = ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner", "Amount", "Create Date"]
    return _write_csv(path, header, rows)


def pipedrive_xlsx(path):
    """Pipedrive's deals export as a workbook: typed dates and numbers; a deleted deal is left out."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Deal - Title", "Deal - Owner", "Deal - Value", "Deal - Currency", "Deal - Status", "Deal - Won time"])
    for col, name in enumerate(["Deal - Lost time", "Deal - Deal created", "Deal - Expected close date"], start=7):
        ws.cell(1, col, name)
    for i, (o, out, amt, created, close, _) in enumerate(OPPS):
        stamp = dt.datetime.combine(close, dt.time(16, 30))
        ws.append(
            [f"Deal {i}", o, amt, "EUR", out.capitalize()]
            + [stamp if out == "won" else None, stamp if out == "lost" else None]
            + [dt.datetime.combine(created, dt.time(9)), close if out == "open" else None]
        )
    ws.append(["Deleted deal", "Sam One", 9999, "EUR", "Deleted", None, None, dt.datetime(2026, 4, 20), None])
    wb.save(path)
    return path


FORMATS = [salesforce_report, salesforce_report_europe, salesforce_data_export, hubspot, pipedrive_xlsx]


@pytest.fixture
def owners(tmp_path):
    path = tmp_path / "owners.csv"
    path.write_text("crm_owner,member_id\nS. Three,s3\n", encoding="utf-8")
    return path


def _crm_rows(db):
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT member_id, kpi_id, period_end, value, source FROM kpi_actuals").fetchall()
    finally:
        con.close()
    return rows


def _figures(db):
    got = {}
    for m, k, pe, v, source in _crm_rows(db):
        if source:
            got.setdefault((m, pe), {})[k] = v
    return got


@pytest.mark.parametrize("write", FORMATS, ids=lambda f: f.__name__)
def test_every_format_gives_the_figures_computed_by_hand(write, store, owners, tmp_path, capsys):
    db = store.path
    store.close()
    export = write(tmp_path / ("export.xlsx" if write is pipedrive_xlsx else "export.csv"))
    assert main(["import-crm", str(db), str(export), "--owners", str(owners)]) == 0
    said = capsys.readouterr().out
    got = _figures(db)
    assert got.keys() == EXPECTED.keys()
    for key, figures in EXPECTED.items():
        assert got[key] == pytest.approx(figures), key
    assert "12 read, 9 counted, 3 left out" in said or "13 read, 9 counted, 4 left out" in said, said
    assert "1 owned by Pat Outsider, who matches no member of the engagement" in said
    assert 'add the line "Pat Outsider,<member_id>" to the owners file (--owners FILE)' in said
    assert "owned by Mona Manager, a manager" in said and "1 closed before 1 Jan 2026" in said
    assert "through 31 Mar 2026 (the latest date in the export)" in said
    typed = {(m, k, pe): v for m, k, pe, v, s in _crm_rows(db) if not s}
    assert typed == {("s1", "new_meetings", M3): 6.0, ("s2", "new_meetings", M3): 3.0}  # s1's typed win rate: CRM's
    # the same export again, and then again after a re-import of the folder: nothing changes, nothing counts twice
    before = sorted(_crm_rows(db))
    assert main(["import-crm", str(db), str(export), "--owners", str(owners)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert sorted(_crm_rows(db)) == before


def test_a_newer_export_replaces_the_months_it_covers(store, owners, tmp_path, capsys):
    """Through 20 Feb first (February's figures end that day), then through 31 Mar: February's row moves to its
    month's end, no figure of the earlier import stays behind, and bookings are never counted twice."""
    db = store.path
    store.close()
    export = salesforce_report(tmp_path / "export.csv")
    assert main(["import-crm", str(db), str(export), "--owners", str(owners), "--through", "2026-02-20"]) == 0
    early = _figures(db)
    assert set(early) == {(m, pe) for m in ("s1", "s2", "s3") for pe in (M1, "2026-02-20")}
    assert early[("s1", "2026-02-20")]["bookings"] == 0  # the 25 Feb deal was still open on 20 Feb
    assert early[("s1", "2026-02-20")]["open_pipeline"] == 20000 + 40000
    assert main(["import-crm", str(db), str(export), "--owners", str(owners)]) == 0
    assert "earlier figures of those months removed" in capsys.readouterr().out
    got = _figures(db)
    assert got.keys() == EXPECTED.keys()
    assert sum(f["bookings"] for (m, _), f in got.items() if m == "s1") == 30000


def test_the_review_uses_the_imported_figures_and_says_where_they_come_from(store, owners, tmp_path):
    from kit.session import load
    from kit.steps.review import model as review

    db = store.path
    store.close()
    assert main(["import-crm", str(db), str(salesforce_report(tmp_path / "e.csv")), "--owners", str(owners)]) == 0
    with open_engagement(db) as eng:
        s = load(eng, team_id="t1", session_id="r1")
    assert s.results_from == ("e.csv, a Salesforce opportunity report, through 31 Mar 2026",)
    f = review.rebuilt_funnel(s).set_index("member_id")
    assert f.loc["s1", "won"] == 30000 and f.loc["s1", "win_rate"] == pytest.approx(0.6667)


BAD = [
    (
        "missing column",
        lambda p: _write_csv(p, ["Opportunity Owner", "Stage", "Amount", "Close Date"], [["a"] * 4]),
        "e.csv: is a Salesforce opportunity report without the column Created Date; it must contain Opportunity Owner, "
        "Stage, Amount, Close Date, Created Date",
    ),
    (
        "unknown export",
        lambda p: _write_csv(p, ["Name", "Value"], [["a", "1"]]),
        "e.csv: is not an opportunity export the kit knows (its header starts Name, Value)",
    ),
    (
        "bad amount",
        lambda p: _write_csv(
            p,
            ["Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date"],
            [
                ["Sam One", "Closed Won", "10000", "1/20/2026", "1/5/2026"],
                ["Sam One", "Closed Won", "lots", "1/20/2026", "1/5/2026"],
            ],
        ),
        "e.csv row 3, column Amount: 'lots' is not an amount (e.g. 12,000.50 or EUR 12,000.50)",
    ),
    (
        "bad date",
        lambda p: _write_csv(
            p,
            ["Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date"],
            [["Sam One", "Closed Won", "10000", "1/20/2026", "Jan fifth"]],
        ),
        "e.csv row 2, column Created Date: 'Jan fifth' is not a date (e.g. 2027-03-15, 3/15/2027 or 15.03.2027)",
    ),
    (
        "other currency",
        lambda p: _write_csv(
            p,
            ["Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date"],
            [["Sam One", "Closed Won", "USD 10,000.00", "1/20/2026", "1/5/2026"]],
        ),
        "e.csv row 2, column Amount: 'USD' is not the engagement's currency (EUR)",
    ),
    (
        "empty export",
        lambda p: _write_csv(p, ["Deal owner", "Deal Stage", "Amount", "Close Date", "Create Date"], []),
        "e.csv: is a HubSpot deals export with a header but no opportunities",
    ),
    ("empty file", lambda p: p.write_text("", encoding="utf-8") or p, "e.csv: is empty"),
]


@pytest.mark.parametrize("case, write, said", BAD, ids=[b[0] for b in BAD])
def test_a_bad_export_is_one_line_and_changes_nothing(case, write, said, store, tmp_path, capsys):
    db = store.path
    store.close()
    before = sorted(_crm_rows(db))
    assert main(["import-crm", str(db), str(write(tmp_path / "e.csv"))]) == 1
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and sorted(_crm_rows(db)) == before


def test_bad_owners_file_and_dates_are_one_line(store, tmp_path, capsys):
    db = store.path
    store.close()
    export = salesforce_report(tmp_path / "e.csv")
    (tmp_path / "o.csv").write_text("crm_owner,member_id\nS. Three,nobody\n", encoding="utf-8")
    assert main(["import-crm", str(db), str(export), "--owners", str(tmp_path / "o.csv")]) == 1
    assert "o.csv row 2, column member_id: 'nobody' is not a member_id of members.csv" in capsys.readouterr().err
    assert main(["import-crm", str(db), str(export), "--from", "2026-05-01", "--through", "2026-03-31"]) == 1
    assert "after their end" in capsys.readouterr().err
    assert main(["import-crm", str(tmp_path / "none.db"), str(export)]) == 1
    assert "no such store" in capsys.readouterr().err


def test_the_folder_takes_an_export(minimal, tmp_path):
    """An engagement folder's crm/ (with its owners.csv) is imported with the folder, all or nothing."""
    (minimal / "crm").mkdir()
    hubspot(minimal / "crm" / "deals.csv")
    (minimal / "crm" / "owners.csv").write_text("crm_owner,member_id\nS. Three,s3\n", encoding="utf-8")
    with open_engagement(tmp_path / "f.db", create=True) as eng:
        ds = eng.import_source(minimal)
        assert [r.source for r, _ in ds.crm] == ["deals.csv, a HubSpot deals export, through 31 Mar 2026"]
        assert any("Pat Outsider" in p.text() and p.severity == "warning" for p in ds.problems)
    got = _figures(tmp_path / "f.db")
    assert got.keys() == EXPECTED.keys() and all(got[k] == pytest.approx(v) for k, v in EXPECTED.items())
    with open_engagement(tmp_path / "f.db") as eng:
        assert eng.import_source(minimal).changes == 0  # again: nothing changes
    # a bad export in the folder: the whole folder is refused
    (minimal / "crm" / "deals.csv").write_text(
        "Deal owner,Deal Stage,Amount,Close Date,Create Date\nSam One,x,1,2026-01-01,nope\n"
    )
    from kit.errors import ValidationError

    with open_engagement(tmp_path / "g.db", create=True) as eng, pytest.raises(ValidationError) as e:
        eng.import_source(minimal)
    assert "crm/deals.csv row 2, column Create Date: 'nope' is not a date" in str(e.value)


def test_catalogue_has_every_crm_kpi():
    from kit.catalog import shipped_kpis

    assert set(CRM_KPIS) <= {k["id"] for k in shipped_kpis()}


def _upload(name, data):
    """A file as ipywidgets' FileUpload holds it once chosen."""
    when = dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc)
    return {"name": name, "type": "text/csv", "size": len(data), "content": memoryview(data), "last_modified": when}


def test_notebook_06_takes_an_export(store, owners, tmp_path):
    """The review notebook's form: the file chosen, Import pressed, what was counted said; a bad file said too."""
    import kit

    ws = kit.workshop(store.path, "t1", "r1", audience="manager")
    form = ws.crm_form()
    export_up, owners_up = form.children[0].children
    button, said = form.children[1], form.children[2]
    button.click()
    assert "Choose the CRM's opportunity export first" in said.value
    data = salesforce_report(tmp_path / "e.csv").read_bytes()
    export_up.value = (_upload("e.csv", data),)
    raw = owners.read_bytes()
    owners_up.value = (_upload("o.csv", raw),)
    button.click()
    assert "9 counted" in said.value and "Recorded 69 figures" in said.value, said.value
    assert _figures(store.path)[("s3", M3)]["bookings"] == 15000
    bad = b"Name,Value\na,1\n"
    export_up.value = (_upload("x.csv", bad),)
    button.click()
    assert "Not imported:" in said.value and "is not an opportunity export the kit knows" in said.value
    import ipywidgets

    mine = kit.workshop(store.path, "t1", "r1", audience="member:s1").crm_form()  # a seller's copy: no import
    assert isinstance(form, ipywidgets.VBox) and not isinstance(mine, ipywidgets.VBox)


def test_the_capture_workbook_takes_an_export(tmp_path):
    """The capture workbook's crm_export sheet (an export pasted in) and crm_owners sheet, imported with it."""
    from conftest import minimal_workbook

    wb = minimal_workbook()
    ws = wb.create_sheet("crm_export")
    for rec in csv.reader(open(hubspot(tmp_path / "h.csv"), encoding="utf-8")):
        ws.append(rec)
    ws = wb.create_sheet("crm_owners")
    ws.append(["crm_owner", "member_id"])
    ws.append(["S. Three", "s3"])
    wb.save(tmp_path / "capture.xlsx")
    with open_engagement(tmp_path / "w.db", create=True) as eng:
        ds = eng.import_source(tmp_path / "capture.xlsx")
    assert [r.source for r, _ in ds.crm] == [
        "capture.xlsx, sheet crm_export, a HubSpot deals export, through 31 Mar 2026"
    ]
    got = _figures(tmp_path / "w.db")
    assert got.keys() == EXPECTED.keys() and all(got[k] == pytest.approx(v) for k, v in EXPECTED.items())


def test_owner_ids_without_names_are_listed_with_the_line_to_add(store, tmp_path, capsys):
    """A Salesforce data export with OwnerId only: every owner is listed with the owners file's line, nothing counted;
    with those lines, the figures are the same as by name."""
    path = salesforce_data_export(tmp_path / "ids.csv")
    rows = list(csv.reader(open(path, encoding="utf-8")))
    with open(path, "w", newline="", encoding="utf-8") as f:  # drop Owner.Name
        csv.writer(f).writerows([r[:2] + r[3:] for r in rows])
    db = store.path
    store.close()
    assert main(["import-crm", str(db), str(path)]) == 0
    said = capsys.readouterr().out
    assert 'add the line "00500000,<member_id>"' in said and "0 counted" in said and _figures(db) == {}
    (tmp_path / "o.csv").write_text(
        "crm_owner,member_id\n"
        + "".join(
            f"{f'005{i:05d}'},{m}\n"
            for i, (o, *_) in enumerate(OPPS)
            for m in [{"Sam One": "s1", "sue  TWO": "s2", "S. Three": "s3"}.get(o)]
            if m
        ),
        encoding="utf-8",
    )
    assert main(["import-crm", str(db), str(path), "--owners", str(tmp_path / "o.csv")]) == 0
    got = _figures(db)
    assert got.keys() == EXPECTED.keys() and all(got[k] == pytest.approx(v) for k, v in EXPECTED.items())


def test_a_formatted_report_with_a_title_above_its_header(store, owners, tmp_path, capsys):
    """Salesforce's formatted XLSX report puts the report's title above the header: the header is found, and a bad
    cell is named by its row as the spreadsheet shows it."""
    rows = list(csv.reader(open(salesforce_report(tmp_path / "r.csv"), encoding="utf-8")))
    wb = openpyxl.Workbook()
    for r in [["Test report"], ["As of 3/31/2026"], []] + rows:
        wb.active.append(r)
    wb.save(tmp_path / "r.xlsx")
    db = store.path
    store.close()
    assert main(["import-crm", str(db), str(tmp_path / "r.xlsx"), "--owners", str(owners)]) == 0
    got = _figures(db)
    assert got.keys() == EXPECTED.keys() and all(got[k] == pytest.approx(v) for k, v in EXPECTED.items())
    wb.active.cell(6, 4, "ten thousand")  # the second opportunity's amount, row 6 under the title and header
    wb.save(tmp_path / "r.xlsx")
    assert main(["import-crm", str(db), str(tmp_path / "r.xlsx")]) == 1
    assert "r.xlsx row 6, column Amount: 'ten thousand' is not an amount" in capsys.readouterr().err


HEAD = ["Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date"]


@pytest.mark.parametrize(
    "sep, amounts, expected",
    [
        (",", ["EUR 12.000,00", "EUR 1.234,56"], [12000, 1234.56]),  # a German org's comma-separated report
        (",", ["12 000,00 €", "0,5"], [12000, 0.5]),
        (",", ["12,000", "1,234.56"], [12000, 1234.56]),
        (";", ["1,234.56", "€1,234.56"], [1234.56, 1234.56]),
        (";", ["1.000", "2.500,75"], [1000, 2500.75]),
        (",", ["1'234.50", "EUR 99"], [1234.5, 99]),
    ],
)
def test_amounts_are_read_with_the_files_decimal_mark(sep, amounts, expected):
    from kit.crm import from_records

    records = [HEAD] + [["Sam One", "Closed Won", a, "15.03.2026", "10.01.2026"] for a in amounts]
    export = from_records("e.csv", records, semicolon=sep == ";", currency="EUR")
    assert [o.amount for o in export.opportunities] == pytest.approx(expected)


@pytest.mark.parametrize(
    "stage, outcome",
    [
        ("Closed Won", "won"),
        ("closedwon", "won"),
        ("Geschlossen und gewonnen", "won"),
        ("Gagné", "won"),
        ("Closed Lost - Competitor Won", "lost"),
        ("Geschlossen und verloren", "lost"),
        ("Not won", "open"),
        ("Won't pursue", "open"),
        ("Negotiation/Review", "open"),
    ],
)
def test_a_stage_is_read_by_its_words(stage, outcome):
    from kit.crm._formats import outcome_of_stage

    assert outcome_of_stage(stage) == outcome


def test_what_a_review_of_the_import_found(store, tmp_path, capsys):
    """Dollars for a euro engagement, an export of stages none of which is won or lost, one whose every deal is
    deleted: each one line, nothing changed; a close date months beyond the latest opportunity is pointed out."""
    db = store.path
    store.close()
    before = sorted(_crm_rows(db))
    cases = [
        (
            [HEAD, ["Sam One", "Closed Won", "$12,000", "3/15/2026", "1/10/2026"]],
            "'$' is not the engagement's currency",
        ),
        ([HEAD, ["Sam One", "Gewinn", "12000", "3/15/2026", "1/10/2026"]], "has no stage the kit reads as won or lost"),
        (
            [["Deal - Owner", "Deal - Status", "Deal - Value", "Deal - Won time", "Deal - Deal created"]]
            + [["Sam One", "deleted", "100", "", "2026-01-05"]],
            "holds no opportunity to count (every one is deleted)",
        ),
    ]
    for i, (records, said) in enumerate(cases):
        _write_csv(tmp_path / f"b{i}.csv", records[0], records[1:])
        assert main(["import-crm", str(db), str(tmp_path / f"b{i}.csv")]) == 1
        err = capsys.readouterr().err
        assert said in err and len(err.strip().splitlines()) == 1, err
    assert sorted(_crm_rows(db)) == before
    rows = [
        ["Sam One", "Closed Won", "1000", "3/15/2026", "3/1/2026"],
        ["Sam One", "Closed Won", "5", "9/11/2026", "3/2/2026"],
    ]
    _write_csv(tmp_path / "slip.csv", HEAD, rows)
    assert main(["import-crm", str(db), str(tmp_path / "slip.csv")]) == 0
    said = capsys.readouterr().out
    assert "The figures run to 11 Sep 2026, the close date of row 3, 193 days after the latest opportunity" in said
    assert "if that date is a slip, import again with --through DATE." in said


def test_a_later_import_replaces_whole_months_and_typed_figures_stay_out(store, owners, tmp_path, capsys):
    """Through 31 March, then the same export through 15 March: March holds one row per KPI (15 March), bookings
    are never counted twice, and the later months an earlier import wrote are gone; importing the folder again
    keeps the CRM's figure over the typed one (said), and changes nothing."""
    db = store.path
    store.close()
    export = salesforce_report(tmp_path / "e.csv")
    assert main(["import-crm", str(db), str(export), "--owners", str(owners), "--through", "2026-04-30"]) == 0
    assert "1 figure typed by hand for these KPIs, sellers and months was replaced" in capsys.readouterr().out
    assert main(["import-crm", str(db), str(export), "--owners", str(owners), "--through", "2026-03-15"]) == 0
    got = _figures(db)
    assert {pe for _, pe in got} == {M1, M2, "2026-03-15"}
    assert sum(f["bookings"] for (m, _), f in got.items() if m == "s1") == 30000
    with open_engagement(db) as eng:
        ds = eng.import_source(MINIMAL)
        assert ds.changes == 0
        assert any("typed for win_rate is not imported" in p.text() for p in ds.warnings)
    assert got == _figures(db)


def test_exports_in_a_folder_apply_oldest_first_and_other_files_are_said(minimal, tmp_path):
    (minimal / "crm").mkdir()
    rows = lambda amt, close: [["Sam One", "Closed Won", amt, close, "1/5/2026"]]  # noqa: E731
    _write_csv(minimal / "crm" / "a_newer.csv", HEAD, rows("2000", "3/20/2026"))  # through 20 Mar: the last word
    _write_csv(minimal / "crm" / "b_older.csv", HEAD, rows("1000", "2/10/2026"))
    (minimal / "crm" / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (minimal / "crm" / "owners.csv").write_text("crm_owner,member_id\nSam One,s1\nsam  one,s2\n", encoding="utf-8")
    ds = validate_folder(minimal)
    assert "crm/owners.csv row 3, column crm_owner: 'sam  one' is mapped twice (s1 and s2); keep one line" in [
        p.text() for p in ds.errors
    ]
    (minimal / "crm" / "owners.csv").unlink()
    ds = validate_folder(minimal)
    assert not ds.errors and any("crm/old.xls: is not read" in p.text() for p in ds.warnings)
    with open_engagement(tmp_path / "f.db", create=True) as eng:
        eng.import_source(minimal)
        assert eng.import_source(minimal).changes == 0
    got = _figures(tmp_path / "f.db")
    assert {k: f["bookings"] for k, f in got.items()} == {("s1", M1): 0, ("s1", M2): 0, ("s1", "2026-03-20"): 2000}


def validate_folder(folder):
    from kit.validate import validate

    return validate(folder)
