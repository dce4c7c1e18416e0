"""``workshop-kit room``: start the room for one team-session, print the wall's address and where the personal
links are, and serve every page from this one process until Ctrl+C."""

import os
import socket
import sys
import warnings
from pathlib import Path

from .._store import Engagement
from ..errors import KitError
from . import _http
from . import links as _links
from ._room import RELEASE

__all__ = ["serve", "public_host", "LOCAL_HOSTS"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def public_host(host):
    """The address the room's links use: ``host`` itself, or this computer's address on the local network when
    listening on every interface (0.0.0.0)."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing interface
            return s.getsockname()[0]
        except OSError:
            return socket.gethostname()


def _port_free(host, port):
    """Whether the room can listen on ``port``: nobody listens there. Connections a crashed or stopped room left
    waiting to close (TIME_WAIT, about a minute) do not count: the server reuses the address, as uvicorn does."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
            return True
        except OSError:
            return False


def _settings():
    """Solara as the room needs it: this app, no banner, a plain loader; before Solara's server is imported."""
    os.environ["SOLARA_APP"] = "kit.room.app"
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    os.environ.setdefault("SOLARA_THEME_LOADER", "plain")
    os.environ.setdefault("SOLARA_THEME_TITLE", "Workshop room")
    # a page whose browser has gone (closed, reloaded, a phone asleep or off the wifi) is released after RELEASE,
    # with its store connection, instead of Solara's default 24 hours; a phone that comes back gets its page again
    # from the store
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", RELEASE)
    warnings.filterwarnings("ignore", message=".*samesite.*")


def _light_compression(app):
    """Compress the page's files at zlib level 1 instead of Starlette's 9: every phone that joins downloads the same
    2 MB of JavaScript, and compressing it hard again for each one was most of a join's server time (make
    bench-room), for 20% fewer bytes."""
    from starlette.middleware.gzip import GZipMiddleware

    for m in app.user_middleware:
        if m.cls is GZipMiddleware:
            m.kwargs["compresslevel"] = 1


def serve(store, *, team_id, session_id, host="127.0.0.1", port=8866, links=None, rotate=False, out=None):
    """Start the room; returns when it is stopped (Ctrl+C), with nothing left running.

    Parameters
    ----------
    store : str or Path
    team_id, session_id : str
    host : str
        The address to listen on: this computer only by default; 0.0.0.0 (or the laptop's address) for the room's
        phones, and then the wall needs its own token as well.
    port : int
    links : str or Path, optional
        The links file (default ``<store folder>/<store>-room/<team>-<session>-links.csv``).
    rotate : bool
        Issue new personal links (the old ones stop working).
    """
    out = out or sys.stdout
    store = Path(store).resolve()
    if not _port_free(host, port):
        raise KitError(f"port {port} on {host} is in use (another room?); choose another with --port")
    with Engagement(store) as eng:
        base = f"http://{public_host(host)}:{port}"
        made = _links.prepare(eng, team_id=team_id, session_id=session_id, base_url=base, file=links, rotate=rotate)
    local = host in LOCAL_HOSTS
    wall_token = None if local else made.wall_token

    _settings()
    import uvicorn

    from . import app as room_app
    from ._room import Room

    room = Room(store, team_id=team_id, session_id=session_id, wall_token=wall_token, counts_every=1.0).start()
    room_app.serve_room(room)
    import solara.server.starlette as solara_starlette

    _light_compression(solara_starlette.app)
    from solara.server import settings as solara_settings

    _http.keep_private(store)
    app = _http.Guard(solara_starlette.app, wall_token=wall_token, cdn=solara_settings.assets.proxy_cache_dir)

    say = [
        f"The room for {team_id} · {session_id} is open.",
        f"  Wall (project this):            {_links.wall_url(base, wall_token)}",
        f"  Presenter panel (your screen):  {_links.presenter_url(base, wall_token)}",
        f"  Personal links ({len(made.tokens)}):  {made.file}",
        f"  Slips to print (QR codes):      {made.sheet_pdf}",
    ]
    if made.issued:
        say.append(f"  New links issued for: {', '.join(made.issued)}")
    if local:
        say.append("  Listening on this computer only: for phones, start with --host 0.0.0.0 (see README).")
    say.append("Stop the room with Ctrl+C.")
    print("\n".join(say), file=out, flush=True)
    # a phone is given a minute to answer the server's keep-alive ping (uvicorn's default, 20 s, dropped phones while
    # thirty people voted at once on two cores)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on", ws_ping_timeout=60.0)
    # a page's thread hands each widget message to the server's loop: at Python's default 5 ms between two
    # hand-overs of the interpreter lock, a save's dozens of messages to thirty phones waited seconds in turn
    sys.setswitchinterval(0.001)
    server = uvicorn.Server(config)
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl+C, then passes the signal on: the normal way out
        pass
    finally:
        room.stop()
    print("The room is closed; everything entered is in the store.", file=out, flush=True)
    return 0
