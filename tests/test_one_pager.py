"""A seller's one-pager is one printed page, A4 and Letter, for every seller of sample_data and of
`workshop-kit sample`, at every session (a kickoff, a review, a new empty review); what would overflow is shortened
by rule, whole rows at a time, and the page says what was shortened."""

import io

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, SAMPLE
from kit import audience, open_engagement, report
from kit.report import render
from kit.report._render import write_pdf
from kit.report.sections import mine
from kit.sample import write_sample


def _pages(v, size):
    buf = io.BytesIO()
    write_pdf(render(v, page_size=size, pdf=True), buf)
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    return len(reader.pages), reader.pages[0].extract_text()


def _store(tmp_path, source, name):
    eng = open_engagement(tmp_path / f"{name}.db", create=True)
    eng.import_source(source)
    return eng


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("one_pager")
    write_sample(tmp / "generated", teams=2, seed=1, sellers=6)
    out = {"sample_data": _store(tmp, SAMPLE, "sample"), "generated": _store(tmp, tmp / "generated", "generated")}
    # a brand-new review nobody has written anything into yet
    out["sample_data"].add("sessions", dict(session_id="north-new", team_id="north", date="2026-09-15", kind="review"))
    yield out
    for eng in out.values():
        eng.close()


@pytest.mark.parametrize("size", ["A4", "Letter"])
@pytest.mark.parametrize("source", ["sample_data", "generated"])
def test_every_sellers_one_pager_is_one_page(stores, source, size):
    eng = stores[source]
    seen = {"kickoff": 0, "review": 0}
    for t, s, kind in eng.sessions()[["team_id", "session_id", "kind"]].itertuples(index=False):
        session = report.load(eng, team_id=t, session_id=s)
        for m in sorted(session.sellers["member_id"]):
            v = report.view(session, audience="member", member_id=m, page_size=size)
            pages, words = _pages(v, size)
            assert pages == 1, (source, t, s, m, size, v["shortened"])
            assert session.name(m) in words
            seen[kind] += 1
            if v["shortened"]:  # the page says what it left out
                assert "Shortened to fit one page" in " ".join(words.split())
    assert seen["kickoff"] and seen["review"]


def test_shortening_is_by_rule_and_says_what_was_left_out(stores):
    eng = stores["sample_data"]
    session = report.load(eng, team_id="north", session_id="north-2026-04")
    v = report.view(session, audience="member", member_id="elena", page_size="Letter")
    assert v["shortened"], "Elena's review page is the longest of the sample: some of it is shortened"
    level = len(v["shortened"])
    assert v["shortened"] == [words for _, words in mine.SHORTENINGS[:level]]  # least important first, in order
    policy = report.policy_for(session, "member", "elena")
    full = report.sections.document(audience.cut(session, policy), policy, 0)
    # the unshortened page is longer than one page: that is why it was shortened
    assert _pages(full, "Letter")[0] > 1
    html = render(v)
    assert "Shortened to fit one page" in html and "not listed" in html
    # never a table cut in the middle: every table of the shortened page is one the full page has whole, or
    # a table made of whole rows of it
    full_rows = {tuple(r) for s in full["opening"] for b in s["blocks"] if b["kind"] == "table" for r in b["rows"]}
    for s in v["opening"]:
        for b in s["blocks"]:
            if b["kind"] == "table":
                assert {tuple(r) for r in b["rows"]} <= full_rows


def test_a_seller_at_a_new_empty_review_gets_one_page_that_says_so(tmp_path):
    eng = open_engagement(tmp_path / "m.db", create=True)
    eng.import_source(MINIMAL)
    eng.add("sessions", dict(session_id="r9", team_id="t1", date="2026-12-01", kind="review"))
    session = report.load(eng, team_id="t1", session_id="r9")
    v = report.view(session, audience="member", member_id="s1")
    assert _pages(v, "A4")[0] == 1 and not v["shortened"]
    first = v["opening"][0]  # the kickoff's commitment stands at every later review until revisited
    assert first["title"] == "Your funnel, rebuilt from your results"
    assert "your EUR 120k commitment" in first["blocks"][0]["text"]
    assert [s["title"] for s in v["opening"][1:3]] == ["Your actions", "Your KPIs: latest results"]
    eng.close()


def test_the_written_pdf_is_one_page_and_its_html_shows_the_same(stores, tmp_path):
    eng = stores["sample_data"]
    session = report.load(eng, team_id="north", session_id="north-2026-04")
    report.write_documents(
        session, tmp_path / "both", audiences=["member"], formats=("html", "pdf"), page_size="Letter"
    )
    pdf = PdfReader(tmp_path / "both" / "members" / "elena.pdf")
    html = (tmp_path / "both" / "members" / "elena.html").read_text()
    assert len(pdf.pages) == 1
    said = " ".join(pdf.pages[0].extract_text().split())
    assert "Shortened to fit one page" in said and "Shortened to fit one page" in html
    # an HTML page written alone is a web page: nothing is shortened, every comment is there
    report.write_documents(session, tmp_path / "html", audiences=["member"], formats=("html",))
    alone = (tmp_path / "html" / "members" / "elena.html").read_text()
    assert "Shortened to fit one page" not in alone and "more comment" not in alone
    assert alone.count("<tr>") > html.count("<tr>")
