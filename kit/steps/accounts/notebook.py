"""Target accounts: who will focus on which accounts this year, where two sellers chase the same one, and at a
review how far each has come.

The Workshop's methods for this step (see kit/_workshop.py).
"""

import pandas as pd

from ... import _format as fmt
from ..._views import Note, Table
from . import model as accounts


class Accounts:
    """Target accounts: the form, the list as the audience may read it, the overlaps, and progress at a review."""

    def account_form(self):
        from .capture import account_form

        return self._form(account_form, session_id=self.session_id)

    def accounts_list(self):
        """Every target account of the session as the audience may read it: one kept private or for the manager
        shows as "(private)" / "(manager only)" beside its seller, so the room sees who has named accounts, not
        which."""

        def build():
            s = self.session
            a = s.rows["accounts"]
            if a.empty:
                return Note("No target accounts yet: they appear here as the sellers save them.")
            cols = {
                "Seller": [s.name(m) for m in a["member_id"]],
                "Account": a["account"],
                "Why": [fmt.text_or_dash(w) for w in a["why"]],
            }
            if "agreed" in a and (a["agreed"] < s.date).any():  # carried account by account: say when each was named
                cols["Named"] = ["this session" if d == s.date else fmt.date(d) for d in a["agreed"]]
            read = a["shared"] if "shared" in a else [True] * len(a)  # an account the audience may not read: no more
            if s.is_review:
                cols["Where it stands"] = [
                    accounts.progress_words(p) if ok else fmt.DASH for p, ok in zip(a["progress"], read)
                ]
                cols["Won"] = [None if fmt.blank(v) else float(v) for v in a["won"]]
            data = pd.DataFrame(cols).sort_values("Seller", kind="stable")
            formats = {"Won": lambda v: fmt.DASH if fmt.blank(v) else fmt.amount(v, s.currency)}
            return Table(data, formats)

        return self._view("accounts-list", build)

    def account_overlaps(self):
        """The accounts two or more sellers named (among those this audience may read): who talks to whom there
        is agreed before a customer hears from two of us."""

        def build():
            s = self.session
            a = s.rows["accounts"]
            if a.empty:
                return None
            o = accounts.overlaps(a)
            if o.empty:
                return Note("No account is named by two sellers: each account has one owner.")
            data = pd.DataFrame(
                {
                    "Account": o["account"],
                    "Named by": [", ".join(s.name(m) for m in ms) for ms in o["member_ids"]],
                }
            )
            return Table(data, caption="Named by two sellers or more: agree who leads each before the next call.")

        return self._view("account-overlaps", build)

    def accounts_progress(self):
        """At a review: how many accounts stand at each stage, and what was won from them."""

        def build():
            s = self.session
            a = s.rows["accounts"]
            if not s.is_review or a.empty:
                return None
            counts = accounts.progress_counts(a)
            rows = [(accounts.progress_words(k), n) for k, n in counts.items() if n]
            data = pd.DataFrame(rows, columns=["Where they stand", "Accounts"])
            won = accounts.won_total(a)
            caption = f"Won from these accounts so far: {fmt.amount(won, s.currency)}." if won else None
            return Table(data, {"Accounts": fmt.count}, caption=caption)

        return self._view("accounts-progress", build)
