"""``workshop-kit hub``: the team's pages between sessions, served from one process for weeks (a laptop for a
rehearsal, a server behind HTTPS for a real quarter), until Ctrl+C or the service manager stops it. Everything a page
writes is in the store at once: a restart loses nothing."""

import os
import sys
import warnings
from pathlib import Path

from .. import report
from .._store import Engagement
from ..audience import MANAGER, member
from ..errors import KitError
from ..room import _http
from ..room.server import LOCAL_HOSTS, _light_compression, _port_free, public_host
from . import links as _links
from ._hub import Hub
from .calendar import ics

__all__ = ["serve", "files"]


def _page(title, words):
    """A small page that says something in plain words, and holds no data."""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' "
        "content='width=device-width, initial-scale=1'><title>Between sessions</title></head>"
        "<body style='font-family: Roboto, Arial, sans-serif; color: #1f2a37; max-width: 520px; "
        "margin: 40px auto; padding: 0 16px; font-size: 20px; line-height: 1.5'>"
        f"<h1 style='font-size: 26px'>{title}</h1><p>{words}</p></body></html>"
    ).encode()


_NOT_FOUND = _page(
    "This link does not open a page",
    "It may be an old link, a link that was replaced, or mistyped. Ask your manager or the facilitator for your own "
    "link.",
)


def _words(title, words):
    """What the calendar file or the one-pager link gives when there is nothing to give yet."""
    return "text/html; charset=utf-8", _page(title, words), None


def _who(hub, token):
    """(member_id, role) of a link of the hub's team, or None."""
    eng = hub.open()
    try:
        found = _links.lookup(eng, token)
        if found is None or found[0] != hub.team_id:
            return None
        m = eng.members(member_id=found[1])
        return None if m.empty or m.iloc[0]["team_id"] != hub.team_id else (found[1], str(m.iloc[0]["role"]))
    finally:
        eng.close()


def files(hub):
    """The hub's plain answers beside its pages: the next review's calendar file, and the member's latest document
    (a seller's one-pager of the session in force, the manager's report), each for a valid link only."""

    def calendar(token):
        who = _who(hub, token)
        if who is None:
            return None
        eng = hub.open()
        try:
            nxt = hub.upcoming(eng)
            if nxt is None:
                return _words("No next review is scheduled yet", "When it is, this link gives its calendar file.")
            from ..steps.actions.model import rotation

            rot, _ = rotation(eng.sessions(team_id=hub.team_id), eng.members(team_id=hub.team_id), team_id=hub.team_id)
            leader = rot.loc[rot["session_id"] == nxt["session_id"], "leader_id"].iloc[0]
            names = dict(zip(*[eng.members(team_id=hub.team_id)[c] for c in ("member_id", "name")]))
        finally:
            eng.close()
        body = ics(team=hub.team, session=nxt, leader=names.get(leader))
        return "text/calendar; charset=utf-8", body, f"{nxt['session_id']}.ics"

    def latest(token):
        who = _who(hub, token)
        if who is None:
            return None
        member_id, role = who
        eng = hub.open()
        try:
            s = hub.session(eng)
        finally:
            eng.close()
        if s is None:
            return _words("Nothing yet", "Your one-pager comes after the team's first session.")
        pol = MANAGER if role == "manager" else member(member_id)
        return "text/html; charset=utf-8", report.render(report.view(s, audience=pol)).encode("utf-8"), None

    return {"/calendar.ics": calendar, "/one-pager": latest}


def serve(store, *, team_id, host="127.0.0.1", port=8867, links=None, rotate=False, today=None, out=None):
    """Start the hub for a team; returns when it is stopped (Ctrl+C), with nothing left running."""
    out = out or sys.stdout
    store = Path(store).resolve()
    if not _port_free(host, port):
        raise KitError(f"port {port} on {host} is in use (another hub or room?); choose another with --port")
    base = os.environ.get("WORKSHOP_KIT_PUBLIC_URL") or f"http://{public_host(host)}:{port}"
    with Engagement(store) as eng:
        made = _links.prepare(eng, team_id=team_id, base_url=base, file=links, rotate=rotate)
    hub = Hub(store, team_id=team_id, today=today)

    os.environ["SOLARA_APP"] = "kit.hub.app"
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    os.environ.setdefault("SOLARA_THEME_LOADER", "plain")
    os.environ.setdefault("SOLARA_THEME_TITLE", "Between sessions")
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", "2m")
    warnings.filterwarnings("ignore", message=".*samesite.*")
    import uvicorn

    from . import app as hub_app

    hub_app.serve_hub(hub)
    import solara.server.starlette as solara_starlette
    from solara.server import settings as solara_settings

    _light_compression(solara_starlette.app)
    _http.keep_private(store)
    app = _http.Guard(
        solara_starlette.app,
        wall_token=_links._room.new_token(),  # the server's own figures (/resourcez): closed to every browser
        cdn=solara_settings.assets.proxy_cache_dir,
        pages=("/", "/team"),
        files=files(hub),
        not_found=_NOT_FOUND,
    )
    say = [
        f"The hub for {hub.team['name']} is open" + (f", as of {today}" if today else "") + ".",
        f"  Personal links ({len(made.tokens)}):  {made.file}",
        f"  Slips to print (QR codes):  {made.sheet_pdf}",
    ]
    if made.issued:
        say.append(f"  New links issued for: {', '.join(made.issued)}")
    manager = hub.team.get("manager_id")
    if manager in made.tokens:
        say.append(f"  The manager's own page:     {_links.page_url(base, made.tokens[manager])}")
    if host in LOCAL_HOSTS and "WORKSHOP_KIT_PUBLIC_URL" not in os.environ:
        say.append(
            "  Listening on this computer only, so the links and slips open on it alone (a rehearsal). For the team, "
            "run it on a server (README, 'Between sessions') or with --host 0.0.0.0 on the office network."
        )
    say.append("Stop the hub with Ctrl+C: everything entered is in the store.")
    print("\n".join(say), file=out, flush=True)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        lifespan="on",
        ws_ping_timeout=60.0,
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )
    sys.setswitchinterval(0.001)
    server = uvicorn.Server(config)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        hub.close()
    print("The hub is closed; everything entered is in the store.", file=out, flush=True)
    return 0
