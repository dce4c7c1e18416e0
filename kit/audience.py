"""Who may see what: one policy object per audience, and one function that cuts a session's rows to a policy
before anything (a table, a chart, a form's dropdown, a report section) is built from them.

The audiences:

* ``wall``: what the room sees projected: the team's view. SWOT item text only once revealed.
* ``team``: the team report: goals shared with the team, SWOT without authors, votes without voters, role plays and
  KPI results only as team figures (people replaced by pseudonyms, comments removed; a rubric or a KPI with fewer
  than MIN_GROUP people in it left out, so no figure is one person's own), the pulse without names.
* ``manager``: everything except goals and target accounts their owners kept private.
* ``member:<id>``: one seller's own goals and target accounts (private ones included), their own scores, comments
  and results; the rest as the team sees it.

Coaching time and documented conversations (``coaching``, ``conversations``) are between a manager and one seller:
only the ``manager`` audience and that seller's ``member:<id>`` read them; the wall and the team see none.

A goal (or a target account) an audience may not read keeps its row (so it counts, and its owner shows) with its
text (the account's name) replaced by "(private)" or "(manager only)" and what is said of it removed. A new
audience is a new :class:`Policy`, not a flag.
"""

import hashlib
from dataclasses import dataclass, replace

from ._schema import MIN_GROUP, ONE_TO_ONE, PULSE_DIMENSIONS, PULSE_PHASES
from .errors import KitError, NotFoundError

__all__ = [
    "Policy",
    "WALL",
    "TEAM",
    "MANAGER",
    "member",
    "policy",
    "cut",
    "cut_table",
    "shared_with",
    "shows_group",
    "withheld_answers",
    "withheld_ratings",
    "DOCUMENTS",
    "check_documents",
    "for_documents",
    "document_name",
    "HIDDEN_GOAL",
    "HIDDEN_ITEM",
]

# What stands in a goal's (or a target account's) place for an audience that may not read it, by its visibility.
HIDDEN_GOAL = {"private": "(private)", "manager": "(manager only)"}
# Rows whose owner chose who may read them: the table -> (the column that names it, the columns said of it).
_OWNED = {
    "goals": ("goal", ("category", "implication", "progress")),
    "accounts": ("account", ("why", "progress", "won")),
}
HIDDEN_ITEM = "(hidden until the reveal)"


@dataclass(frozen=True)
class Policy:
    """What one audience may see.

    Attributes
    ----------
    name : str
        'wall', 'team', 'manager' or 'member:<id>'.
    goals : frozenset
        The visibilities of goals and target accounts whose text this audience reads (a member always reads their
        own).
    individuals : bool
        Each person's role-play scores, comments, rater leniency and KPI results, by name.
    authors : bool
        Who named a SWOT item, who placed which dots, who gave which pulse answer.
    member_id : str or None
        For a member's own one-pager: the person whose own rows stay whole.
    reveal : bool
        SWOT item text (the wall keeps it hidden until the facilitator reveals it).
    """

    name: str
    goals: frozenset = frozenset({"team"})
    individuals: bool = False
    authors: bool = False
    member_id: str | None = None
    reveal: bool = True

    def revealed(self, reveal=True):
        """The same policy with SWOT text shown (or hidden, ``reveal=False``)."""
        return replace(self, reveal=bool(reveal))

    def may_read_goal(self, owner, visibility):
        return visibility in self.goals or (self.member_id is not None and owner == self.member_id)

    # ---- the named decisions: every view asks these, never the flags above
    @property
    def reads_each_person(self):
        """Who sees every person's own scores, comments, rater leniency and results by name: the manager's copy.
        Every other audience sees team figures, with the people in them replaced by pseudonyms."""
        return self.individuals

    @property
    def names_who_said(self):
        """Who sees who wrote a SWOT item, who placed which dots and who gave which pulse answer."""
        return self.authors

    @property
    def reads_beyond_team(self):
        """Whether this audience reads goals and target accounts beyond those shared with the whole team (the
        manager's: those shared with the manager only), so its lists say with whom each was shared."""
        return bool(set(self.goals) - {"team"})

    @property
    def one_seller(self):
        """A seller's own copy (their one-pager, their phone): their own rows whole, the rest as the team sees it."""
        return self.member_id is not None

    @property
    def personal(self):
        """A copy that may hold someone's own figures (the manager's, or one seller's): never one that is handed to
        the whole team (the leader's agenda) or to another department (a brief)."""
        return self.individuals or self.member_id is not None

    @property
    def keeps_the_record(self):
        """The manager's own copy: the one that reads every one-to-one note (coaching time, documented
        conversations) and records them; a decision named here, so that no view spells it out of flags."""
        return self.individuals and self.authors

    def reads_shared(self, member_id, choice, partners=()):
        """May this audience read ``member_id``'s own KPI results and funnel by name because that seller chose to
        show them (``choice``, as in ``sharing``): to the whole team ('team': every audience of the team), or to
        their accountability partner ('partner': that partner's own copy; ``partners``: the pairs in force, as
        (member_id, partner_id))? The manager reads them whatever was chosen."""
        if self.sees_person(member_id) or choice == "team":
            return True
        pair = {(member_id, self.member_id), (self.member_id, member_id)}
        return choice == "partner" and self.member_id is not None and bool(pair & set(partners))

    def sees_person(self, member_id):
        """May this audience see ``member_id``'s individual scores, comments and results?"""
        return self.individuals or (self.member_id is not None and member_id == self.member_id)


