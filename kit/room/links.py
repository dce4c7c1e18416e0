"""The room's personal links: one secret link per participant and one for the wall, kept in the store only as hashes,
and written out for the facilitator as a CSV, a text file with the wall's address, and a page of slips to print.

A link is the room's address with ``?k=<token>``; whoever holds it is that person in the room. The store keeps the
SHA-256 of each token (:meth:`kit._store.Engagement.room_links`), so the store alone opens no one's page; the tokens
themselves live only in the files written here (mode 0600), which is where a later :func:`prepare` reads them back
from, so the links already handed out keep working from one start of the room to the next.
"""

import csv
import datetime as dt
import hashlib
import html
import io
import os
import re
import secrets
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .. import _format as fmt
from .._io import escape_cell
from ..errors import KitError, NotFoundError

__all__ = [
    "Links",
    "prepare",
    "lookup",
    "new_token",
    "hash_token",
    "default_file",
    "participant_url",
    "wall_url",
    "presenter_url",
    "HEADER",
    "WALL",
]

HEADER = ("member_id", "name", "role", "url")  # the links CSV's columns, exactly
WALL = "wall"  # the ``who`` of the facilitator's wall (and presenter panel) link

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}", re.ASCII)  # what a token may look like (new ones are 32 characters)
_TOKEN_IN_URL = re.compile(r"[?&]k=([A-Za-z0-9_-]{16,128})(?![A-Za-z0-9_-])", re.ASCII)
_WALL_LINE = "Wall (project this): "
_PRESENTER_LINE = "Presenter panel (your screen only): "
_MARK = "workshop-kit room links"  # in the sheet's HTML and in its PDF's metadata: how the kit knows its own files
_ROTATE = "start the room with --rotate to issue new links (the old ones then stop working)"
_NOTICE = "Open this on your phone: it is yours alone, do not share it."


def new_token():
    """A new secret token: 24 random bytes (192 bits), URL-safe (32 characters of ``A-Z a-z 0-9 _ -``)."""
    return secrets.token_urlsafe(24)


def hash_token(token):
    """The SHA-256 of a token, in hex: what the store keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def lookup(eng, token):
    """Whose link a token is.

    Parameters
    ----------
    eng : kit._store.Engagement
    token : str
        The ``k`` of a page's address, as the browser sent it: anything at all.

    Returns
    -------
    tuple or None
        ``(session_id, who)``, ``who`` a member_id or ``'wall'``; None for a token that is not a current link
        (empty, malformed, too long, replaced by ``--rotate``), never an exception.
    """
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return eng.room_link(hash_token(token))


def default_file(store_path, team_id, session_id):
    """Where a team-session's links go unless told: ``<store folder>/<store>-room/<team>-<session>-links.csv``."""
    store_path = Path(store_path)
    return store_path.parent / f"{store_path.stem}-room" / f"{team_id}-{session_id}-links.csv"


def participant_url(base_url, token):
    """A participant's personal address: ``<base_url>/?k=<token>``."""
    return f"{base_url.rstrip('/')}/?k={token}"


def wall_url(base_url, token=None):
    """The wall's address: ``<base_url>/wall``, with ``?k=<token>`` when the room needs the wall's token."""
    return f"{base_url.rstrip('/')}/wall" + (f"?k={token}" if token else "")


def presenter_url(base_url, token=None):
    """The presenter panel's address: ``<base_url>/presenter``, with ``?k=<token>`` when given one."""
    return f"{base_url.rstrip('/')}/presenter" + (f"?k={token}" if token else "")


@dataclass
class Links:
    """What :func:`prepare` made: the tokens, and the files the facilitator hands out or keeps.

    Attributes
    ----------
    base_url : str
        The room's address the links were written with.
    wall_token : str
        The token of the wall and presenter panel.
    tokens : dict
        member_id -> token, for every member of the team (the manager included), in the sheet's order.
    file : Path
        The links CSV (member_id, name, role, url).
    wall_file : Path
        The wall's and the presenter panel's addresses, for the facilitator only.
    sheet_html, sheet_pdf : Path
        The printable slips, one per member, with a QR code of their link.
    issued : list
        The member_ids (and ``'wall'``) given a new link by this call.
    """

    base_url: str
    wall_token: str
    tokens: dict
    file: Path
    wall_file: Path
    sheet_html: Path
    sheet_pdf: Path
    issued: list


