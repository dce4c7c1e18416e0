"""What the room's server answers: its three pages and the files they load, nothing else, with a session cookie no
page script can read, no file fetched from outside this computer and no traceback sent to a browser."""

import hmac
import json
import logging
import os
import re
from urllib.parse import parse_qs, urlsplit

__all__ = ["Guard", "PAGES", "NOT_FOUND", "keep_private"]

log = logging.getLogger("kit.room")

# The documented pages: a participant's (/?k=<token>), the wall and the presenter panel. Which page a browser gets
# is decided from its token by kit.room.app; everything else is a plain 404.
PAGES = ("/", "/wall", "/presenter")
_FILES = ("/static/", "/jupyter/nbextensions/")  # Solara's and the widgets' own files, from this installation
_CDN = "/_solara/cdn/"  # the front end's files: served from solara-assets' local copy, never fetched
_FACILITATOR = ("/resourcez", "/readyz")  # the server's figures: with the wall's token only
_KERNEL = re.compile(r"/jupyter/api/kernels/[\w-]{1,64}/channels")  # a page's websocket
_CLOSE = re.compile(r"/_solara/api/close/[\w-]{1,64}")  # a page's "I am gone" beacon

NOT_FOUND = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' "
    "content='width=device-width, initial-scale=1'><title>Workshop room</title></head>"
    "<body style='font-family: Roboto, Arial, sans-serif; color: #1f2a37; max-width: 520px; "
    "margin: 40px auto; padding: 0 16px; font-size: 20px; line-height: 1.5'>"
    "<h1 style='font-size: 26px'>This link does not open a page in this room</h1><p>It may be an old link, a link "
    "for another session, or mistyped. Ask the facilitator for your own link (your slip with the QR code).</p>"
    "</body></html>"
).encode()


_TROUBLE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Not just now</title></head><body style='font-"
    "family: Roboto, Arial, sans-serif; max-width: 520px; margin: 40px auto; font-size: 20px'><h1 style='font-size: "
    "26px'>This could not be made just now</h1><p>Try again in a moment.</p></body></html>"
).encode()


def _page(path, pages=PAGES):
    """The documented page ``path`` names ("/wall/" is "/wall"), or None."""
    path = path.split("?", 1)[0]
    path = path.rstrip("/") or "/"
    return path if path in pages else None


def _cookie(value):
    """A Set-Cookie value with HttpOnly and SameSite=Lax, whatever Solara chose."""
    parts = [p.strip() for p in value.split(";") if p.strip()]
    keep = [p for p in parts if p.split("=", 1)[0].strip().lower() not in ("samesite", "httponly")]
    return "; ".join(keep + ["HttpOnly", "SameSite=Lax"])