def _pulse_groups(rows):
    """Each pulse answer's group, (phase, dimension): an answer without either is the opening pulse about the team."""
    n = len(rows)
    phases = rows["phase"] if "phase" in rows else [None] * n
    dims = rows["dimension"] if "dimension" in rows else [None] * n
    return [
        (p if isinstance(p, str) and p else PULSE_PHASES[0], d if isinstance(d, str) and d else PULSE_DIMENSIONS[0])
        for p, d in zip(phases, dims)
    ]


def withheld_answers(rows):
    """{(phase, dimension): how many answers} of the pulse groups too small to show (the small-group rule): what a
    view says instead of their figures ("2 answers so far: shown from 3")."""
    if rows is None or rows.empty:
        return {}
    groups = _pulse_groups(rows)
    counts = {g: groups.count(g) for g in set(groups)}
    return {g: n for g, n in counts.items() if not shows_group(n)}


def withheld_ratings(rows):
    """{session_id: how many raters} of the periods of coaching ratings with too few raters to show."""
    if rows is None or rows.empty:
        return {}
    raters = rows.groupby("session_id")["rating"].nunique()  # one rating a seller and period (kit.hub)
    return {sid: int(n) for sid, n in raters.items() if not shows_group(n)}


def shows_group(n):
    """The small-group rule: a figure of ``n`` people (answers, raters, sellers; a number or a Series of them) is
    shown only from MIN_GROUP people, so that no anonymous answer and no team figure is one person's own."""
    return n >= MIN_GROUP


WALL = Policy("wall")
TEAM = Policy("team")
MANAGER = Policy("manager", goals=frozenset({"team", "manager"}), individuals=True, authors=True)


def member(member_id):
    """One seller's own policy: their own goals, scores and results whole; the rest as the team sees it."""
    if not member_id:
        raise KitError("a member's audience needs their member_id, e.g. member:tom")
    return Policy(f"member:{member_id}", member_id=str(member_id))


def policy(name):
    """A policy by name: 'wall', 'team', 'manager' or 'member:<member_id>' (a Policy is returned as it is)."""
    if isinstance(name, Policy):
        return name
    fixed = {"wall": WALL, "team": TEAM, "manager": MANAGER}
    if name in fixed:
        return fixed[name]
    if isinstance(name, str) and name.startswith("member:"):
        return member(name.split(":", 1)[1])
    raise KitError(f"unknown audience {name!r}; valid: wall, team, manager, member:<member_id>")


# The documents a report is written for, by audience: the command line's --audience and the report template say
# these words. ``member`` is every seller's own one-pager; ``member:<member_id>`` one seller's. (``wall`` is a live
# screen's, never a document's.)
DOCUMENTS = ("team", "manager", "member")


def check_documents(names):
    """``names`` (document audiences) as a list, or a clear error naming the valid ones."""
    names = [names] if isinstance(names, str) else list(names)
    for n in names:
        if n not in DOCUMENTS and not (isinstance(n, str) and n.startswith("member:") and n != "member:"):
            raise KitError(
                f"unknown audience {n!r}; valid: team, manager, member (every seller's one-pager) "
                "or member:<member_id> (one seller's)"
            )
    return names


def for_documents(names, sellers, *, strict=True):
    """The policies of the documents ``names`` asks for, in order: ``member`` becomes one per seller of ``sellers``;
    ``member:<id>`` must name one of them (``strict=False``: it is left out, a batch over several teams writes it
    for that seller's team only)."""
    sellers = sorted(sellers)
    out = []
    for n in check_documents(names):
        if n == "member":
            out += [member(m) for m in sellers if member(m) not in out]
            continue
        pol = policy(n)
        if pol in out:  # member and member:<id> together: one copy
            continue
        if pol.one_seller and pol.member_id not in sellers:
            if not strict:
                continue
            raise NotFoundError(f"{pol.member_id!r} is not a seller of this team; valid: {', '.join(sellers)}")
        out.append(pol)
    return out


