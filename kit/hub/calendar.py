"""The next review as a calendar file (iCalendar, RFC 5545): one all-day event, its leader named, that every calendar
application opens."""

import datetime as dt

from .. import _format as fmt

__all__ = ["ics"]


def _escape(text):
    return str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line):
    """A content line folded at 75 octets, as the format asks."""
    data = line.encode("utf-8")
    out, start = [], 0
    while len(data) - start > 75:
        cut = start + (75 if not out else 74)
        while (data[cut] & 0xC0) == 0x80:  # never inside a character
            cut -= 1
        out.append(data[start:cut].decode("utf-8"))
        start = cut
    out.append(data[start:].decode("utf-8"))
    return "\r\n ".join(out)


def ics(*, team, session, leader, stamp=None):
    """The calendar file of a team's ``session`` (a dict: session_id, date, kind) led by ``leader`` (a name or
    None)."""
    day = dt.date.fromisoformat(str(session["date"]))
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    led = f", led by {leader}" if leader else ""
    summary = f"{team['name']}: {'review' if session['kind'] == 'review' else 'workshop'}{led}"
    about = (
        f"The team's {'review' if session['kind'] == 'review' else 'session'} of {fmt.date(session['date'])}{led}. "
        "Bring your actions, your partner check-ins and your numbers; the leader's agenda comes with the invitation."
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//workshop-kit//hub//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{team['team_id']}-{session['session_id']}@workshop-kit",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(about)}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(x) for x in lines) + "\r\n").encode("utf-8")
