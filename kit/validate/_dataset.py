"""A parsed engagement: its rows per table and its settings, as every check and the store see it."""

from dataclasses import dataclass, field

from .._schema import DEFAULT_DOT_BUDGET
from ..catalog import kpis_in_force, rubrics_in_force


@dataclass
class Dataset:
    """A parsed engagement: rows per table, the engagement settings, the catalogue and rubrics in force."""

    label: str = ""
    tables: dict = field(default_factory=dict)  # name -> list[Row] with parsed values
    present: set = field(default_factory=set)  # files that were given (an absent optional file = step not run)
    broken: set = field(default_factory=set)  # tables that could not be read well enough to check
    engagement: dict | None = None
    engagement_where: str = "engagement.yaml"
    extra_kpis: list = field(default_factory=list)  # the engagement's own KPIs
    extra_rubrics: dict = field(default_factory=dict)  # the engagement's own rubrics, by id
    bad_rubrics: set = field(default_factory=set)  # rubric ids whose file was refused (reported once, there)
    problems: list = field(default_factory=list)
    wheres: dict = field(default_factory=dict)  # table -> how messages name it, when not its first row's place
    crm: list = field(default_factory=list)  # the CRM exports read with it: [(kit.crm.Result, rows)]
    changes: int = 0  # set by an import: how many writes it took (0 = the store already held it all)

    @property
    def errors(self):
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self):
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def kpis(self):
        return kpis_in_force(self.extra_kpis)

    @property
    def rubrics(self):
        return rubrics_in_force(self.extra_rubrics)

    @property
    def dot_budget(self):
        budget = (self.engagement or {}).get("dot_budget")
        return budget if isinstance(budget, int) else DEFAULT_DOT_BUDGET

    def rows(self, name):
        return self.tables.get(name, [])
