"""Charts for the wall and the report: one colour-blind-safe palette, large type, titles that state the finding."""

import base64
import io
import textwrap

import matplotlib.pyplot as plt
import seaborn as sns

from .steps.kpis import model as kpis

__all__ = [
    "setup",
    "commitments",
    "criteria",
    "blind_spots",
    "pulse",
    "attainment",
    "swot_votes",
    "kpi_votes",
    "png_data_uri",
    "PALETTE",
]

PALETTE = sns.color_palette("colorblind")
GOOD, BAD, NEUTRAL, ACCENT = PALETTE[2], PALETTE[3], PALETTE[7], PALETTE[0]
plt.rcParams["text.parse_math"] = False  # user text in any label is drawn as typed ("$$" would raise)


def setup(*, scale=1.0):
    """The kit's look: seaborn's colour-blind palette, white grid, type large enough for a projected wall."""
    sns.set_theme(
        style="whitegrid",
        palette=PALETTE,
        font_scale=1.25 * scale,
        rc={
            "axes.titlesize": 15 * scale,
            "axes.titleweight": "bold",
            "figure.dpi": 100,
            "svg.hashsalt": "kit",
            "axes.spines.right": False,
            "axes.spines.top": False,
            "text.parse_math": False,
        },
    )  # "$5k on $50k" is text, not maths


def _money(x):
    return f"{x / 1e6:.2f}M" if abs(x) >= 1e6 else f"{x / 1e3:.0f}k" if abs(x) >= 1e3 else f"{x:.0f}"


def _fig(width, height, *, layout=None):
    setup()
    return plt.subplots(figsize=(width, height), layout=layout)


def _title(ax, text):
    """A finding as the chart's title: across the whole figure, wrapped so that it never runs off it."""
    fig = ax.figure
    size = plt.rcParams["axes.titlesize"]
    width = int(fig.get_size_inches()[0] * 72 / (0.6 * size))
    fig.suptitle("\n".join(textwrap.wrap(text, width)), x=0.02, ha="left", fontsize=size, fontweight="bold")


def _fit(fig):
    """Margins from the text sizes of the first axes: much faster than a layout engine, same result here."""
    ax = fig.axes[0]
    w, h = fig.get_size_inches()
    labels = [t.get_text() for t in ax.get_yticklabels()] or [""]
    size = 12.5
    left = (max(map(len, labels)) * 0.6 * size / 72 + (0.75 if ax.get_ylabel() else 0.3)) / w
    lines = fig.get_suptitle().count("\n") + 1
    top = 1 - (lines * 0.3 + 0.2) / h
    bottom = (0.85 if ax.get_xlabel() else 0.5) / h
    fig.subplots_adjust(left=min(left, 0.6), right=0.97, top=top, bottom=min(bottom, top - 0.1))


def commitments(data, *, target, share, names=None):
    """Each seller's annual commitment, against ``share``, the team target split evenly over its sellers (bars:
    commitment; line: share)."""
    fig, ax = _fig(8, 0.55 * len(data) + 1.8)
    d = data.assign(label=data["member_id"].map(names or {}).fillna(data["member_id"]))
    d = d.sort_values("annual_commitment", ascending=True)
    colors = [GOOD if v >= share else BAD for v in d["annual_commitment"]]
    ax.barh(d["label"], d["annual_commitment"], color=colors)
    ax.axvline(share, color="black", lw=1.5, ls="--")
    total = d["annual_commitment"].sum()
    gap = target - total
    verdict = f"{_money(-gap)} above" if gap < 0 else (f"{_money(gap)} short of" if gap > 0 else "exactly on")
    _title(ax, f"Commitments add up to {_money(total)}: {verdict} the {_money(target)} target")
    ax.set_xlabel(f"annual commitment (dashed: even share of the target, {_money(share)})")
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(lambda x, _: _money(x))
    return fig


def criteria(means, *, own=None, title=None):
    """Mean score per rubric criterion from others' ratings (team), optionally beside one seller's own."""
    fig, ax = _fig(8, 0.6 * len(means) + 1.8)
    d = means.sort_values("others")
    ax.barh(d["criterion"], d["others"], color=ACCENT, label="team (others' ratings)")
    if own is not None:
        o = own.set_index("criterion_id").reindex(d["criterion_id"])
        ax.scatter(o["score"], d["criterion"], color=PALETTE[1], s=120, zorder=3, label="you (others' ratings)")
        ax.legend(loc="lower right", fontsize=10)
    ax.set_xlim(1, 5)
    weakest = d.iloc[0]
    _title(ax, title or f"Coaching focus: {weakest['criterion'].lower()} ({weakest['others']:.1f} of 5)")
    ax.set_xlabel("mean score (1-5)")
    ax.set_ylabel("")
    return fig


