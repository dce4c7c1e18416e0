"""The opportunity exports the kit reads, as the CRMs write them: each recognised from its header row.

A format names, for each thing the figures need, the column (or the first of several spellings) that holds it.
Headers are compared without regard to case and surrounding spaces. Won and lost come from the CRM's own flags
when the export has them (Salesforce's ``Won`` / ``Closed``, ``IsWon`` / ``IsClosed``, Pipedrive's status);
otherwise from the stage's name (:func:`outcome_of_stage`).
"""

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Format:
    name: str  # how the output and the report name it: "a Salesforce opportunity report"
    signature: tuple  # a header holding any of these columns is this format (checked in FORMATS order)
    owner: tuple  # the opportunity's owner (the seller), by name (or an id the owners file maps)
    amount: tuple
    created: tuple
    close: tuple = ()  # the close date (expected while the opportunity is open)
    expected: tuple = ()  # an open opportunity's expected close date, when the export has a column of its own
    company_amount: tuple = ()  # the amount converted to the company's currency (counted instead, when present)
    stage: tuple = ()  # the stage's name, when won and lost are read from it
    won_flag: tuple = ()  # a yes/no column: closed as won
    closed_flag: tuple = ()  # a yes/no column: closed (won or lost)
    status: tuple = ()  # Pipedrive: open, won, lost, deleted
    won_date: tuple = ()  # Pipedrive: when a won deal was won
    lost_date: tuple = ()  # Pipedrive: when a lost deal was lost
    currency: tuple = ()  # the amount's currency code, when the export has one
    needs: tuple = field(default=())  # what a missing column message lists the export must contain
    how: str = ""  # how to export it, in a few words (the message for a missing column)


FORMATS = (
    Format(
        "a Salesforce opportunity report",
        signature=("Opportunity Owner",),
        owner=("Opportunity Owner",),
        amount=("Amount",),
        created=("Created Date",),
        close=("Close Date",),
        stage=("Stage",),
        won_flag=("Won",),
        closed_flag=("Closed",),
        currency=("Opportunity Currency", "Amount Currency", "Currency"),
        needs=("Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date"),
        how="add the column to the report in Salesforce, then Export > Details Only > CSV",
    ),
    Format(
        "a Salesforce data export",
        signature=("StageName", "IsWon", "CloseDate"),
        owner=("Owner.Name", "OwnerName", "OwnerId"),
        amount=("Amount",),
        created=("CreatedDate",),
        close=("CloseDate",),
        stage=("StageName",),
        won_flag=("IsWon",),
        closed_flag=("IsClosed",),
        currency=("CurrencyIsoCode",),
        needs=("OwnerId or Owner.Name", "StageName", "Amount", "CloseDate", "CreatedDate"),
        how="add the field to the Opportunity object's export (Data Loader or Data Export)",
    ),
    Format(
        "a HubSpot deals export",
        signature=("Deal owner", "Deal Stage"),
        owner=("Deal owner",),
        amount=("Amount",),
        company_amount=("Amount in company currency",),
        created=("Create Date",),
        close=("Close Date",),
        stage=("Deal Stage",),
        won_flag=("Is Closed Won",),
        closed_flag=("Is closed",),
        currency=("Currency",),
        needs=("Deal owner", "Deal Stage", "Amount", "Close Date", "Create Date"),
        how="in HubSpot's deals view, Edit columns to add it, then Export view",
    ),
    Format(
        "a Pipedrive deals export",
        signature=("Deal - Owner", "Deal - Status"),
        owner=("Deal - Owner",),
        amount=("Deal - Value",),
        created=("Deal - Deal created",),
        close=("Deal - Close time",),
        expected=("Deal - Expected close date",),
        status=("Deal - Status",),
        won_date=("Deal - Won time",),
        lost_date=("Deal - Lost time",),
        currency=("Deal - Currency",),
        needs=("Deal - Owner", "Deal - Status", "Deal - Value", "Deal - Won time", "Deal - Deal created"),
        how="in Pipedrive's deals list, choose the column, then Export filter results",
    ),
)


def _norm(header):
    return " ".join(str(header).split()).casefold()


def recognise(header):
    """The :class:`Format` whose signature the header row holds, or None."""
    names = {_norm(h) for h in header}
    for fmt in FORMATS:
        if any(_norm(s) in names for s in fmt.signature):
            return fmt
    return None


def column(header, spellings):
    """The index of the first of ``spellings`` in the header row (case and spaces aside), or None."""
    index = {_norm(h): i for i, h in reversed(list(enumerate(header)))}
    for s in spellings:
        if _norm(s) in index:
            return index[_norm(s)]
    return None


def missing(fmt, header):
    """The columns the figures need that the header lacks (in the order the format lists them)."""
    roles = [fmt.owner, fmt.amount, fmt.created]
    roles += [fmt.status, fmt.won_date] if fmt.status else [fmt.close]
    if not fmt.status and column(header, fmt.won_flag) is None:
        roles.append(fmt.stage)  # won and lost come from the stage unless the export has the Won flag
    return [" or ".join(r) for r in roles if column(header, r) is None]


# a stage's words that say it is won or lost (accents aside: gagné is gagne), in the languages CRMs are set up in
_WON = {"won", "closedwon", "gewonnen", "gagne", "gagnee", "ganado", "ganada", "vinto", "vinta"}
_LOST = {"lost", "closedlost", "verloren", "perdu", "perdue", "perdido", "perdida", "perso", "persa"}


def outcome_of_stage(stage):
    """'won', 'lost' or 'open' from a stage's name: "lost" among its words (Closed Lost, Lost - competitor won,
    HubSpot's closedlost, Verloren) is lost; else "won" not after "not" (Closed Won, 6 - Won, Gewonnen) is won; every
    other stage is open (Won't pursue included: the output lists each stage as it was read)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(stage)) if not unicodedata.combining(c))
    words = re.sub(r"[^a-z]+", " ", plain.casefold().replace("'", "")).split()
    if _LOST & set(words):
        return "lost"
    if any(w in _WON and (i == 0 or words[i - 1] not in ("not", "no", "nicht", "non")) for i, w in enumerate(words)):
        return "won"
    return "open"


YES = {"true", "yes", "1", "y", "x", "wahr", "ja", "oui", "vrai", "sí", "si"}
NO = {"false", "no", "0", "n", "", "falsch", "nein", "non", "faux"}