def document_name(pol):
    """The document a policy's copy is written as, without its extension: team, manager, members/<id>."""
    return f"members/{pol.member_id}" if pol.one_seller else pol.name


# ---------------------------------------------------------------- the cut


class _Pseudonyms:
    """Stand-ins for people an audience may count but not name: stable within a session, never a member id."""

    def __init__(self, salt):
        self.salt, self.map = salt, {}

    def __call__(self, member_id):
        if member_id is None or member_id != member_id:
            return member_id
        if member_id not in self.map:
            digest = hashlib.sha256(f"{self.salt}\0{member_id}".encode()).hexdigest()[:10]
            self.map[member_id] = f"~{digest}"
        return self.map[member_id]


def _person_cols(df, cols, pol, pseudo):
    """Replace people in ``cols`` by pseudonyms unless the policy sees them."""
    out = df.copy()
    for c in cols:
        if c in out:
            out[c] = [v if (v is None or v != v or pol.sees_person(v)) else pseudo(v) for v in out[c]]
    return out


def _enough(df, group, person, pol, shared=()):
    """For an audience that may not see individuals: only the groups (a rubric, a KPI) with at least MIN_GROUP
    people in them, so that no team figure is one or two people's own result (an audience's own rows, and the rows
    of those who chose to show them to it, ``shared``, stay)."""
    if pol.individuals:
        return df
    people = df.groupby(group)[person].transform("nunique")
    own = df[person].eq(pol.member_id) if pol.member_id is not None else False
    return df[(people >= MIN_GROUP) | own | df[person].isin(list(shared))].reset_index(drop=True)


def cut_table(name, rows, pol, *, pseudo=None, shared=()):
    """The rows of one table that audience ``pol`` may see, with what it may not see removed.

    Parameters
    ----------
    name : str
        A session table (goals, swot, swot_votes, kpi_votes, roleplay, pulse, ...), or ``attainment`` /
        ``kpi_actuals`` (per-person KPI results).
    rows : DataFrame
    pol : Policy or str
    shared : collection
        The sellers whose KPI results this audience reads by name because they chose to show them to it
        (:meth:`Policy.reads_shared`; see :func:`shared_with`).
    """
    pol = policy(pol)
    pseudo = pseudo or _Pseudonyms(name)
    df = rows.copy()
    if df.empty:
        return df
    if name in _OWNED:  # a goal, a target account: as its owner chose (team, manager only, private)
        text, said = _OWNED[name]
        readable = [pol.may_read_goal(o, v) for o, v in zip(df["member_id"], df["visibility"])]
        df["shared"] = readable
        df[text] = [
            g if ok else HIDDEN_GOAL.get(v, "(not shared)") for g, v, ok in zip(df[text], df["visibility"], readable)
        ]
        for col in said:  # said of it: as private as its text
            if col in df:
                df[col] = [c if ok else None for c, ok in zip(df[col], readable)]
        return df
    if name in ONE_TO_ONE:  # coaching time and documented conversations: that manager and that seller only
        if pol.keeps_the_record:
            return df
        if pol.member_id is None:
            return df.iloc[0:0].reset_index(drop=True)
        return df[df["member_id"] == pol.member_id].reset_index(drop=True)
    if name == "coaching_ratings":  # the manager's alone, a period's only from MIN_GROUP raters, never who rated
        if not pol.keeps_the_record:
            return df.iloc[0:0].reset_index(drop=True)
        small = withheld_ratings(df)
        return df[~df["session_id"].isin(list(small))].reset_index(drop=True)
    if name == "swot":
        if not pol.authors:  # a seller's own copy keeps their own signature (their phone lists it as theirs)
            df["author_id"] = [a if pol.member_id is not None and a == pol.member_id else None for a in df["author_id"]]
        if not pol.reveal:
            df["text"] = HIDDEN_ITEM
        return df
    if name in ("swot_votes", "kpi_votes"):
        if not pol.authors:
            df["voter_id"] = [
                v if pol.member_id is not None and v == pol.member_id else pseudo(v) for v in df["voter_id"]
            ]
        return df
    if name == "roleplay":
        df = _enough(df, "rubric_id", "seller_id", pol)
        if df.empty:
            return df
        sellers = list(df["seller_id"])
        df["seller_id"] = [x if pol.sees_person(x) else pseudo(x) for x in sellers]
        if not pol.individuals:  # raters by role only: a self rating's rater is its (possibly pseudonymous) seller
            df["rater_id"] = [
                s if role == "self" else (r if r == "expert" else pseudo(r))
                for r, role, s in zip(df["rater_id"], df["rater_role"], df["seller_id"])
            ]
        if "comment" in df:
            df["comment"] = [c if pol.sees_person(x) else None for c, x in zip(df["comment"], sellers)]
        return df
    if name == "pulse":  # anonymous answers: a group of fewer than MIN_GROUP is left out for every audience
        small = withheld_answers(df)
        if small:
            df = df[[g not in small for g in _pulse_groups(df)]].reset_index(drop=True)
        if not pol.authors:
            df["respondent_id"] = [
                r if pol.member_id is not None and r == pol.member_id else None for r in df["respondent_id"]
            ]
        return df
    if name in ("attainment", "kpi_actuals"):
        shared = set(shared)
        df = _enough(df, "kpi_id", "member_id", pol, shared)
        if shared and not pol.individuals and len(df):
            # beside figures shown by name, those not shown must still be at least MIN_GROUP people: else a team
            # figure less the named ones would be one or two people's own result
            named = df["member_id"].isin(list(shared)) | (df["member_id"] == pol.member_id)
            unnamed = df["member_id"].where(~named).groupby(df["kpi_id"]).transform("nunique")
            df = df[named | (unnamed >= MIN_GROUP)].reset_index(drop=True)
        out = df.copy()
        out["member_id"] = [m if pol.sees_person(m) or m in shared else pseudo(m) for m in df["member_id"]]
        if "name" in out:
            out["name"] = [
                n if pol.sees_person(m) or m in shared else "a colleague" for n, m in zip(df["name"], df["member_id"])
            ]
        return out
    return df  # commitments, kpis, actions, members: shared with the whole team


