"""What the room keeps in the store: its state per session, its links (as hashes), once-only answers (as marks)."""

import json

from ._connection import _json


class _RoomState:
    """The room's rows (kit.room)."""

    def data_version(self):
        """A number that changes whenever another connection commits to the store (sqlite's data_version): the
        room polls it to learn of a correction made from the notebooks."""
        return self._con.execute("PRAGMA data_version").fetchone()[0]

    def room_state(self, session_id):
        """The room's state for a session: its step, whether the SWOT is revealed, the role play open ({} if none)."""
        row = self._con.execute("SELECT state FROM room_state WHERE session_id = ?", (session_id,)).fetchone()
        return _json(self.path, row[0], f"the room state of {session_id}") if row else {}

    def set_room_state(self, session_id, *, unless=None, **changes):
        """Change some of the room's state for a session (in one transaction); returns the state now. ``unless``:
        function(the stored state) -> a reason not to (the change is then not written, and None returned)."""
        with self._transaction() as con:
            row = con.execute("SELECT state FROM room_state WHERE session_id = ?", (session_id,)).fetchone()
            stored = _json(self.path, row[0], "the room state") if row else {}
            if unless is not None and unless(stored):
                return None
            state = {**stored, **changes}
            con.execute(
                "INSERT INTO room_state (session_id, state) VALUES (?, ?) "
                "ON CONFLICT(session_id) DO UPDATE SET state = excluded.state",
                (session_id, json.dumps(state, sort_keys=True)),
            )
        return state

    def room_answered(self, session_id, what, mark=None):
        """How many links gave their once-only answer ``what`` in the room (with ``mark``: 1 if that one did)."""
        sql, params = "SELECT COUNT(*) FROM room_answered WHERE session_id = ? AND what = ?", [session_id, what]
        if mark is not None:
            sql, params = sql + " AND mark = ?", params + [mark]
        return self._con.execute(sql, params).fetchone()[0]

    def mark_room_answer(self, session_id, what, mark, *, remove=False):
        """Record that the link of ``mark`` answered ``what`` (False, writing nothing, when it had already);
        ``remove`` takes the record back (an answer that could not be written)."""
        with self._transaction() as con:
            if remove:
                con.execute(
                    "DELETE FROM room_answered WHERE session_id = ? AND what = ? AND mark = ?", (session_id, what, mark)
                )
                return True
            new = con.execute(
                "INSERT OR IGNORE INTO room_answered VALUES (?, ?, ?) RETURNING mark", (session_id, what, mark)
            )
            return len(new) == 1

    def room_links(self, session_id):
        """{who (a member_id, or 'wall'): hash of their link's token} for a session's room."""
        return dict(self._con.execute("SELECT who, token_hash FROM room_links WHERE session_id = ?", (session_id,)))

    def set_room_links(self, session_id, hashes, *, created):
        """Replace a session's links by ``hashes`` ({who: token hash}); the old links stop working."""
        with self._transaction() as con:
            con.execute("DELETE FROM room_links WHERE session_id = ?", (session_id,))
            for who, h in hashes.items():
                con.execute("INSERT INTO room_links VALUES (?, ?, ?, ?)", (session_id, who, h, created))

    def room_link(self, token_hash):
        """(session_id, who) of the link with this token hash, or None."""
        row = self._con.execute("SELECT session_id, who FROM room_links WHERE token_hash = ?", (token_hash,))
        return tuple(row[0]) if row else None

    # ------------------------------------------------------------ the hub's links (kit/hub)
    def hub_links(self, team_id):
        """{who (a member_id): hash of their hub link's token} for a team."""
        return dict(self._con.execute("SELECT who, token_hash FROM hub_links WHERE team_id = ?", (team_id,)))

    def set_hub_links(self, team_id, hashes, *, created):
        """Replace a team's hub links by ``hashes`` ({who: token hash}); the old links stop working."""
        with self._transaction() as con:
            con.execute("DELETE FROM hub_links WHERE team_id = ?", (team_id,))
            for who, h in hashes.items():
                con.execute("INSERT INTO hub_links VALUES (?, ?, ?, ?)", (team_id, who, h, created))

    def hub_link(self, token_hash):
        """(team_id, who) of the hub link with this token hash, or None."""
        row = self._con.execute("SELECT team_id, who FROM hub_links WHERE token_hash = ?", (token_hash,))
        return tuple(row[0]) if row else None

    def hub_rated(self, mark):
        """Whether the rating ``mark`` (a hash of a link and a period) was given."""
        return bool(self._con.execute("SELECT 1 FROM hub_rated WHERE mark = ?", (mark,)))

    def rate_once(self, mark, rows):
        """Add the anonymous ``rows`` of ``coaching_ratings`` unless ``mark`` was given already; True when added. The
        rows are checked and written first, then the mark; a mark another process wrote meanwhile takes them back."""
        if self.hub_rated(mark):
            return False
        ids = self.add("coaching_ratings", rows)
        with self._transaction() as con:
            new = con.execute("INSERT OR IGNORE INTO hub_rated VALUES (?) RETURNING mark", (mark,))
        if len(new) == 1:
            return True
        for rid in ids:
            self.delete("coaching_ratings", {"row_id": rid})
        return False