def prepare(eng, *, team_id, session_id, base_url, file=None, rotate=False):
    """Make sure every member of a team, and the wall, has a link for a session's room; write the links out.

    Links already stored keep working: their tokens are read back from the links files written last time and
    written again with ``base_url`` (the room's address may change between starts). Whoever has no link yet gets
    one. The store's links change only when someone gets a new one, and only after every file is ready.

    Parameters
    ----------
    eng : kit._store.Engagement
        The engagement's store (writable, when a link is to be issued).
    team_id, session_id : str
        The team, and one of its sessions.
    base_url : str
        The room's address as the phones reach it, e.g. ``http://192.168.1.20:8866``.
    file : str or Path, optional
        The links CSV (default :func:`default_file`); the wall file and the slips go in the same folder.
    rotate : bool
        Issue new links to everyone, the wall included; the old ones stop working.

    Returns
    -------
    Links
    """
    team, session = _team_session(eng, team_id, session_id)
    people = _members(eng, team_id)
    file = Path(file) if file is not None else default_file(eng.path, team_id, session_id)
    folder = file.parent
    wall_file = folder / f"{team_id}-{session_id}-wall.txt"
    sheet_html = folder / f"{team_id}-{session_id}-links.html"
    sheet_pdf = folder / f"{team_id}-{session_id}-links.pdf"
    outputs = {file: "csv", wall_file: "wall", sheet_html: "html", sheet_pdf: "pdf"}
    if len(outputs) < 4:
        raise KitError(f"{file}: this name is taken by the room's other files; choose another --links path")
    for path, kind in outputs.items():
        _check_ours(path, kind)

    stored = eng.room_links(session_id)
    known = {} if rotate else _known_tokens(eng, team_id, session_id, file, wall_file)
    tokens, issued = {}, []
    for who in [p["member_id"] for p in people] + [WALL]:
        if rotate or who not in stored:
            tokens[who] = new_token()
            issued.append(who)
        elif stored[who] in known:
            tokens[who] = known[stored[who]]
        else:
            raise KitError(_lost(who, wall_file if who == WALL else file, session_id))
    hashes = {who: hash_token(t) for who, t in tokens.items()}
    if hashes != stored and eng.readonly:
        raise KitError(
            f"{eng.path} is read-only, so the room's links cannot be stored; copy it to a folder you can write to"
        )

    wall_token = tokens.pop(WALL)
    sheet = _sheet_html(people, tokens, base_url=base_url, team=team, session=session)
    texts = {
        file: _csv_text(people, tokens, base_url),
        wall_file: f"{_WALL_LINE}{wall_url(base_url, wall_token)}\n"
        f"{_PRESENTER_LINE}{presenter_url(base_url, wall_token)}\n",
        sheet_html: sheet,
    }
    _write_all(texts, sheet_pdf, sheet, store=lambda: _store(eng, session_id, hashes, stored))
    return Links(
        base_url=base_url,
        wall_token=wall_token,
        tokens=tokens,
        file=file,
        wall_file=wall_file,
        sheet_html=sheet_html,
        sheet_pdf=sheet_pdf,
        issued=issued,
    )


# ------------------------------------------------------------------ the team, its session and its people
def _team_session(eng, team_id, session_id):
    """The team's and the session's rows (dicts), or a NotFoundError listing the valid ones."""
    teams = eng.teams()
    valid = list(teams["team_id"])
    if not isinstance(team_id, str) or team_id not in valid:
        raise NotFoundError(f"no team {team_id!r} in {eng.path}; valid: {', '.join(valid) or '(none)'}")
    own = eng.sessions(team_id=team_id)
    if not isinstance(session_id, str) or session_id not in set(own["session_id"]):
        valid = ", ".join(own["session_id"]) or "(none)"
        raise NotFoundError(f"no session {session_id!r} of team {team_id!r} in {eng.path}; valid: {valid}")
    team = teams[teams["team_id"] == team_id].iloc[0].to_dict()
    return team, own[own["session_id"] == session_id].iloc[0].to_dict()


def _members(eng, team_id):
    """The team's members as dicts, the manager(s) first, then by name."""
    rows = eng.members(team_id=team_id).to_dict("records")
    if not rows:
        raise KitError(f"team {team_id!r} has no members in {eng.path}; add them to members.csv and import it again")
    return sorted(rows, key=lambda r: (r["role"] != "manager", str(r["name"]).casefold(), r["member_id"]))


# ------------------------------------------------------------------ reading the tokens back
def _known_tokens(eng, team_id, session_id, file, wall_file):
    """{hash: token} of every token in the links files of this team-session: the ones at ``file`` and, when the
    links were moved with --links, the ones at the default place."""
    default = default_file(eng.path, team_id, session_id)
    csvs = dict.fromkeys([file, default])
    walls = dict.fromkeys([wall_file, default.parent / wall_file.name])
    found = {}
    for path in csvs:
        if path.is_file() and _ours(path, "csv"):
            for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig", errors="replace"), newline="")):
                found.update(_tokens_in(row[-1] if row else ""))
    for path in walls:
        if path.is_file() and _ours(path, "wall"):
            first = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
            found.update(_tokens_in(first))
    return found


