"""The readout deck for the debrief meeting (``readout.pptx``, python-pptx): one team-session, cut to the team
audience first, as editable slides (text boxes and tables, not pictures of slides; the charts as pictures).

Slides: the title; what we agreed; results against target; our priorities; the KPIs we chose; role-play focus;
actions and owners; next steps. Nothing a team document may not show reaches a slide: the session is cut to
:data:`kit.audience.TEAM` before anything is built from it (no private goal, no individual score or result, no
coaching note or conversation).
"""

import base64
import io

from .. import _format as fmt
from .. import audience as _audience
from .._schema import SESSION_KIND_WORDS
from ..brand import for_documents, logo_bytes
from ..steps.goals.model import funnel
from ..steps.kpis import model as kpis
from ..steps.roleplay import model as roleplay
from ..steps.swot import model as swot

__all__ = ["write_readout", "SLIDES"]

SLIDES = (
    "What we agreed",
    "Results against target",
    "Our priorities",
    "The KPIs we chose",
    "Role-play focus",
    "Actions and owners",
    "Next steps",
)

_INK = (0x1D, 0x27, 0x33)
_ACCENT = (0x01, 0x73, 0xB2)


def _png(fig):
    from .. import charts

    uri = charts.png_data_uri(fig)
    return io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))


class _Deck:
    def __init__(self, title, accent=None):
        from pptx import Presentation
        from pptx.util import Inches

        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(13.333), Inches(7.5)
        self.prs.core_properties.title = title
        self.Inches = Inches
        self.accent = accent or _ACCENT  # the brand's colour, if any (kit/brand.py)

    def _rgb(self, c):
        from pptx.dml.color import RGBColor

        return RGBColor(*c)

    def slide(self, title):
        from pptx.util import Pt

        s = self.prs.slides.add_slide(self.prs.slide_layouts[5])  # title only
        s.shapes.title.text = fmt.printable(title)
        p = s.shapes.title.text_frame.paragraphs[0]
        p.font.size, p.font.bold, p.font.color.rgb = Pt(32), True, self._rgb(self.accent)
        s.shapes.title.left, s.shapes.title.top = self.Inches(0.6), self.Inches(0.3)
        s.shapes.title.width, s.shapes.title.height = self.Inches(12.1), self.Inches(1.0)
        return s

    def bullets(self, slide, lines, *, left=0.6, top=1.5, width=12.1, height=5.5, size=20):
        from pptx.util import Pt

        box = slide.shapes.add_textbox(self.Inches(left), self.Inches(top), self.Inches(width), self.Inches(height))
        tf = box.text_frame
        tf.word_wrap = True
        for i, line in enumerate(lines):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.text = fmt.printable(str(line))
            p.font.size = Pt(size)
            p.font.color.rgb = self._rgb(_INK)
            p.space_after = Pt(8)
        return box

    def table(self, slide, columns, rows, *, top=1.5, height=None, size=14, widths=None):
        from pptx.util import Pt

        rows = rows[:12]  # a slide holds a dozen rows; the report has the rest
        shape = slide.shapes.add_table(
            len(rows) + 1,
            len(columns),
            self.Inches(0.6),
            self.Inches(top),
            self.Inches(12.1),
            self.Inches(height or 0.45 * (len(rows) + 1)),
        )
        t = shape.table
        for j, c in enumerate(columns):
            t.cell(0, j).text = fmt.printable(str(c))
            if widths:
                t.columns[j].width = self.Inches(widths[j])
        for i, row in enumerate(rows, start=1):
            for j, v in enumerate(row):
                t.cell(i, j).text = fmt.printable(str(v))
        for cell in (t.cell(i, j) for i in range(len(rows) + 1) for j in range(len(columns))):
            for p in cell.text_frame.paragraphs:
                p.font.size = Pt(size)
        return shape

    def picture(self, slide, png, *, left=0.6, top=1.5, width=8.0):
        """The picture at most ``width`` wide, and narrower if it would run off the slide's foot."""
        pic = slide.shapes.add_picture(png, self.Inches(left), self.Inches(top), width=self.Inches(width))
        room = self.prs.slide_height - self.Inches(top) - self.Inches(0.25)
        if pic.height > room:  # keep the proportions: the chart's axis stays on the slide
            pic.width, pic.height = int(pic.width * room / pic.height), room

    def save(self, path, when):
        """Save with ``when`` as the deck's dates (so that the same session gives the same bytes)."""
        from .._io import write_zip_reproducibly

        cp = self.prs.core_properties
        cp.created = cp.modified = cp.last_printed = when
        cp.revision = 1
        buf = io.BytesIO()
        self.prs.save(buf)
        write_zip_reproducibly(buf.getvalue(), path, when)


