"""The ``workshop-kit`` command: validate, import, import-crm, export, summary, report, open, sample, doctor."""

import argparse
import os
import sys
from pathlib import Path

from .errors import KitError, ValidationError

__all__ = ["main"]


def _print_problems(problems, *, stream=None):
    stream = stream or sys.stdout
    for p in problems:
        print(p.text(), file=stream)


def _count(n, word):
    return f"{n} {word}{'s' if n != 1 else ''}"


def cmd_validate(args):
    from .validate import validate

    ds = validate(args.source)
    _print_problems(ds.problems)
    errors, warnings = len(ds.errors), len(ds.warnings)
    verdict = "fix the errors above, then run validate again" if errors else "ready to import"
    print(f"{args.source}: {_count(errors, 'error')}, {_count(warnings, 'warning')}; {verdict}.")
    return 1 if errors else 0


def _remove_store(path):
    """A store this command made but could not fill is removed, with its journal files."""
    for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        if p.is_file():
            p.unlink()


def cmd_import(args):
    from ._store import open_engagement

    store = Path(args.store)
    if not store.exists():  # a new store: made only when the import succeeds
        try:
            with open_engagement(store, create=True) as eng:
                return _import(eng, args)
        except BaseException:
            _remove_store(store)
            raise
    with open_engagement(store) as eng:
        return _import(eng, args)


def _import(eng, args):
    ds = eng.import_source(args.source)
    _print_problems(ds.warnings)
    n = sum(len(rows) for rows in ds.tables.values())
    ids = [r.values["team_id"] for r in ds.tables["teams"]]
    teams = ", ".join(ids) if len(ids) <= 6 else f"{len(ids)} teams"
    changed = (
        "no change: the store already held this data" if not ds.changes else f"{_count(ds.changes, 'change')} written"
    )
    print(f"Imported {_count(n, 'row')} from {args.source} into {args.store} (teams: {teams}); {changed}.")
    for result, _rows in ds.crm:  # the folder's CRM exports: what each said, counted and left out
        print("\n".join(result.lines()))
    return 0


def cmd_import_crm(args):
    from ._store import open_engagement

    if not Path(args.store).is_file():
        raise KitError(f"{args.store}: no such store; import the engagement first ('workshop-kit import FOLDER STORE')")
    with open_engagement(args.store) as eng:
        result = eng.import_crm(args.export, owners=args.owners, through=args.through, start=getattr(args, "from"))
    print("\n".join(result.lines()))
    return 0


def cmd_export(args):
    from ._store import open_engagement

    out = Path(args.folder)
    if out.exists() and not out.is_dir():
        raise KitError(f"{out} is a file; give a folder")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise KitError(
            f"{out} is not empty; choose a new folder, or add --force to write into it "
            "(the kit replaces only the files an earlier export wrote there)"
        )
    with open_engagement(args.store, readonly=True) as eng:
        eng.export(out)
    print(f"Exported {args.store} to {out}/")
    return 0


def cmd_summary(args):
    from ._screen import print_summary
    from ._store import open_engagement
    from .summary import summary

    with open_engagement(args.store, readonly=True) as eng:
        settings = eng.settings
        if not settings.get("name"):
            raise KitError(
                f"{eng.path} is empty; import an engagement folder into it first "
                f"('workshop-kit import FOLDER {eng.path}')"
            )
        _check_ids(eng, args.team, args.session)
        table = summary(eng, teams=args.team, sessions=args.session)
        names = eng.teams().set_index("team_id")["name"]
        people = dict(zip(eng.members()["member_id"], eng.members()["name"]))
    print_summary(settings, table, names, people, args.store)
    return 0


def _check_ids(eng, teams, sessions):
    from .errors import NotFoundError

    valid_teams = list(eng.teams()["team_id"])
    for t in teams or []:
        if t not in valid_teams:
            raise NotFoundError(f"no team {t!r} in {eng.path}; valid: {', '.join(valid_teams)}")
    valid_sessions = list(eng.sessions()["session_id"])
    for s in sessions or []:
        if s not in valid_sessions:
            raise NotFoundError(f"no session {s!r} in {eng.path}; valid: {', '.join(valid_sessions)}")


def cmd_sample(args):
    from .sample import write_sample

    out = Path(args.out)
    if out.exists() and any(out.iterdir()) and not args.force:
        raise KitError(f"{out} is not empty; choose a new folder, or add --force to overwrite its files")
    write_sample(out, teams=args.teams, seed=args.seed, sellers=args.sellers)
    print(
        f"Wrote a synthetic engagement of {_count(args.teams, 'team')} of {_count(args.sellers, 'seller')} and a "
        f"manager (seed {args.seed}) to {out}/"
    )
    return 0


def _list(text, valid, what):
    items = [x.strip() for x in text.split(",") if x.strip()]
    for x in items:
        if x not in valid:
            raise KitError(f"unknown {what} {x!r}; valid: {', '.join(valid)}")
    return items


