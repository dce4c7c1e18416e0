"""A review's actuals from the team's own CRM: an opportunity export (Salesforce, HubSpot, Pipedrive) read into each
seller's ``kpi_actuals`` by calendar month.

One module a job: the exports the kit recognises (:mod:`._formats`), reading one into opportunities
(:mod:`._read`), and counting them into figures (:mod:`._figures`). The store records them
(:meth:`kit._store.Engagement.import_crm`), replacing the CRM's figures of the months an export covers, so an
import repeated never counts twice; ``workshop-kit import-crm`` and notebook 06 call it, and an engagement folder's
``crm/`` (a workbook's ``crm_export`` sheet) is imported with the folder.
"""

import csv
import io
from pathlib import Path

from .._io import decode_file, separator
from ..errors import Problem
from ._figures import CRM_KPIS, CRM_WORDS, Result, figures, name_key
from ._read import Export, Refused, from_records, read_export

__all__ = ["CRM_KPIS", "CRM_WORDS", "Result", "Export", "Refused", "figures", "read_export", "from_records"]
__all__ += ["read_owners", "owners_from_records", "name_key"]

OWNERS_HEADER = ("crm_owner", "member_id")


def read_owners(path, member_ids, *, label=None):
    """{CRM owner: member_id} from an owners file (CSV: crm_owner,member_id); :class:`Refused` (one line) if wrong."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise Refused(Problem(str(path), "no such owners file; give a CSV file with the header crm_owner,member_id"))

    class Src:
        problems = []

    text = decode_file(path, Src, label=label)
    if text is None:
        raise Refused(Src.problems[0])
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator(text)))
    return owners_from_records(label, records, member_ids)


def owners_from_records(label, records, member_ids):
    records = [[str(c).strip() for c in r] for r in records if any(str(c).strip() for c in r)]
    header = [h.casefold() for h in (records[0] if records else [])]
    if any(h not in header for h in OWNERS_HEADER):
        need = "needs the header row crm_owner,member_id (the owner as the CRM names them, then the member)"
        raise Refused(Problem(label, need))
    i, j = header.index("crm_owner"), header.index("member_id")
    found = {}
    for line, rec in enumerate(records[1:], start=2):
        owner, member = (rec[i] if i < len(rec) else ""), (rec[j] if j < len(rec) else "")
        if not owner or member not in member_ids:
            column, value = ("crm_owner", owner) if not owner else ("member_id", member)
            valid = "the owner's name as the CRM writes it" if not owner else "a member_id of members.csv"
            raise Refused(Problem(label, f"is not {valid}", row=line, column=column, value=value))
        key = name_key(owner)
        if found.get(key, (member,))[0] != member:
            twice = f"is mapped twice ({found[key][0]} and {member}); keep one line"
            raise Refused(Problem(label, twice, row=line, column="crm_owner", value=owner))
        found[key] = (member, owner)
    return {owner: member for member, owner in found.values()}
