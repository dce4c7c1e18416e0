"""The room's pages as a Solara app: one server process holds every participant's page (a Solara virtual kernel
each), so a join costs a page's widgets, not a Python kernel.

Which page a browser gets is decided here, on the server, from its address alone: ``/?k=<personal token>`` is that
person's page, ``/wall`` and ``/presenter`` are the facilitator's (with ``?k=<wall token>`` when the room is open
beyond this computer). Anything else gets a polite page that shows no data.
"""

import hmac
import logging
from urllib.parse import parse_qs

import ipywidgets as w
import solara
from solara.server import kernel_context

from ._room import PAGES_PER_LINK, Room
from .links import lookup
from .participant import ParticipantPage
from .timer import TIMER_CSS
from .wall import WallPage

__all__ = ["Page", "Layout", "ROOM", "routes", "serve_room", "page_shell", "polite"]

ROOM: Room | None = None  # the room this server holds (set by kit.room.server before it starts)

_CSS = """<style>
body, .v-application, .jupyter-widgets { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.v-application { background: #ffffff !important; }
.kit-room { max-width: 1200px; margin: 0 auto; padding: 8px 12px; color: #1f2a37; }
.kit-room-participant { max-width: 560px; font-size: 17px; }
.kit-room .widget-html-content, .kit-room .widget-label { font-size: inherit; line-height: 1.4; white-space: normal; }
.kit-room .widget-box, .kit-room .widget-vbox, .kit-room .widget-hbox { max-width: 100%; }
.kit-room .widget-hbox { flex-wrap: wrap; gap: 6px; }
.kit-room .jupyter-button { min-height: 48px; font-size: 17px; border-radius: 6px; }
.kit-room-choice .jupyter-button { min-width: 56px; }
.kit-room-participant .widget-text, .kit-room-participant .widget-textarea, .kit-room-participant .widget-dropdown,
.kit-room-participant .widget-checkbox { width: 100% !important; flex-wrap: wrap; }
.kit-room-participant .widget-datepicker { width: 100% !important; flex-wrap: wrap; }
.kit-room-participant .widget-datepicker input { min-height: 44px; font-size: 17px !important; width: 100%; }
.kit-room-participant .widget-text input, .kit-room-participant textarea, .kit-room-participant select {
  font-size: 17px !important; min-height: 44px; width: 100%; }
.kit-room-participant .widget-inline-hbox { flex-direction: column; align-items: stretch; width: 100% !important;
  height: auto !important; margin-left: 0 !important; margin-right: 0 !important; }
.kit-room-participant .widget-inline-hbox > * { flex: 0 0 auto !important; box-sizing: border-box; max-width: 100%; }
.kit-room-participant textarea { min-height: 96px; }
.kit-room-participant textarea, .kit-room-participant input, .kit-room-participant select { box-sizing: border-box;
  max-width: 100%; }
.kit-room-participant .widget-label { width: auto !important; max-width: 100%; text-align: left !important;
  font-weight: 600; padding-top: 6px; }
.kit-room-participant .widget-checkbox label { font-weight: 400; display: flex; align-items: center; font-size: 16px;
  white-space: normal; max-width: 100%; }
.kit-room-participant .widget-checkbox label > span { white-space: normal; min-width: 0; flex: 1 1 auto; }
.kit-room-participant .widget-checkbox input { width: 44px; height: 44px; min-height: 44px; margin: 0 8px 0 0; }
.kit-room-participant .widget-checkbox { flex-direction: row !important; align-items: center; }
/* one answer out of a few (kit._capture.choices): radio buttons drawn as big buttons, the chosen one in a strong
   colour with a tick; the radio itself stays (a screen reader says "checked"), in the button's colours */
.kit-room .kit-choices { width: 100% !important; flex-direction: column; align-items: stretch; }
.kit-room .kit-choices .widget-radio-box { width: 100% !important; display: flex; flex-direction: column; gap: 6px;
  margin-bottom: 0 !important; }
.kit-room .kit-choices-row .widget-radio-box { flex-direction: row; flex-wrap: wrap; }
.kit-room .kit-choices .widget-radio-box label { position: relative; display: flex; align-items: center; gap: 10px;
  min-height: 48px; box-sizing: border-box; padding: 6px 12px; margin: 0; border: 1px solid #8a96a6;
  border-radius: 6px; background: #f3f5f8; color: #1f2a37; font-size: 17px; line-height: 1.3; cursor: pointer;
  white-space: normal; width: auto !important; }
.kit-room .kit-choices-row .widget-radio-box label { min-width: 56px; justify-content: center; flex: 1 1 0; }
/* the radio is drawn by its label (a circle, a tick when chosen); the input stays for the keyboard and screen reader */
.kit-room .kit-choices input[type=radio] { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0;
  pointer-events: none; }
.kit-room .kit-choices label::before { content: ""; flex: 0 0 auto; width: 22px; height: 22px; box-sizing: border-box;
  border: 2px solid #5b6675; border-radius: 50%; }
.kit-room .kit-choices-row label::before { display: none; }
.kit-room .kit-choices label:has(input:checked) { background: #0173b2; color: #ffffff; font-weight: 700;
  border-color: #014a73; box-shadow: inset 0 0 0 2px #014a73; }
.kit-room .kit-choices label:has(input:checked)::before { display: block; content: "✓"; border: 0; background: #ffffff;
  color: #0173b2; text-align: center; line-height: 22px; font-size: 15px; }
.kit-room .kit-choices-row label:has(input:checked)::before { width: auto; background: none; color: #ffffff; }
.kit-room .widget-toggle-button.mod-active { background: #0173b2 !important; color: #ffffff !important;
  font-weight: 700; box-shadow: inset 0 0 0 2px #014a73; }
.kit-room .kit-choices label:has(input:focus-visible) { outline: 3px solid #1f2a37; outline-offset: 2px; }
.kit-room-head { padding: 8px 0 10px 0; border-bottom: 3px solid #0173b2; margin-bottom: 10px; }
.kit-room-who { font-size: 22px; font-weight: 700; }
.kit-room-step { font-size: 16px; color: #0173b2; font-weight: 600; }
.kit-room-muted { color: #5b6675; }
.kit-room-wait { font-size: 18px; color: #5b6675; padding: 14px 0; }
.kit-room-item { font-size: 17px; padding: 6px 0 2px 0; }
.kit-room-choice, .kit-room-entry { border-bottom: 1px solid #e3e8ef; padding-bottom: 6px; }
.kit-room-participant .kit-room-choice, .kit-room-participant .kit-room-entry { flex-direction: row !important;
  flex-wrap: wrap; align-items: center; }
.kit-room-participant .kit-room-choice > :first-child, .kit-room-participant .kit-room-entry > :first-child {
  flex: 1 0 100% !important; }
.kit-room-participant .kit-room-choice > .widget-html:not(:first-child) { width: auto !important;
  flex: 0 0 auto !important; }
/* dot voting: one line an item (its words, then - dots +), the dots left always in view above them */
.kit-room-participant .kit-room-choice { flex-wrap: nowrap !important; gap: 4px; }
.kit-room-participant .kit-room-choice > :first-child { flex: 1 1 auto !important; font-size: 15px; }
.kit-room-participant .kit-room-choice .kit-room-item { font-size: 15px; line-height: 1.3; padding: 4px 0; }
.kit-room-participant .kit-room-choice .jupyter-button { min-width: 44px !important; width: 44px !important;
  padding: 0; }
.kit-room-participant .kit-room-choice .kit-room-dots { min-width: 34px; font-size: 16px; letter-spacing: -2px; }
.kit-room-participant, .kit-room-participant .widget-box, .jp-OutputArea:has(.kit-room-participant),
.jp-OutputArea-child:has(.kit-room-participant), .jp-OutputArea-output:has(.kit-room-participant),
.widget-output:has(.kit-room-participant) { overflow: visible !important; }
.kit-room-participant .widget-html.kit-room-left { position: sticky; top: 0; z-index: 3; background: #ffffff;
  border-bottom: 2px solid #0173b2; }
.kit-room-dots { font-size: 22px; color: #0173b2; min-width: 90px; text-align: center; line-height: 1.1; }
.kit-room-dots b { display: block; font-size: 24px; }
.kit-room-dots .kit-room-zero { color: #5b6675; font-weight: 400; }
.kit-room-pips { display: block; font-size: 11px; letter-spacing: 1px; }
.kit-room-left { font-size: 18px; padding: 6px 0; }
.kit-room-criterion { font-size: 19px; font-weight: 700; margin-top: 12px; }
.kit-room-anchors { font-size: 15px; color: #44505f; }
.kit-room-participant .scroll { overflow-x: auto; max-width: 100%; }  /* a wide table: its own box scrolls */
.kit-room-participant { max-width: calc(100vw - 24px); }  /* the page's margins: a table scrolls in itself */
.kit-room .widget-box, .kit-room .widget-html, .kit-room .widget-html-content {
  min-width: 0; max-width: 100%; }  /* a table wider than the screen scrolls in itself, never past its edge */
.kit-room-participant td, .kit-room-participant th { padding: 4px 4px !important; white-space: normal !important; }
.kit-room-wall, .kit-room-presenter { font-size: 22px; }
.kit-wall-head { border-bottom: 4px solid #0173b2; padding-bottom: 4px; margin-bottom: 6px; display: flex;
  flex-wrap: wrap; justify-content: space-between; align-items: baseline; column-gap: 24px; }
.kit-wall-team { font-size: 22px; color: #5b6675; }
.kit-wall-step { font-size: 32px; font-weight: 700; }
.kit-wall-count { font-size: 24px; font-weight: 600; color: #0173b2; padding: 6px 0; }
.kit-wall-results table { font-size: 24px !important; }
.kit-wall-results td, .kit-wall-results th { padding: 4px 10px !important; line-height: 1.3; }
.kit-wall-results td:first-child { white-space: nowrap !important; }  /* a seller's name on one line */
/* the results' pages: the page controls at the foot of the projected screen, as on a slide */
.kit-room-wall .kit-wall-pager { position: fixed; right: 24px; bottom: 8px; background: #ffffff; z-index: 5;
  align-items: center; }
.kit-wall-results .kit-chart { font-size: 24px; }
.kit-wall-results p { font-size: 24px !important; }
.kit-wall-results img { max-width: 100%; }
.kit-wall-page-at { font-size: 20px; padding: 0 6px; }
.kit-wall-waiting { font-size: 22px; color: #5b6675; max-width: 900px; }
.kit-wall-script-box { background: #fff8e6; border-left: 6px solid #de8f05; padding: 8px 14px; font-size: 18px; }
.kit-wall-script-title { font-weight: 700; }
.kit-wall-script-box ol { padding-left: 30px; margin: 6px 0; }
.kit-wall-bar .widget-dropdown, .kit-wall-bar .widget-dropdown select { font-size: 18px; height: 48px !important;
  width: 420px !important; }
.kit-wall-rp-seller, .kit-wall-rp-rubric, .kit-wall-rp-scenario { height: auto !important;
  margin-bottom: 8px !important; }
.kit-wall-rp-seller select, .kit-wall-rp-rubric select, .kit-wall-rp-scenario input { font-size: 18px !important;
  height: 44px !important; }
.kit-wall-rp-seller .widget-label, .kit-wall-rp-rubric .widget-label, .kit-wall-rp-scenario .widget-label {
  line-height: 44px; height: 44px; }
.kit-leader-form .widget-dropdown select, .kit-leader-form .widget-text input { font-size: 18px;
  height: 44px !important; min-width: 480px; max-width: 100%; }
.kit-leader-form .widget-dropdown, .kit-leader-form .widget-text { height: auto !important; width: auto !important;
  margin-bottom: 6px !important; align-items: center; }
.kit-leader-form input[type=date] { font-size: 18px; min-height: 44px; }
.kit-leader-form .widget-datepicker { height: auto !important; }
.kit-leader-form .widget-label { font-size: 18px; line-height: 44px; height: 44px; }
.kit-swot-merge { margin: 6px 0; } .kit-swot-merge-title { font-size: 20px; font-weight: 700; }
.kit-swot-merge .widget-dropdown { height: auto !important; margin-bottom: 6px !important; }
.kit-swot-merge select { font-size: 18px !important; height: 44px !important; min-width: 420px; max-width: 100%; }
.kit-swot-merge .widget-dropdown { max-width: 100%; }
.kit-wall-timer-set .widget-dropdown { height: auto !important; align-items: center; }
.kit-wall-timer-set { align-items: center; }
.kit-swot-merge .widget-label { font-size: 18px; line-height: 44px; height: 44px; }
.kit-room-wall .kit-wall-timer { position: fixed; left: 24px; bottom: 12px; z-index: 5; font-size: 36px;
  background: #ffffff; }
.kit-room-presenter .kit-wall-timer { font-size: 28px; }
.kit-room-participant .kit-room-timer { font-size: 20px; padding: 4px 0; }
.kit-wall-timer-set .widget-dropdown select { font-size: 18px !important; height: 44px !important; }
.kit-wall-timer-set .widget-label { font-size: 18px; line-height: 44px; height: 44px; }
.kit-polite { max-width: 520px; margin: 40px auto; font-size: 20px; line-height: 1.5; padding: 0 16px; }
</style>""".replace("</style>", TIMER_CSS + "</style>")


