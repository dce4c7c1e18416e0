"""How the team works together: the opening pulse (its mean, its answers, the trend since the previous session's
opening pulse), with the closing pulse beside it when the session took one."""

from ... import _format as fmt
from ..._blocks import bars, empty, section, text
from ..._schema import MIN_GROUP
from . import model as pulse_

__all__ = ["build", "chart", "for_seller"]

TITLE = "How the team works together"
_TONES = {1: "bad", 2: "bad", 3: "mid", 4: "good", 5: "good"}


def chart(answers):
    """The answers of one pulse per level (a bar for each level someone chose) under where the team places itself:
    the report's chart, the notebook's and the wall's."""
    mean = pulse_.pulse_mean(answers)
    dist = pulse_.pulse_distribution(answers)
    return bars(
        f"The team places itself at {fmt.num(mean, 1)} of 5: {pulse_.pulse_words(mean)}",
        [
            {
                "label": f"{r.score} {r.level}",
                "value": r.answers,
                "text": fmt.plural(r.answers, "answer"),
                "tone": _TONES[r.score],
            }
            for r in dist.itertuples()
            if r.answers  # no bar for a level nobody chose: the line below names every level
        ],
        scale=[0, max(dist["answers"].max(), 1)],
    )


def build(session, policy, title=TITLE):
    opening, closing = session.pulse("opening"), session.pulse("closing")
    # anonymous answers: a figure of one or two answers is someone's own, so the audience's cut left them out
    few = [n for n in (session.pulse_withheld("opening"), session.pulse_withheld("closing")) if n]
    if few:
        return section(
            title,
            empty(
                f"Only {fmt.plural(few[0], 'person', 'people')} answered the pulse: it is shown from "
                f"{MIN_GROUP} answers, so that no one's own answer can be read from it."
            ),
        )
    if opening.empty and closing.empty:
        return section(title, empty("The pulse was not taken in this session."))
    if opening.empty:
        return section(
            title,
            empty("The pulse was not taken at the opening of this session."),
            text(
                f"At the close, {fmt.plural(len(closing), 'person', 'people')} placed the team at "
                f"{fmt.num(pulse_.pulse_mean(closing), 1)} of 5."
            ),
        )
    mean = pulse_.pulse_mean(opening)
    blocks = [
        chart(opening),
        text(
            f"{len(opening)} people answered{' at the opening' if len(closing) else ''} "
            "(anonymously unless they chose otherwise). "
            "1 is resentment, 2 resistance, 3 compliance, 4 cooperation, 5 collaboration."
        ),
    ]
    if len(closing):
        blocks.append(
            text(
                f"Pulse: opening {fmt.num(mean, 1)}, closing "
                f"{fmt.num(pulse_.pulse_mean(closing), 1)} "
                f"({fmt.plural(len(closing), 'answer')} at the close)."
            )
        )
    before = session.pulse_before()
    if len(before):  # a previous pulse of too few answers was left out by the cut
        b = pulse_.pulse_mean(before)
        now, then = round(mean, 1), round(b, 1)  # the trend as the two figures are shown
        blocks.append(
            text(
                f"At the previous session ({session.previous['date']}) it was {fmt.num(b, 1)}: "
                f"{'up' if now > then else 'down' if now < then else 'unchanged'} "
                f"{fmt.num(abs(now - then), 1)}."
            )
        )
    blocks += _dimensions(session)
    return section(title, *blocks)


_DIMENSIONS = {"manager": "with its manager", "other_departments": "with other departments"}


def _dimensions(session):
    """How the team says it works with its manager and with other departments (anonymous answers: shown only for
    MIN_GROUP answers or more, so that no figure is one or two people's own)."""
    parts, few = [], []
    for dim, words in _DIMENSIONS.items():
        p = session.pulse("opening", dimension=dim)
        if len(p):
            m = pulse_.pulse_mean(p)
            parts.append(f"{words}: {fmt.num(m, 1)} of 5, {pulse_.pulse_words(m)} ({len(p)} answers)")
        elif session.pulse_withheld("opening", dim):
            few.append(words)
    out = []
    if parts:
        out.append(text("How the team works " + "; ".join(parts) + "."))
    if few:
        out.append(
            text(
                f"Fewer than {MIN_GROUP} answered on working {' and '.join(few)}: not shown, so no answer is "
                "anyone's own."
            )
        )
    return out


def for_seller(session):
    """The team's pulse in one line (from MIN_GROUP answers: a figure of fewer would be someone's own)."""
    p = session.pulse("opening")
    if p.empty:  # none, or too few to show (the cut left them out)
        return None
    m = pulse_.pulse_mean(p)
    before = session.pulse_before()
    trend = f"; at the previous session {fmt.num(pulse_.pulse_mean(before), 1)}" if len(before) else ""
    return section(
        "The team",
        text(
            f"The team places itself at {fmt.num(m, 1)} of 5, {pulse_.pulse_words(m)} "
            f"({fmt.plural(len(p), 'answer')}{trend}). The team report has the whole picture."
        ),
    )
