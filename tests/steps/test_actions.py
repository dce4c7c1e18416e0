"""Step 5: action counts, the fair rotation of the meeting leader, the pulse."""

import pandas as pd

from kit.steps.actions import model as accountability
from kit.steps.pulse import model as pulse_


def test_rotation_least_led_then_longest_ago():
    members = pd.DataFrame(dict(member_id=["a", "b", "c"], team_id="t"))
    sessions = pd.DataFrame(
        dict(team_id="t", date=["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"], leader_id=["a", "b", "c", "b"])
    )
    # a, c led once; a longest ago
    assert accountability.next_leader(sessions, members, team_id="t") == "a"
    assert accountability.next_leader(sessions, members, team_id="t", as_of="2026-02-15") == "c"  # never led
    assert accountability.next_leader(sessions, members, team_id="x") is None


def test_counts_and_pulse(store):
    assert accountability.action_counts(store.actions()) == {"open": 2, "done": 1, "dropped": 1}
    assert pulse_.pulse_mean(store.pulse(session_id="k1")) == 3.25


def test_overdue_and_pulse_words(store):
    late = accountability.overdue(store.actions(), as_of="2026-02-10")
    assert late["action_id"].tolist() == ["a4", "a1"]  # open and due before 10 Feb (a3 is dropped, a2 done)
    dist = pulse_.pulse_distribution(store.pulse(session_id="k1"))
    assert dist["answers"].tolist() == [0, 1, 1, 2, 0]
    assert pulse_.pulse_words(3.25) == "between compliance and cooperation"
    assert pulse_.pulse_words(3.9) == "cooperation"
    assert pulse_.pulse_words(2.1) == "resistance"
