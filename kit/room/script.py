"""The facilitator's script for each step of the room, shown on the presenter panel (never on the wall)."""

from ..steps import require

__all__ = ["SCRIPT"]


def _ol(*items):
    return "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"


SCRIPT = require(
    "the facilitator's script",
    {
        "pulse": _ol(
            "Before you start: everyone has their own slip with their own link (QR code). Ask them to open it now; "
            "the count on the wall shows who is in as the answers arrive.",
            '<i>"Before we talk about numbers: where is this team today, from 1 (resentment) to 5 (full '
            'collaboration)? Your answer is anonymous: not even I can see which answer is yours."</i>',
            "Wait until the count nears everyone, press <b>Show results</b>, then read the spread aloud without "
            "judging it. A low or split "
            "pulse is information: ask what would move it one step up, and come back to it at the end.",
            "Anyone whose phone will not connect: they tell you their level privately and you enter it from the "
            "00 notebook, or they skip it.",
        ),
        "goals": _ol(
            '<i>"Start with what you want for yourself this year: the house, the promotion, the course, the '
            'time with family. Then the annual commitment that pays for it."</i>',
            "Each seller types on their own phone and chooses who may see each goal. Say clearly: a private goal "
            "stays on their phone; the wall shows only that one exists.",
            "Then the commitment: the phone shows at once the deals, opportunities and first meetings a week it "
            "takes. Ask two or three volunteers to say whether that weekly number is realistic.",
            "Look at the wall's commitments against the target: is the gap closed? If not, who can stretch, and "
            "what support would they need?",
        ),
        "swot": _ol(
            '<i>"What do we do better than anyone? Where do we lose deals? What in our market could we win? '
            'What could hurt us?"</i>',
            "Everyone adds items on their phone, anonymous unless they sign them. The wall shows only the counts "
            "per quadrant, so nobody anchors on the first ideas.",
            "When the counts stop moving (10 to 15 minutes), press <b>Reveal all items</b>, then <b>Show results</b>, "
            "and read the list aloud. "
            "Ask for each whether it is within the team's control, one person's, or outside it.",
        ),
        "swot_vote": _ol(
            "Everyone places their dots on their phone: only they see where their dots are; the wall counts the "
            "dots cast. When everyone has voted, press <b>Show results</b> for the totals.",
            "Good looks like top priorities the team can act on. If an outside threat tops the list, ask what in "
            "our control would blunt it; if items tie, decide together.",
            "Items outside our control that another department could fix become asks to that department: note "
            "them for the actions step.",
        ),
        "kpis": _ol(
            '<i>"Which few figures would tell us each week whether we are on the way?"</i> Everyone places dots '
            "on the KPIs they would choose; aim for 3 to 5 in the end, leading ones (activity) beside lagging "
            "ones (results).",
            "Read the tally, then agree the targets and periods in the 03 notebook (KPI selection): the team "
            "chooses them, the kit records them.",
        ),
        "roleplay": _ol(
            "Choose the seller and the rubric, name the scenario and press <b>Open this role play for scoring</b>: "
            "every phone shows the rubric with its behaviour anchors.",
            "Run the call (8 to 10 minutes). Everyone else scores it on their phone; the seller scores themself.",
            "Watch the count, close the role play, then <b>Show results</b>. The wall shows the team's figures only "
            "(for a rubric at least three sellers have played): individual scores "
            "go to the seller and the manager. Debrief with the anchors: what would level 5 have sounded like?",
        ),
        "actions": _ol(
            '<i>"What will you do before we meet again, and by when?"</i> Each person types their own actions '
            "on their phone; the manager's commitments to the team count as actions too.",
            "At a review, everyone first marks their earlier actions done or dropped: praise what was done, and "
            "agree when to talk about what slipped.",
            "Name the next meeting's leader (05 notebook). Close with the closing pulse on the phones and compare "
            "it with the opening one on the wall.",
        ),
    },
)
