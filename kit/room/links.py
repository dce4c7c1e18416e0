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
import io
import os
import re
import secrets
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .._io import escape_cell
from ..errors import KitError, NotFoundError
from . import slips

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
_ROTATE = "start the room with --rotate to issue new links (the old ones then stop working)"


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
    sheet = slips.page(people, {m: participant_url(base_url, t) for m, t in tokens.items()}, team=team, session=session)
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
            return slips.MARK in head.decode("utf-8", errors="replace")[:400]
        return head.startswith(b"%PDF-") and _pdf_has_mark(path)
    except (OSError, UnicodeDecodeError):
        return False


def _pdf_has_mark(path):
    """Whether a PDF's metadata (compressed in an object stream by WeasyPrint) names the kit as its creator."""
    if path.stat().st_size > 20_000_000:
        return False
    data = path.read_bytes()
    mark = slips.MARK.encode()
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