def shared_with(pol, sharing, partners=()):
    """The sellers whose KPI results audience ``pol`` reads by name because they chose so: ``sharing`` is
    {member_id: choice in force} (kit.session's ``sharing``), ``partners`` the pairs in force."""
    pol = policy(pol)
    return {m for m, choice in (sharing or {}).items() if pol.reads_shared(m, choice, partners)}


def _frame(df):
    import pandas as pd

    return df if df is not None else pd.DataFrame()


def cut(session, pol):
    """``session`` (a :class:`kit.session.Session`) cut to what audience ``pol`` may see: every table of what it
    shows, of its own rows and of the previous session's, before anything is built from them."""
    from .session import derive

    pol = policy(pol)
    if session.policy is not None and session.policy != pol:
        raise KitError(f"this session is already cut to {session.policy.name}; cut the uncut session instead")
    pseudo = _Pseudonyms(session.session_id)
    pairs = session.rows["partners"] if "partners" in session.rows else None
    pairs = list(zip(pairs["member_id"], pairs["partner_id"])) if pairs is not None and len(pairs) else []
    shared = shared_with(pol, session.sharing, pairs)

    def frames(d):
        return {t: cut_table(t, df, pol, pseudo=pseudo) for t, df in d.items()}

    out = derive(
        session,
        rows=frames(session.rows),
        own=frames(session.own),
        before=frames(session.before),
        attainment=cut_table("attainment", session.attainment, pol, pseudo=pseudo, shared=shared),
        actuals=cut_table("kpi_actuals", session.actuals, pol, pseudo=pseudo, shared=shared),
        coaching=cut_table("coaching", _frame(session.coaching), pol),
        conversations=cut_table("conversations", _frame(session.conversations), pol),
        policy=pol,
    )
    out.pseudonyms = {p: "a colleague" for p in pseudo.map.values()}
    out.withheld_pulse = {
        "now": withheld_answers(session.rows["pulse"]),
        "before": withheld_answers(session.before["pulse"]),
    }
    # what the cut left out as too small a group to show, so views can say so instead of "nothing yet"
    out.withheld = {
        "roleplay": len(out.rows["roleplay"]) < len(session.rows["roleplay"]),
        "attainment": len(out.attainment) < len(session.attainment),
        "attainment_kpis": len(set(session.attainment.get("kpi", ())) - set(out.attainment.get("kpi", ()))),
        "pulse": withheld_answers(session.rows["pulse"]),  # {(phase, dimension): answers}
        "pulse_before": withheld_answers(session.before["pulse"]),
        "coaching_ratings": withheld_ratings(session.rows.get("coaching_ratings")),
    }
    return out


def readable(rows):
    """Of goal or target-account rows already cut: those whose text the audience may read."""
    return rows[rows["shared"]] if "shared" in rows else rows
