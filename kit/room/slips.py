"""The page of slips a facilitator prints and cuts: one slip per person with their own link as a QR code and as
text, on one A4 page for a team of up to 30."""

import html

from .. import _format as fmt

__all__ = ["page", "MARK"]

MARK = "workshop-kit room links"  # in the sheet's HTML and in its PDF's metadata: how the kit knows its own files
_NOTICE = "Open this on your phone: it is yours alone, do not share it."

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


def page(people, urls, *, team, session=None, when=None, what="for the room", by="workshop-kit room"):
    """The HTML page of slips: one per person of ``people`` (rows with member_id, name, role), each with its address
    from ``urls`` ({member_id: url}) as a QR code and as text; for a ``session``'s room, or (the hub) for the weeks
    ``when`` says, ``what`` naming the links and ``by`` the command that writes them."""
    e = html.escape
    layout = _layout(len(people))
    cols, long_name, longest = _LAYOUTS[layout]
    date = fmt.date(session["date"]) if session is not None else when
    when = f"{str(session['kind']).capitalize()}, {date}" if session is not None else when
    team_name = str(team["name"])
    cells = []
    for p in people:
        url = urls[p["member_id"]]
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
    title = f"Personal links {what}: {team_name}, {when}"
    return (
        "<!DOCTYPE html>\n"
        f"<!-- {MARK}: written by '{by}', rewritten each time it starts. It holds everyone's "
        "personal link: print it, hand out the slips, and keep the file to yourself. -->\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title>"
        f'<meta name="generator" content="{MARK}">'
        f"<style>{_CSS}</style></head><body>\n"
        f'<div class="head"><div class="title">{e(team_name)} · {e(when)} · personal links {e(what)}</div>'
        '<div class="sub">Cut along the dashed lines and give each person their own slip. '
        "Each link opens that person's page: keep this sheet to yourself until it is cut.</div></div>\n"
        f'<table class="slips {layout}">\n{rows}\n</table>\n</body></html>\n'
    )
