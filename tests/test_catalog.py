"""The shipped KPI catalogue and rubrics: complete, valid, and what the contract promises."""

from kit.catalog import TEMPLATES, check_kpis, check_rubric, shipped_kpis, shipped_rubrics


def test_kpi_catalogue():
    kpis = shipped_kpis()
    assert check_kpis(kpis) == []
    assert len(kpis) >= 15
    ids = {k["id"] for k in kpis}
    assert {
        "new_meetings",
        "outreach_activities",
        "pipeline_to_quota",
        "win_rate",
        "avg_deal_size",
        "stage_velocity_days",
        "forecast_accuracy",
        "quota_attainment",
    } <= ids
    for k in kpis:
        assert k["formula"] and len(k["definition"]) > 30, k["id"]


def test_rubrics():
    rubrics = shipped_rubrics()
    assert len(rubrics) >= 3
    for rid, spec in rubrics.items():
        assert check_rubric(spec, rid) == [], rid
        for c in spec["criteria"]:
            assert {1, 3, 5} <= set(c["anchors"]), (rid, c["id"])
    dc = rubrics["discovery_call"]
    assert [c["id"] for c in dc["criteria"]] == [
        "opening",
        "discovery_questions",
        "active_listening",
        "value_articulation",
        "objection_handling",
        "next_steps",
    ]
    assert dc["scale"] == {"min": 1, "max": 5}


def test_capture_templates_match_the_contract(tmp_path):
    import filecmp

    import openpyxl

    from kit._schema import TABLES
    from kit._templates import write_capture_templates

    write_capture_templates(tmp_path)
    for t in TABLES.values():
        assert filecmp.cmp(tmp_path / t.file, TEMPLATES / "capture" / t.file, shallow=False), t.file
    wb = openpyxl.load_workbook(TEMPLATES / "capture" / "capture.xlsx")
    for t in TABLES.values():
        assert [c.value for c in wb[t.name][1]] == t.names