def blind_spots(matrix, *, names=None, criteria_names=None):
    """Heatmap seller x criterion of self minus others: red where a seller rates themself higher."""
    m = matrix.rename(index=names or {}, columns=criteria_names or {})
    fig, ax = _fig(9, 0.55 * len(m) + 2.4, layout="constrained")
    sns.heatmap(
        m,
        ax=ax,
        cmap="RdBu_r",
        center=0,
        vmin=-2.5,
        vmax=2.5,
        annot=True,
        fmt=".1f",
        cbar_kws={"label": "self - others"},
        linewidths=0.5,
    )
    stacked = matrix.stack()
    (seller, crit), worst = stacked.idxmax(), stacked.max()
    who = (names or {}).get(seller, seller)
    what = (criteria_names or {}).get(crit, crit)
    _title(ax, f"Biggest blind spot: {who} rates {what.lower()} {worst:.1f} above others do")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="x", rotation=30)
    return fig


def pulse(distribution, *, mean, words):
    """Answers per level of the team pulse, resentment to collaboration."""
    fig, ax = _fig(8, 3.6)
    colors = sns.color_palette("RdYlGn", 5)
    ax.bar(distribution["level"], distribution["answers"], color=colors)
    _title(ax, f"The team places itself at {mean:.1f} of 5: {words}")
    ax.set_ylabel("answers")
    ax.set_xlabel("")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def attainment(table, *, by="kpi"):
    """Attainment (1 = on target) per KPI or per seller; red below 80%, green at or above target."""
    d = table.groupby(by, as_index=False)["attainment"].mean().sort_values("attainment")
    fig, ax = _fig(8, 0.55 * len(d) + 1.8)
    tone = {"win": GOOD, "shortfall": BAD, "on the way": PALETTE[1]}
    colors = [tone[kpis.status(a)] for a in d["attainment"]]
    ax.barh(d[by], d["attainment"] * 100, color=colors)
    ax.axvline(100, color="black", lw=1.5, ls="--")
    ax.axvline(kpis.SHORTFALL * 100, color=BAD, lw=1, ls=":")
    wins = sum(kpis.status(a) == "win" for a in d["attainment"])
    _title(ax, f"{wins} of {len(d)} at or above target; red is below {kpis.SHORTFALL:.0%}")
    ax.set_xlabel("attainment (% of target, latest period)")
    ax.set_ylabel("")
    return fig


def swot_votes(ranked, *, top=8):
    """The top SWOT items by dots, coloured by quadrant."""
    from .steps.swot.model import QUADRANTS

    d = ranked.head(top).iloc[::-1]
    fig, ax = _fig(9, 0.55 * len(d) + 1.8)
    colors = {q: PALETTE[i] for i, q in enumerate(QUADRANTS)}
    labels = [t if len(t) <= 40 else t[:38] + "…" for t in d["text"]]
    ax.barh(labels, d["votes"], color=[colors[q] for q in d["quadrant"]])
    for q, name in QUADRANTS.items():
        ax.bar(0, 0, color=colors[q], label=name)
    ax.legend(loc="lower right", fontsize=10)
    first = ranked.iloc[0]
    tied = int((ranked["votes"] == first["votes"]).sum())
    if first["votes"] == 0:
        _title(ax, "No dots placed yet")
    elif tied > 1:  # a tie for first is shown as a tie, not settled by item id
        _title(ax, f"Top priority: a {tied}-way tie at {first['votes']} dots each")
    else:
        _title(ax, f"Top priority: {first['text']} ({first['votes']} dots)")
    ax.set_xlabel("dots")
    return fig


def kpi_votes(tallied, *, top=10):
    """Dots per KPI; the share of the top five says how strong the consensus is."""
    d = tallied.head(top).iloc[::-1]
    fig, ax = _fig(8, 0.55 * len(d) + 1.8)
    ax.barh(d["name"], d["dots"], color=[ACCENT if k == "leading" else PALETTE[4] for k in d["kind"]])
    _title(ax, kpis.lead_words(tallied))
    ax.set_xlabel("dots (blue: leading, purple: lagging)")
    return fig


def png_data_uri(fig):
    """The figure as an embedded PNG (data: URI), byte-identical for the same data; closes the figure."""
    if fig.get_layout_engine() is None:
        _fit(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