class Guard:
    """ASGI middleware in front of Solara's app: only the documented pages and what they load answer.

    Parameters
    ----------
    app : ASGI app
        Solara's Starlette app.
    wall_token : str or None
        The wall's token; ``/resourcez`` and ``/readyz`` answer only with ``?k=<wall_token>`` (to anyone on this
        computer when the room listens on this computer only, as the wall does).
    cdn : str or Path
        The folder of the front end's files (``solara.server.settings.assets.proxy_cache_dir``).
    pages : tuple
        The documented pages (the room's by default; the hub's are its own).
    files : dict
        Plain answers beside the pages (the hub's calendar file and one-pager): path -> function(token) returning
        (content type, bytes, file name or None), or None for a 404; run in a thread of its own.
    not_found : bytes
        The page a wrong address gets.
    """

    def __init__(self, app, *, wall_token=None, cdn=None, pages=PAGES, files=None, not_found=NOT_FOUND):
        self.app, self.wall_token = app, wall_token
        self.cdn = os.path.realpath(cdn) if cdn else None
        self.pages, self.files, self.not_found = tuple(pages), dict(files or {}), not_found

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            if scope["path"] in self.files and scope["method"] == "GET":
                return await self._file(scope, send)
            if not self._allowed(scope):
                return await _not_found(send, self.not_found)
            if _page(scope["path"], self.pages) is not None and scope["method"] == "GET":  # its language said
                headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
                return await self.app(dict(scope, headers=headers), receive, _cookies(_in_english(send)))
            return await self.app(scope, receive, _cookies(send))
        if scope["type"] == "websocket":
            if not _KERNEL.fullmatch(scope["path"]) or not _same_origin(scope):
                return await send({"type": "websocket.close", "code": 1008})
            return await self.app(scope, _pages_only(receive, send, self.pages), send)
        return await self.app(scope, receive, send)  # lifespan

    async def _file(self, scope, send):
        import anyio

        token = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("k") or [""])[0]
        try:
            made = await anyio.to_thread.run_sync(self.files[scope["path"]], token)
        except Exception:  # the detail to the console; plain words to the browser
            log.exception("%s could not be made", scope["path"])
            made = ("text/html; charset=utf-8", _TROUBLE, None)
        if made is None:
            return await _not_found(send, self.not_found)
        kind, body, name = made
        headers = [
            (b"content-type", kind.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            (b"referrer-policy", b"no-referrer"),
        ]
        if name:
            headers.append((b"content-disposition", f'attachment; filename="{name}"'.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _allowed(self, scope):
        path, method = scope["path"], scope["method"]
        if "/.." in path or "\\" in path:  # never a file of the pages
            return False
        if method == "POST":
            return bool(_CLOSE.fullmatch(path)) and b"session_id=" in scope.get("query_string", b"")
        if method not in ("GET", "HEAD"):
            return False
        if _page(path, self.pages) is not None:
            return True
        if path.startswith(_FILES):
            return True
        if path.startswith(_CDN):
            return self._local(path[len(_CDN) :])
        if path in _FACILITATOR:
            return self._facilitator(scope)
        return False

    def _local(self, rel):
        """Whether the front end's file ``rel`` is in the local copy (Solara would otherwise fetch it from a CDN, and
        for a folder it would first delete that folder)."""
        if self.cdn is None or not rel:
            return False
        if "/" not in rel.strip("/"):
            rel = rel.strip("/") + "/__main.js"  # how Solara stores a package's main file
        try:
            full = os.path.realpath(os.path.join(self.cdn, rel))
            return full.startswith(self.cdn + os.sep) and os.path.isfile(full)
        except (ValueError, OSError):  # a NUL byte, a name too long
            return False

    def _facilitator(self, scope):
        if self.wall_token is None:
            return True
        token = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("k") or [""])[0]
        return hmac.compare_digest(token.encode(), self.wall_token.encode())


async def _not_found(send, body=NOT_FOUND):
    await send(
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _cookies(send):
    """``send`` with every Set-Cookie made HttpOnly and SameSite=Lax, and no Referer sent from the pages (their
    address holds the person's token)."""

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = [
                (k, _cookie(v.decode("latin-1")).encode("latin-1") if k.lower() == b"set-cookie" else v)
                for k, v in message.get("headers", [])
            ]
            headers.append((b"referrer-policy", b"no-referrer"))
            message = dict(message, headers=headers)
        await send(message)

    return sending


def _in_english(send):
    """``send`` for a page: its ``<html>`` says the page's language (``lang="en"``: a screen reader reads it as
    English; Solara's template says none). The page is gathered whole, changed once, its length said again."""
    start, parts = None, []

    async def sending(message):
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            return
        if message["type"] != "http.response.body":
            return await send(message)
        parts.append(message.get("body", b""))
        if message.get("more_body"):
            return
        body = b"".join(parts)
        if b"<html" in body[:512] and b"lang=" not in body[:512]:
            body = body.replace(b"<html", b'<html lang="en"', 1)
        headers = [(k, v) for k, v in (start or {}).get("headers", []) if k.lower() != b"content-length"]
        await send(
            dict(
                start or {"type": "http.response.start", "status": 200},
                headers=headers + [(b"content-length", str(len(body)).encode())],
            )
        )
        await send({"type": "http.response.body", "body": body})

    return sending


def _same_origin(scope):
    """A page's websocket comes from a page of this server (a browser sends Origin; a script on another site cannot
    hide it)."""
    headers = dict(scope.get("headers", []))
    origin = headers.get(b"origin")
    if origin is None:
        return True  # not a browser: it holds no one's cookie
    return urlsplit(origin.decode("latin-1")).netloc == headers.get(b"host", b"").decode("latin-1")


def _pages_only(receive, send, pages=PAGES):
    """``receive`` for a page's websocket that closes it when it asks Solara to run a page at any other address
    (Solara would answer an unknown one with a traceback)."""
    from solara.server.kernel import deserialize_binary_message

    async def receiving():
        message = await receive()
        if message["type"] != "websocket.receive":
            return message
        try:
            text = message.get("text")
            msg = json.loads(text) if text is not None else deserialize_binary_message(message.get("bytes") or b"")
            data = msg["content"]["data"]
            method = data.get("method")
        except Exception:  # not a comm message: Solara reads it as before
            return message
        if method in ("run", "reload"):
            args = data.get("args") if method == "run" else data
            path = args.get("path", "") if isinstance(args, dict) else None
            app = (args.get("appName") or "__default__") if isinstance(args, dict) else None
            if not isinstance(path, str) or _page(path, pages) is None or app != "__default__":
                await send({"type": "websocket.close", "code": 1008})
                return {"type": "websocket.disconnect", "code": 1008}
        return message

    return receiving


def keep_private(store):
    """Nothing leaves the room's process but its pages: Solara's usage reports (sent to mixpanel.com) are off, an
    error in a page's handler goes to the server's console, never to the browser with the installation's paths, and
    a form's message about the store (which names its file) is said in plain words.

    Parameters
    ----------
    store : str or Path
        The room's store (its path is never shown on a page).
    """
    from solara.server import patch, settings

    from .._capture import Message

    settings.telemetry.mixpanel_enable = False
    Message.store = str(store)

    def showtraceback(self):
        log.error("an error on a page", exc_info=True)

    patch.FakeIPython.showtraceback = showtraceback