def _tokens_in(text):
    return {hash_token(t): t for t in _TOKEN_IN_URL.findall(text)}


def _lost(who, path, session_id):
    """The message for a stored link whose token is in no links file any more."""
    what = "the wall's address" if who == WALL else f"the links of session {session_id}"
    if not path.exists():
        return (
            f"{path}: the file with {what} is gone, so the links already given out cannot be written again; {_ROTATE}"
        )
    return f"{path} does not hold the stored link of {who!r} (an older or edited copy?); {_ROTATE}"


# ------------------------------------------------------------------ never overwriting anyone else's file
def _check_ours(path, kind):
    if path.is_dir():
        raise KitError(f"{path} is a folder; choose another --links path")
    if path.exists() and not _ours(path, kind):
        what = "a links file (member_id,name,role,url)" if kind == "csv" else "one the room wrote"
        raise KitError(f"{path} exists and is not {what}; choose another --links path, the kit will not overwrite it")


def _ours(path, kind):
    """Whether an existing file is one this module wrote (so it may be written again)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
        if kind == "csv":
            first = head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8-sig")
            return first == ",".join(HEADER)
        if kind == "wall":
            return head.decode("utf-8", errors="replace").startswith(_WALL_LINE)
        if kind == "html":
            return _MARK in head.decode("utf-8", errors="replace")[:400]
        return head.startswith(b"%PDF-") and _pdf_has_mark(path)
    except (OSError, UnicodeDecodeError):
        return False


def _pdf_has_mark(path):
    """Whether a PDF's metadata (compressed in an object stream by WeasyPrint) names the kit as its creator."""
    if path.stat().st_size > 20_000_000:
        return False
    data = path.read_bytes()
    mark = _MARK.encode()
    if mark in data:
        return True
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            text = zlib.decompressobj().decompress(data[m.end() : m.end() + 2_000_000], 4_000_000)
        except zlib.error:
            continue
        if mark in text:
            return True
    return False


# ------------------------------------------------------------------ writing
def _csv_text(people, tokens, base_url):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for p in people:
        mid = p["member_id"]
        w.writerow([escape_cell(mid), escape_cell(str(p["name"])), p["role"], participant_url(base_url, tokens[mid])])
    return buf.getvalue()


def _store(eng, session_id, hashes, stored):
    if hashes != stored:
        eng.set_room_links(session_id, hashes, created=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))


def _write_all(texts, pdf_path, sheet, *, store):
    """Write every file beside its final name (mode 0600: they hold the links), then store the hashes, then put
    the files in place: a failure on the way leaves the store and the old files as they were."""
    folder = pdf_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as e:
        raise KitError(f"{folder}: cannot make this folder ({e.strerror or e}); choose another --links path") from e
    temps = {}
    try:
        for path, text in texts.items():
            temps[path] = _temp(path)
            with open(temps[path], "w", encoding="utf-8", newline="") as f:
                f.write(text)
        temps[pdf_path] = _temp(pdf_path)
        from ..report._render import write_pdf

        write_pdf(sheet, temps[pdf_path])
        store()
        for path, tmp in temps.items():
            os.replace(tmp, path)
    except OSError as e:
        raise KitError(
            f"{folder}: cannot write the room's links there ({e.strerror or e}); choose another --links path"
        ) from e
    finally:
        for tmp in temps.values():
            if os.path.exists(tmp):
                os.unlink(tmp)


def _temp(path):
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mode 0600
    os.close(fd)
    return name