def cmd_report(args):
    from ._batch import FORMATS, render_reports
    from .audience import check_documents

    audiences = check_documents([a.strip() for a in args.audience.split(",") if a.strip()])
    formats = _list(args.format, FORMATS, "format")
    jobs = render_reports(
        args.source,
        args.out,
        teams=args.team,
        sessions=args.session,
        audiences=audiences,
        formats=formats,
        page_size=args.page_size,
        jobs=args.jobs,
        force=args.force,
        keep_notebooks=args.keep_notebooks,
        progress=sys.stderr.isatty() or args.progress,
        **({"template": args.template} if args.template else {}),
    )
    failed = [j for j in jobs if j.error]
    skipped = [j for j in jobs if j.skipped]
    rendered = len(jobs) - len(failed) - len(skipped)
    print(
        f"{_count(rendered, 'team-session')} rendered, {len(skipped)} unchanged (skipped; --force renders "
        f"them anyway), {len(failed)} failed."
    )
    if failed:
        print("\nFailed reports:")
        print(f"  {'team':<12} {'session':<16} {'cell':>4}  error  (notebook)")
        for j in failed:
            print(
                f"  {j.team_id:<12} {j.session_id:<16} {j.cell if j.cell is not None else '-':>4}  {j.error}"
                f"  ({j.notebook or 'no notebook'})"
            )
    long = [p for j in jobs for p in j.long]
    if long:
        print(
            f"\n{_count(len(long), 'one-pager')} still longer than one printed page after every shortening rule "
            "(goal or action texts of several paragraphs; the page's footer says so):"
        )
        for p in long:
            print(f"  {p}")
    print(f"Open {(Path(args.out) / 'index.html').resolve()}")
    return 1 if failed else 0


def cmd_open(args):
    from ._open import serve

    return serve(
        args.store,
        team_id=args.team,
        session_id=args.session,
        app=args.app,
        host=args.host,
        port=args.port,
        browser=not args.no_browser,
    )


def cmd_room(args):
    from .room.server import serve

    return serve(
        args.store,
        team_id=args.team,
        session_id=args.session,
        host=args.host,
        port=args.port,
        links=args.links,
        rotate=args.rotate,
    )


def cmd_hub(args):
    from .hub import serve

    if not Path(args.store).is_file():
        raise KitError(f"{args.store}: no such store; make one with workshop-kit import")
    return serve(
        args.store,
        team_id=args.team,
        host=args.host,
        port=args.port,
        links=args.links,
        rotate=args.rotate,
        today=args.today,
    )


def cmd_backup(args):
    import contextlib
    import sqlite3
    import tempfile

    src, dest = Path(args.store), Path(args.copy)
    if not src.is_file():
        raise KitError(f"{src}: no such store")
    if dest.exists():
        raise KitError(f"{dest} exists; choose a new name (the kit never overwrites a file), e.g. one with the date")
    if not dest.parent.is_dir():
        raise KitError(f"{dest.parent}: no such folder")
    from urllib.request import pathname2url

    uri = f"file:{pathname2url(str(src.resolve()))}?mode=ro"
    try:  # a store of this kit (of any version: an older one is backed up before an upgrade), said in one line if not
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as con:
            con.execute("SELECT version FROM schema_version").fetchone()
    except sqlite3.Error:
        raise KitError(f"{src}: not a workshop store; give the .db file made by 'workshop-kit import'") from None
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with sqlite3.connect(uri, uri=True) as a, sqlite3.connect(tmp) as b:
            a.backup(b)  # SQLite's online backup: a consistent copy while the room or the hub writes
        a.close()
        b.close()
        os.replace(tmp, dest)
    except sqlite3.Error as e:
        raise KitError(f"{src}: the backup failed ({e}); nothing was written") from e
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    print(f"Backed up {src} to {dest}.")
    return 0


def cmd_doctor(args):
    from .doctor import check

    return 0 if check() else 1


def _date(text):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD (e.g. 2027-03-31)") from None


def _positive(text):
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return n


