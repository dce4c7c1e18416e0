"""The hub's personal links: one secret link per member of a team for the weeks between sessions, made as the room's
are (:mod:`kit.room.links`: random tokens, only their hashes in the store, the files mode 0600, read back at the
next start so the links handed out keep working, ``--rotate`` to issue new ones), kept apart from any session's.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import KitError, NotFoundError
from ..room import links as _room
from ..room import slips

__all__ = ["HubLinks", "prepare", "lookup", "default_file", "page_url", "team_url"]


def default_file(store_path, team_id):
    """Where a team's hub links go unless told: ``<store folder>/<store>-hub/<team>-links.csv``."""
    store_path = Path(store_path)
    return store_path.parent / f"{store_path.stem}-hub" / f"{team_id}-links.csv"


def page_url(base_url, token):
    """A member's own page: ``<base_url>/?k=<token>``."""
    return _room.participant_url(base_url, token)


def team_url(base_url, token):
    """The team's page, opened with a member's own link: ``<base_url>/team?k=<token>``."""
    return f"{base_url.rstrip('/')}/team?k={token}"


def lookup(eng, token):
    """(team_id, member_id) of a hub link's token (anything a browser sent), or None."""
    if not isinstance(token, str) or not _room._TOKEN.fullmatch(token):
        return None
    return eng.hub_link(_room.hash_token(token))


@dataclass
class HubLinks:
    """What :func:`prepare` made: member_id -> token, the links CSV, the slips, and who got a new link."""

    base_url: str
    tokens: dict
    file: Path
    sheet_html: Path
    sheet_pdf: Path
    issued: list


def prepare(eng, *, team_id, base_url, file=None, rotate=False):
    """Make sure every member of a team has a hub link; write the links out (CSV and slips to print).

    Parameters
    ----------
    eng : kit._store.Engagement
    team_id : str
    base_url : str
        The hub's address as people reach it (behind a reverse proxy: its public https address).
    file : str or Path, optional
        The links CSV (default :func:`default_file`); the slips go beside it.
    rotate : bool
        Issue new links to everyone; the old ones stop working.
    """
    teams = eng.teams()
    if team_id not in set(teams["team_id"]):
        raise NotFoundError(f"no team {team_id!r} in {eng.path}; valid: {', '.join(teams['team_id']) or '(none)'}")
    team = teams[teams["team_id"] == team_id].iloc[0].to_dict()
    people = _room._members(eng, team_id)
    file = Path(file) if file is not None else default_file(eng.path, team_id)
    sheet_html, sheet_pdf = file.with_suffix(".html"), file.with_suffix(".pdf")
    if len({file, sheet_html, sheet_pdf}) < 3:
        raise KitError(f"{file}: give the links file a name ending in .csv")
    for path, kind in ((file, "csv"), (sheet_html, "html"), (sheet_pdf, "pdf")):
        _room._check_ours(path, kind)

    stored = eng.hub_links(team_id)
    known = {}
    if not rotate:
        for path in dict.fromkeys([file, default_file(eng.path, team_id)]):
            if path.is_file() and _room._ours(path, "csv"):
                text = path.read_text(encoding="utf-8-sig", errors="replace")
                for row in csv.reader(io.StringIO(text, newline="")):
                    known.update(_room._tokens_in(row[-1] if row else ""))
    tokens, issued = {}, []
    for who in [p["member_id"] for p in people]:
        if rotate or who not in stored:
            tokens[who] = _room.new_token()
            issued.append(who)
        elif stored[who] in known:
            tokens[who] = known[stored[who]]
        else:
            raise KitError(
                f"{file} does not hold the stored hub link of {who!r} (moved, edited or deleted?); start the hub with "
                "--rotate to issue new links (the old ones then stop working)"
            )
    hashes = {who: _room.hash_token(t) for who, t in tokens.items()}
    if hashes != stored and eng.readonly:
        raise KitError(f"{eng.path} is read-only, so the hub's links cannot be stored; copy it somewhere writable")
    sheet = slips.page(
        people,
        {m: page_url(base_url, t) for m, t in tokens.items()},
        team=team,
        when="between sessions",
        what="for the weeks between sessions",
        by="workshop-kit hub",
    )
    created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

    def store():
        if hashes != stored:
            eng.set_hub_links(team_id, hashes, created=created)

    _room._write_all(
        {file: _room._csv_text(people, tokens, base_url), sheet_html: sheet}, sheet_pdf, sheet, store=store
    )
    return HubLinks(base_url, tokens, file, sheet_html, sheet_pdf, issued)
