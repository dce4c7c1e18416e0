"""The hub's pages as a Solara app (the room's stack): ``/?k=<token>`` is that member's own page (a seller's or the
manager's), ``/team?k=<token>`` the team's page; which page a browser gets is decided on the server from its token
alone. Anything else gets a polite page that shows no data."""

from urllib.parse import parse_qs

import solara
from solara.server import kernel_context

from ..room.app import _CSS, Layout, page_shell
from .links import lookup
from .pages import page_for

__all__ = ["Page", "Layout", "HUB", "routes", "serve_hub"]

HUB = None  # the hub this server holds (set by kit.hub.server before it starts)

_HUB_CSS = """<style>
.kit-hub h2.kit-hub-h { font-size: 21px; margin: 18px 0 6px 0; color: #014a73; }
.kit-hub h3.kit-hub-h { font-size: 18px; margin: 14px 0 4px 0; }
.kit-hub-nav { font-size: 15px; padding-top: 2px; }
.kit-hub-nav a, .kit-hub a { color: #014a73; }
.kit-hub-nav { display: flex; flex-wrap: wrap; column-gap: 18px; }
.kit-hub-nav a { display: inline-block; min-height: 44px; line-height: 44px; padding: 0 2px; }
.kit-room.kit-hub { max-width: 760px !important; margin: 0 auto; }
.kit-hub h3.kit-hub-h { color: #014a73; font-size: 19px; }
/* what a save says stays in view at the foot of the screen, wherever the button was */
.kit-hub .kit-message { position: fixed; left: 0; right: 0; bottom: 0; z-index: 10; margin: 0 !important;
  pointer-events: none; }  /* a tap goes through to what is under it; it fades after a few seconds */
@keyframes kit-hub-fade { to { opacity: 0; visibility: hidden; } }
.kit-hub .kit-message .kit-ok, .kit-hub .kit-message .kit-note { animation: kit-hub-fade 0.4s ease 6s forwards; }
.kit-hub .kit-message .kit-error { animation: kit-hub-fade 0.4s ease 12s forwards; }
.kit-hub .kit-message .kit-ok, .kit-hub .kit-message .kit-error, .kit-hub .kit-message .kit-note {
  max-width: 736px; margin: 0 auto; background: #ffffff; border-top: 3px solid #0173b2; padding: 10px 12px;
  box-shadow: 0 -2px 8px rgba(0, 0, 0, 0.15); font-size: 16px !important; }
.kit-hub .kit-hub-body-end { height: 96px; }
.kit-hub .widget-label { white-space: normal !important; overflow: visible !important; height: auto !important;
  line-height: 1.3 !important; text-overflow: clip !important; }
.kit-hub .kit-hub-done { background: #1b6e3a !important; color: #ffffff !important; }
.kit-hub .kit-hub-ics { min-height: 44px; line-height: 44px; padding: 0; }
.kit-hub .kit-hub-blocks table { border-collapse: collapse; width: 100%; font-size: 15px; }
.kit-hub .kit-hub-blocks td, .kit-hub .kit-hub-blocks th { border-bottom: 1px solid #e3e8ef; padding: 4px;
  text-align: left; vertical-align: top; }
.kit-hub .kit-hub-blocks p { font-size: 15px; margin: 4px 0; }
.kit-hub ul { padding-left: 20px; margin: 4px 0; font-size: 16px; }
.kit-hub .kit-hub-action { padding: 6px 0 10px 0; }
.kit-hub .kit-hub-ics { display: inline-block; font-size: 17px; }
</style>"""

_POLITE = {
    None: (
        "This link does not open a page",
        "It may be an old link, a link that was replaced, or mistyped. Ask your manager or the facilitator for "
        "your own link.",
    ),
    "link": ("Your link is open on too many screens", "Close it on one of them, then reload this page."),
    "full": ("The team's pages are busy just now", "Wait a minute and reload this page."),
    "trouble": ("Your page could not be opened just now", "Wait a moment and reload this page."),
}


def _make(path, search):
    hub = HUB
    token = (parse_qs(search or "").get("k") or [""])[0]
    context = kernel_context.get_current_context() if kernel_context.has_current_context() else None
    where = (path or "/").rstrip("/").rsplit("/", 1)[-1]
    eng = hub.open()
    try:
        found = lookup(eng, token)
        members = eng.members(team_id=hub.team_id)
    finally:
        eng.close()
    if found is None or found[0] != hub.team_id or found[1] not in set(members["member_id"]):
        return None
    refused = hub.admits(found[1], people=len(members))
    if refused:
        return refused
    role = str(members.loc[members["member_id"] == found[1], "role"].iloc[0])
    page = page_for(hub, member_id=found[1], role=role, token=token, where=where, context=context)
    hub.register(page)
    if context is not None:
        context.on_close(page.close)
    return page


Page = page_shell(
    lambda path, search: _make(path, search),
    title="Between sessions",
    css=_CSS + _HUB_CSS,
    words=_POLITE,
    log="kit.hub",
)

routes = [
    solara.Route(path="/", component=Page, layout=Layout),
    solara.Route(path="team", component=Page, layout=Layout),
]


def serve_hub(hub):
    global HUB
    HUB = hub