def build_parser():
    p = argparse.ArgumentParser(
        prog="workshop-kit",
        description="The sales workshop kit: capture, check, store and report a sales team's workshop.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("validate", help="check an engagement folder or capture workbook against the format")
    s.add_argument("source", help="engagement folder, or capture .xlsx workbook")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("import", help="import a folder or workbook into a store (created if new)")
    s.add_argument("source", help="engagement folder, or capture .xlsx workbook")
    s.add_argument("store", help="the engagement's store file, e.g. acme.db")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("import-crm", help="record each seller's results from a CRM opportunity export")
    s.add_argument("store", help="the engagement's store file (imported already)")
    s.add_argument("export", help="a Salesforce, HubSpot or Pipedrive opportunity export (.csv or .xlsx)")
    s.add_argument("--owners", help="a CSV file crm_owner,member_id for owners whose CRM name is not a member's")
    s.add_argument("--through", type=_date, help="count up to this date (default: the latest date in the export)")
    s.add_argument("--from", type=_date, help="figures from this date (default: 1 January of the through date's year)")
    s.set_defaults(func=cmd_import_crm)

    s = sub.add_parser("export", help="write a store back as an engagement folder")
    s.add_argument("store")
    s.add_argument("folder")
    s.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty (only the files an earlier export wrote there are replaced)",
    )
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("summary", help="one screen of headline figures per team and session")
    s.add_argument("store")
    s.add_argument("--team", action="append", help="only this team (repeatable)")
    s.add_argument("--session", action="append", help="only this session (repeatable)")
    s.set_defaults(func=cmd_summary)

    s = sub.add_parser("open", help="open the workshop notebooks for a team-session (JupyterLab, or --app)")
    s.add_argument("store")
    s.add_argument("--team", required=True)
    s.add_argument("--session", required=True)
    s.add_argument("--app", action="store_true", help="serve as a Voilà app: forms, text and charts, no code")
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: this machine only; any other address requires a token)",
    )
    s.add_argument("--port", type=_positive)
    s.add_argument("--no-browser", action="store_true")
    s.set_defaults(func=cmd_open)

    s = sub.add_parser(
        "room", help="start the room: the wall, and a personal page on each participant's phone or laptop"
    )
    s.add_argument("store")
    s.add_argument("--team", required=True)
    s.add_argument("--session", required=True)
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: this computer only; 0.0.0.0 for the room's phones, the wall then "
        "needs its token too)",
    )
    s.add_argument("--port", type=_positive, default=8866)
    s.add_argument("--links", help="where to write the personal links (default: beside the store)")
    s.add_argument("--rotate", action="store_true", help="issue new personal links; the old ones stop working")
    s.set_defaults(func=cmd_room)

    s = sub.add_parser(
        "hub", help="the team's pages between sessions: each member's own page all quarter, and the team's page"
    )
    s.add_argument("store")
    s.add_argument("--team", required=True)
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: this computer only; behind a reverse proxy keep 127.0.0.1 and set "
        "WORKSHOP_KIT_PUBLIC_URL to the proxy's https address, which the links use)",
    )
    s.add_argument("--port", type=_positive, default=8867)
    s.add_argument("--links", help="where to write the personal links (default: beside the store)")
    s.add_argument("--rotate", action="store_true", help="issue new personal links; the old ones stop working")
    s.add_argument("--today", type=_date, help="rehearse as if it were this day (YYYY-MM-DD), on a copy of the store")
    s.set_defaults(func=cmd_hub)

    s = sub.add_parser("backup", help="a consistent copy of a store, even while the room or the hub writes to it")
    s.add_argument("store")
    s.add_argument("copy", help="the new file to write (never an existing one)")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("sample", help="write a synthetic engagement of any size (benchmarks, load tests)")
    s.add_argument("--teams", type=_positive, default=2)
    s.add_argument("--sellers", type=_positive, default=6, help="sellers per team (each team also has a manager)")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--out", required=True)
    s.add_argument("--force", action="store_true", help="overwrite files in a folder that is not empty")
    s.set_defaults(func=cmd_sample)

    s = sub.add_parser("report", help="render the post-workshop reports (HTML, PDF) for every team and session")
    s.add_argument("source", help="the engagement's store (.db), or an engagement folder or workbook")
    s.add_argument("--out", required=True, help="folder for index.html, summary.csv and the documents")
    s.add_argument("--team", action="append", help="only this team (repeatable)")
    s.add_argument("--session", action="append", help="only this session (repeatable)")
    s.add_argument("--audience", default="team,manager,member", help="team, manager, member (each seller), member:<id>")
    s.add_argument("--format", default="html", help="comma-separated: html, pdf, pptx (the team's readout deck)")
    s.add_argument("--page-size", default="A4", choices=["A4", "Letter"])
    s.add_argument("--jobs", type=_positive, default=None, help="worker processes (default: number of cores)")
    s.add_argument("--force", action="store_true", help="render even the reports whose inputs did not change")
    s.add_argument(
        "--keep-notebooks",
        action="store_true",
        help="keep the executed notebooks in OUT/_notebooks (they hold every audience's data)",
    )
    s.add_argument("--progress", action="store_true", help="show the progress bar even when not on a terminal")
    s.add_argument("--template", help="a report notebook of your own (default: templates/report.ipynb)")
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("doctor", help="check Python, packages and the Jupyter kernel; print the fix for each")
    s.set_defaults(func=cmd_doctor)
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationError as e:
        _print_problems(e.problems, stream=sys.stderr)
        errors = [p for p in e.problems if p.severity == "error"]
        print(str(e).splitlines()[-1] if errors else str(e), file=sys.stderr)
        return 1
    except KitError as e:
        print(f"workshop-kit: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workshop-kit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output went to a program that stopped reading (| head): nothing to report
        sys.stderr.close()
        return 141
    except Exception as e:  # a bug in the kit, not bad input: keep it short unless asked
        if os.environ.get("WORKSHOP_KIT_DEBUG"):
            raise
        print(
            f"workshop-kit: internal error ({type(e).__name__}: {e}); please report it, and run with "
            "WORKSHOP_KIT_DEBUG=1 to see the details",
            file=sys.stderr,
        )
        return 70