def _deck(s):
    cur = s.currency
    team = s.team["name"]
    kind = SESSION_KIND_WORDS[s.kind]
    brand = for_documents(s.settings) or {}
    colour = brand.get("colour")
    deck = _Deck(
        f"{team} — {kind}, {fmt.date(s.date)}", tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) if colour else None
    )

    # title
    first = deck.prs.slides.add_slide(deck.prs.slide_layouts[0])
    first.shapes.title.text = f"{team}: {kind.lower()}"
    first.shapes.title.text_frame.paragraphs[0].font.color.rgb = deck._rgb(deck.accent)
    first.placeholders[1].text = (
        f"{s.settings.get('name') or ''} · {s.settings.get('client') or ''} · {fmt.date(s.date)}"
        + (f" · facilitated by {s.settings['facilitator']}" if s.settings.get("facilitator") else "")
        + (f"\nPrepared by {brand['firm']}" if brand.get("firm") else "")
    )
    from pptx.util import Pt

    for shape, top, height in ((first.shapes.title, 2.2, 1.5), (first.placeholders[1], 3.9, 2.0)):
        # the layout's placeholders are drawn for a 4:3 slide: across the whole 16:9 one
        shape.left, shape.width = deck.Inches(0.8), deck.prs.slide_width - deck.Inches(1.6)
        shape.top, shape.height = deck.Inches(top), deck.Inches(height)
    for p in first.placeholders[1].text_frame.paragraphs:
        p.font.size = Pt(20)
    if brand.get("logo"):  # embedded from the store, never fetched
        logo = first.shapes.add_picture(io.BytesIO(logo_bytes(brand["logo"])), 0, deck.Inches(0.4))
        scale = min(deck.Inches(0.9) / logo.height, deck.Inches(3.5) / logo.width)  # top right, whole, any shape
        logo.height, logo.width = int(logo.height * scale), int(logo.width * scale)
        logo.left = deck.prs.slide_width - deck.Inches(0.5) - logo.width

    # what we agreed
    slide = deck.slide(SLIDES[0])
    total, target = s.commitment_total(), float(s.team["annual_target"])
    c = s.commitments()
    lines = []
    if len(c):
        gap = target - total
        lines.append(
            f"Commitments: {fmt.amount(total, cur)} against a target of {fmt.amount(target, cur)} "
            + (f"({fmt.amount(gap, cur)} short)." if gap > 0 else "(covered).")
        )
        f = funnel(c)
        lines.append(
            f"What it takes, all sellers together: {fmt.count(f['deals_needed'].sum())} deals, "
            f"{fmt.count(f['opportunities_needed'].sum())} qualified opportunities, "
            f"{fmt.num(f['meetings_per_week'].sum(), 1)} first meetings a week."
        )
    else:
        lines.append("No commitments were recorded in this session.")
    lines.append(f"{fmt.plural(len(s.actions('this')), 'action')} agreed, each with an owner and a date.")
    deck.bullets(slide, lines, height=2.2)
    if len(c):
        from .. import charts

        fig = charts.commitments(c, target=target, share=s.even_share(), names=s.names())
        deck.picture(slide, _png(fig), top=3.6, width=7.0)

    # results against target (team figures)
    slide = deck.slide(SLIDES[1])
    by, few = s.team_attainment()
    if by.empty:
        deck.bullets(
            slide,
            [
                s.withheld_note("attainment")
                or (fmt.sentence(kpis.no_team_figure_words(few)) if few else None)
                or "No KPI results are reported yet against the KPIs chosen."
            ],
        )
    else:
        by = by.sort_values(ascending=False)
        rows = [[k, fmt.pct(kpis.shown(a)), kpis.status(a)] for k, a in by.items()]
        deck.table(slide, ["KPI (team average)", "Of target", "Status"], rows, widths=[7.1, 2.5, 2.5])

    # priorities
    slide = deck.slide(SLIDES[2])
    items = s.rows["swot"]
    if items.empty:
        deck.bullets(slide, ["No SWOT was built yet."])
    else:
        ranked = swot.priorities(items, votes=s.rows["swot_votes"]).head(6)
        rows = [
            [swot.rank_label(r.rank, r.tied), swot.QUADRANTS[r.quadrant], r.text, fmt.count(r.votes)]
            for r in ranked.itertuples()
        ]
        deck.table(slide, ["#", "Quadrant", "Item", "Dots"], rows, widths=[0.6, 1.8, 8.5, 1.2])

    # KPIs
    slide = deck.slide(SLIDES[3])
    sel = s.kpis_in_force
    if sel.empty:
        deck.bullets(slide, ["No KPIs have been chosen yet."])
    else:
        chosen = kpis.selection(sel, catalog=s.catalog)
        rows = [
            [
                r.scope,
                r.name,
                f"{'≤' if r.direction == 'lower' else '≥'} {fmt.measure(r.target, r.unit, cur)} per {r.period}",
            ]
            for r in chosen.itertuples()
        ]
        deck.table(slide, ["Scope", "KPI", "Target per seller"], rows, size=13, widths=[2.4, 5.5, 4.2])

    # role-play focus
    slide = deck.slide(SLIDES[4])
    rp = s.rows["roleplay"]
    if rp.empty:
        deck.bullets(slide, [s.withheld_note("roleplay") or "No role plays were scored in this session."])
    else:
        means = roleplay.criterion_means(rp, rubrics=s.rubrics)
        a, units = roleplay.alpha(rp), roleplay.alpha_units(rp)
        weakest = means.sort_values("others").head(2)
        deck.bullets(
            slide,
            [
                f"Team mean: {fmt.num(roleplay.team_mean(rp, rubrics=s.rubrics), 2)} of 5 (others' ratings).",
                "Coaching focus: "
                + " and ".join(f"{r.criterion.lower()} ({r.others:.1f})" for r in weakest.itertuples())
                + ".",
                f"Rater agreement: {roleplay.agreement_words(a, units)}.",
            ],
            height=2.0,
        )
        rows = [[r.criterion, fmt.num(r.others, 1), fmt.num(r.self, 1)] for r in means.itertuples()]
        deck.table(slide, ["Criterion", "Others' mean", "Self mean"], rows, top=3.6, widths=[7.1, 2.5, 2.5])

    # actions
    slide = deck.slide(SLIDES[5])
    acts = s.actions("in_view")
    if acts.empty:
        deck.bullets(slide, ["No actions yet."])
    else:
        rows = [[s.name(r.owner_id), r.action, fmt.date(r.due), r.status] for r in acts.sort_values("due").itertuples()]
        deck.table(slide, ["Owner", "Action", "Due", "Status"], rows, size=12, widths=[2.4, 6.7, 1.6, 1.4])

    # next steps
    slide = deck.slide(SLIDES[6])
    if s.next_leader_recorded:
        nxt = f"The next review is led by {s.name(s.next_leader)}."
    elif s.next_leader:
        nxt = f"The next review's leader is not recorded yet (proposed: {s.name(s.next_leader)})."
    else:
        nxt = "The team chooses who leads the next review."
    open_n = s.action_counts("all")
    deck.bullets(
        slide,
        [
            nxt,
            f"Open actions to report on: {open_n['open']} ({open_n['overdue']} overdue).",
            "Before the review: each seller updates their KPI results and their actions' status.",
            "At the review: open actions first, wins before shortfalls, then what each commitment takes now.",
        ],
    )
    return deck


def write_readout(session, path):
    """Write the readout deck of ``session`` (uncut: it is cut to the team audience here) to ``path``."""
    import datetime as dt

    team = _audience.cut(session, _audience.TEAM)
    _deck(team).save(path, dt.datetime.fromisoformat(str(session.date)))
    return path