# ------------------------------------------------------------------ the page of slips
# Two layouts, both one A4 page: up to 12 people, 2 columns of large slips (QR codes 34 mm wide); up to 30, 3 columns
# of 10 rows (codes 23.5 mm wide, the symbol itself over 22 mm). A larger team flows onto more pages. Each slip is a
# box of fixed height, so that no name can push the page over: the longest names are shortened, and a name never
# takes more than two lines, so the address below it is never cut off.
_CSS = """
@page { size: A4; margin: 7mm 8mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif; color: #1f2a37; }
body { margin: 0; }
.head { height: 10mm; overflow: hidden; border-bottom: 0.6mm solid #0173b2; margin-bottom: 2mm; }
.head .title { font-size: 11pt; font-weight: bold; }
.head .sub { font-size: 7pt; color: #5b6675; margin-top: 0.6mm; }
table.slips { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.slips tr { break-inside: avoid; }
td.slip { border: 0.3mm dashed #8a94a3; padding: 1.5mm 2mm; vertical-align: top; }
td.empty { border: none; }
.box { position: relative; overflow: hidden; }
img.qr { position: absolute; left: 0; top: 0; }
.name { font-family: "DejaVu Sans Condensed", "Liberation Sans Narrow", "Arial Narrow", sans-serif; font-weight: bold;
        line-height: 1.12; overflow-wrap: anywhere; }
.role { color: #5b6675; overflow-wrap: anywhere; }
.note { line-height: 1.2; }
.url { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; line-height: 1.2; color: #44505f; }
.large .box { height: 40mm; }
.large img.qr { width: 34mm; height: 34mm; }
.large .text { margin-left: 37mm; }
.large .name { font-size: 14pt; max-height: 9mm; overflow: hidden; }
.large .name.long { font-size: 11pt; }
.large .role { font-size: 9pt; margin-top: 0.6mm; }
.large .note { font-size: 9pt; margin-top: 2mm; }
.large .url { font-size: 7.5pt; margin-top: 2mm; }
.small .box { height: 23.5mm; }
.small img.qr { width: 23.5mm; height: 23.5mm; }
.small .text { margin-left: 26mm; }
.small .name { font-size: 9.5pt; max-height: 6.5mm; overflow: hidden; }
.small .name.long { font-size: 8pt; }
.small .role { font-size: 6.5pt; margin-top: 0.3mm; }
.small .note { font-size: 6pt; margin-top: 0.8mm; }
.small .url { font-size: 5.5pt; margin-top: 0.8mm; }
"""

# per layout: columns, the length of a long name (set smaller), the longest shown (longer ones are shortened)
_LAYOUTS = {"large": (2, 20, 48), "small": (3, 17, 32)}


def _layout(n):
    """The layout for ``n`` slips: 'large' up to 12 (one page of 2 x 6), 'small' beyond (3 x 10 a page)."""
    return "large" if n <= 12 else "small"


def _qr(url):
    import segno

    return segno.make(url, micro=False).svg_data_uri(border=1, omitsize=True)


def _breakable(text, every=4):
    """Text with a break opportunity every few characters (``<wbr>``: nothing a copy of the address picks up), so
    that a long address fills its lines instead of overflowing the slip."""
    return "<wbr>".join(html.escape(text[i : i + every]) for i in range(0, len(text), every))


def _sheet_html(people, tokens, *, base_url, team, session):
    e = html.escape
    layout = _layout(len(people))
    cols, long_name, longest = _LAYOUTS[layout]
    date = fmt.date(session["date"])
    when = f"{str(session['kind']).capitalize()}, {date}"
    team_name = str(team["name"])
    cells = []
    for p in people:
        url = participant_url(base_url, tokens[p["member_id"]])
        name = " ".join(str(p["name"]).split())
        name = name if len(name) <= longest else name[: longest - 1].rstrip() + "…"
        about = [str(p["role"]).capitalize()] + ([team_name] if layout == "large" else []) + [date]
        cells.append(
            '<td class="slip"><div class="box">'
            f'<img class="qr" src="{e(_qr(url))}" alt="QR code of the link">'
            '<div class="text">'
            f'<div class="name{" long" if len(name) > long_name else ""}">{e(name)}</div>'
            f'<div class="role">{e(" · ".join(about))}</div>'
            f'<div class="note">{e(_NOTICE)}</div>'
            f'<div class="url">{_breakable(url)}</div>'
            "</div></div></td>"
        )
    cells += ['<td class="empty"></td>'] * (-len(cells) % cols)
    rows = "\n".join(f"<tr>{''.join(cells[i : i + cols])}</tr>" for i in range(0, len(cells), cols))
    title = f"Personal links for the room: {team_name}, {when}"
    return (
        "<!DOCTYPE html>\n"
        f"<!-- {_MARK}: written by 'workshop-kit room', rewritten each time the room starts. It holds everyone's "
        "personal link: print it, hand out the slips, and keep the file to yourself. -->\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title>"
        f'<meta name="generator" content="{_MARK}">'
        f"<style>{_CSS}</style></head><body>\n"
        f'<div class="head"><div class="title">{e(team_name)} · {e(when)} · personal links for the room</div>'
        '<div class="sub">Cut along the dashed lines and give each person their own slip. '
        "Each link opens that person's page: keep this sheet to yourself until it is cut.</div></div>\n"
        f'<table class="slips {layout}">\n{rows}\n</table>\n</body></html>\n'
    )