_POLITE = {
    None: (
        "This link does not open a page in this room",
        "It may be an old link, a link for another session, or mistyped. Ask the facilitator for your own link "
        "(your slip with the QR code).",
    ),
    "link": (
        "Your link is open on too many screens",
        f"It is open on {PAGES_PER_LINK} phones, laptops or tabs already. Close it on one of them, then reload "
        "this page. What you entered is kept.",
    ),
    "trouble": (
        "The room could not open your page just now",
        "Wait a moment and reload this page; if it does not open, tell the facilitator.",
    ),
    "full": (
        "The room is full just now",
        "It serves as many screens as it can. Wait a minute and reload this page; if it stays full, tell the "
        "facilitator.",
    ),
}


def polite(words, why=None):
    """The page a wrong, old or foreign link gets, or one the server cannot take now (``words``: {why: (title,
    words)}): no data at all."""
    title, said = words[why]
    page = w.HTML(f"<div class='kit-polite'><h2>{title}</h2><p>{said}</p></div>")
    page.add_class("kit-room-polite")
    return page


def page_shell(make, *, title, css, words, log):
    """The Solara component every page of a server is drawn by: the page ``make(path, search)`` decides on the
    server (or the reason for a polite page, ``words``), released with its browser session; a failure is the polite
    'trouble' page, its detail to the ``log`` console, never a traceback or a path to the browser."""

    def made(path, search):
        try:
            return make(path, search)
        except Exception:
            logging.getLogger(log).exception("a page could not be opened")
            return "trouble"

    @solara.component
    def Page():
        router = solara.use_router()
        page = solara.use_memo(lambda: made(router.path, router.search), [])
        live = page is not None and not isinstance(page, str)

        def cleanup():
            return lambda: page.close() if live else None

        solara.use_effect(cleanup, [])
        solara.Title(title)
        solara.display(w.HTML(css))
        solara.display(page.widget if live else polite(words, page))

    return Page


