"""The readout deck's chart (kit/report/readout.py), drawn as an image because a slide needs one: a colour-blind-safe
palette, large type, a title that states the finding.

Every other chart, in the documents, the notebooks and on the wall, is drawn in HTML and CSS from the blocks of
:mod:`kit._blocks` (``bars``, ``heat``): one chart language."""

import base64
import io
import textwrap

import matplotlib.pyplot as plt
import seaborn as sns

__all__ = ["setup", "commitments", "png_data_uri", "PALETTE"]

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


def png_data_uri(fig):
    """The figure as an embedded PNG (data: URI), byte-identical for the same data; closes the figure."""
    if fig.get_layout_engine() is None:
        _fit(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
