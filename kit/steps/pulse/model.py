"""The team pulse (opening and closing): where the team places itself, from resentment to collaboration."""

import pandas as pd

from ..._schema import PULSE_LEVELS

__all__ = ["pulse_mean", "pulse_distribution", "pulse_words"]


def pulse_mean(pulse):
    """Mean of the pulse scores (1 resentment ... 5 collaboration); NaN with no answers."""
    return float(pulse["score"].mean()) if len(pulse) else float("nan")


def pulse_distribution(pulse):
    """How many answers at each level, 1 resentment to 5 collaboration."""
    counts = pulse["score"].value_counts().reindex(list(PULSE_LEVELS), fill_value=0)
    return pd.DataFrame(dict(score=list(PULSE_LEVELS), level=list(PULSE_LEVELS.values()), answers=counts.values))


def pulse_words(mean):
    """A pulse mean in the method's words: 2.9 -> 'between resistance and compliance'."""
    if mean != mean:
        return "no answers"
    low, high = int(mean), min(5, int(mean) + 1)
    if mean - low < 0.25:
        return PULSE_LEVELS[max(1, low)]
    if high - mean < 0.25:
        return PULSE_LEVELS[high]
    return f"between {PULSE_LEVELS[max(1, low)]} and {PULSE_LEVELS[high]}"