def _make(path, search):
    """The page for a browser's address, decided by the server: a page, or the reason for a polite page (None: a
    wrong link; 'link': that link is open on too many screens; 'full': the room serves all it can)."""
    room = ROOM
    drawn_for = room.state  # the room's state as the page will be drawn (the watcher replaces it when it moves)
    token = (parse_qs(search or "").get("k") or [""])[0]
    context = kernel_context.get_current_context() if kernel_context.has_current_context() else None
    where = (path or "/").rstrip("/").rsplit("/", 1)[-1]
    if where in ("wall", "presenter"):
        if room.wall_token is not None and not hmac.compare_digest(token.encode(), room.wall_token.encode()):
            return None
        page = WallPage(room, presenter=where == "presenter", context=context)
    else:
        eng = room.open()
        try:
            found = lookup(eng, token)
            people = len(eng.members(team_id=room.team_id))
        finally:
            eng.close()
        if found is None or found[0] != room.session_id or found[1] == "wall":
            return None
        refused = room.admits(found[1], people=people)
        if refused:
            return refused
        page = ParticipantPage(room, member_id=found[1], token=token, context=context)
    room.register(page)
    # the room may have moved while the page was drawn, before it was registered (the watcher re-draws registered
    # pages only): it catches up now
    if room.state is not drawn_for:
        with room.turn():
            page.redraw()
    if context is not None:  # released with its browser session (closed, or gone for RELEASE): its store too
        context.on_close(page.close)
    return page


Page = page_shell(_make, title="Workshop room", css=_CSS, words=_POLITE, log="kit.room")


@solara.component
def Layout(children=[]):  # noqa: B006 (Solara's own signature)
    """No app bar, no navigation: the page alone."""
    return solara.Column(children=children, style={"padding": "0", "background": "#ffffff"})


# The addresses the server answers: a participant's page (/?k=...), the wall and the presenter panel.
routes = [
    solara.Route(path="/", component=Page, layout=Layout),
    solara.Route(path="wall", component=Page, layout=Layout),
    solara.Route(path="presenter", component=Page, layout=Layout),
]


def serve_room(room):
    """Make ``room`` the one this server's pages open."""
    global ROOM
    ROOM = room
