"""The step's countdown: the facilitator sets it from the presenter panel (or the wall), and the wall and every
phone show it, counting down in the browser.

The room's state holds when the timer ends (``{"step", "ends", "seconds"}``, ``ends`` in seconds since the epoch,
on the room's clock). A page draws the seconds left when it draws the timer, and the browser counts them down with a
CSS animation (no script, no message a second from the server): the room sends one message per page when the timer
is set or stopped, whether it runs for one minute or twenty. The timer belongs to its step: once the room moves on,
it is not shown.
"""

import html
import time

import ipywidgets as w

__all__ = ["MINUTES", "TIMER_CSS", "Countdown", "clock", "left", "set_timer"]

MINUTES = (1, 2, 3, 5, 8, 10, 15, 20, 30)  # what the facilitator can choose

# m:ss from one animated integer (--kit-s, the seconds left); "Time is up" shows when the seconds run out
TIMER_CSS = """
@property --kit-s { syntax: '<integer>'; inherits: false; initial-value: 0; }
@property --kit-m { syntax: '<integer>'; inherits: false; initial-value: 0; }
.kit-timer { display: inline-flex; align-items: baseline; gap: 10px; font-weight: 700; color: #1f2a37; }
.kit-timer-label { font-weight: 400; font-size: .8em; color: #44505f; }
.kit-timer-clock { --kit-m: calc((var(--kit-s) - 30) / 60); font-variant-numeric: tabular-nums;
  counter-reset: m var(--kit-m) s calc(var(--kit-s) - var(--kit-m) * 60); }
.kit-timer-clock::after { content: counter(m) ":" counter(s, decimal-leading-zero); }
.kit-timer-up { visibility: hidden; animation: kit-timer-up 0s linear forwards; color: #b3261e; }
@keyframes kit-timer-up { to { visibility: visible; } }
"""


def left(state, now=None):
    """Whole seconds left on the timer of the step the room is on (None: no timer for this step)."""
    t = state.get("timer")
    if not isinstance(t, dict) or t.get("step") != state.get("step"):
        return None
    try:
        ends = float(t["ends"])
    except (KeyError, TypeError, ValueError):  # a state written by hand, or by an older kit: no timer
        return None
    return max(0, int(round(ends - (time.time() if now is None else now))))


def clock(state, *, now=None):
    """The timer as HTML (empty when the step has none): the seconds left, counted down by the browser."""
    s = left(state, now)
    if s is None:
        return ""
    t = state["timer"]
    minutes = max(1, round(float(t.get("seconds") or s) / 60))
    ends = time.strftime("%H:%M", time.localtime(float(t["ends"])))
    said = f"Timer for this step: {minutes} minute{'s' if minutes != 1 else ''}, until {ends}"
    return (
        f"<div class='kit-timer' role='timer' aria-label='{html.escape(said)}'>"
        f"<style>@keyframes kit-timer-{s} {{ from {{ --kit-s: {s}; }} to {{ --kit-s: 0; }} }}</style>"
        "<span class='kit-timer-label' aria-hidden='true'>Time left</span>"
        f"<span class='kit-timer-clock' aria-hidden='true' style='--kit-s: {s}; "
        f"animation: kit-timer-{s} {s}s linear forwards'></span>"
        f"<span class='kit-timer-up' style='animation-delay: {s}s'>Time is up</span></div>"
    )


class Countdown(w.HTML):
    """The timer as a page shows it (the wall, the presenter panel, a phone): re-drawn only when it is set or stopped,
    or the room moves to another step, so the browser's count is not restarted by every other change."""

    def __init__(self, cls):
        super().__init__(value="")
        self.add_class(cls)
        self._drawn = None

    def follow(self, state):
        timer = (state["step"], state.get("timer"))
        if timer != self._drawn:
            self._drawn = timer
            self.value = clock(state)


def set_timer(room, eng, step, minutes, *, from_step=None):
    """Start the timer of ``step`` for ``minutes`` (None or 0: stop it). Returns whether the room's state changed."""
    if not minutes:
        return room.set(eng, from_step=from_step, timer=None)
    seconds = int(float(minutes) * 60)
    return room.set(
        eng, from_step=from_step, timer={"step": step, "ends": round(time.time() + seconds, 1), "seconds": seconds}
    )
