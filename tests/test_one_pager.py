"""A seller's one-pager is one printed page, A4 and Letter, for every seller of sample_data and of
`workshop-kit sample`, at every session (a kickoff, a review, a new empty review); what would overflow is shortened
by rule, whole rows at a time, and the page says what was shortened."""

import io
import shutil
import subprocess
import sys

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
            v = report.view(session, audience=f"member:{m}", page_size=size)
            pages, words = _pages(v, size)
            assert pages == 1, (source, t, s, m, size, v["shortened"])
            assert session.name(m) in words
            seen[kind] += 1
            if v["shortened"]:  # the page says what it left out
                assert "Shortened to fit one page" in " ".join(words.split())
    assert seen["kickoff"] and seen["review"]


def _rules(v):
    """The names of the shortenings a page's footer lists, in the order of the rules."""
    names = {words: name for name, words in mine.SHORTENINGS}
    return [names[w] for w in v["shortened"]]


def test_shortening_is_by_rule_and_says_what_was_left_out(stores):
    eng = stores["sample_data"]
    session = report.load(eng, team_id="north", session_id="north-2026-04")
    v = report.view(session, audience="member:elena", page_size="Letter")
    assert v["shortened"], "Elena's review page is the longest of the sample: some of it is shortened"
    applied = _rules(v)
    order = [name for name, _ in mine.SHORTENINGS]
    assert applied == sorted(applied, key=order.index)  # least important first, in order
    policy = audience.member("elena")
    cut = audience.cut(session, policy)
    # the footer names only the rules that changed something: without any one of them the page differs
    for name in applied:
        without = report.sections.document(cut, policy, [a for a in applied if a != name])
        assert without["opening"] != v["opening"], name
    # and a rule it does not name changed nothing on this page
    skipped = [n for n in order[: order.index(applied[-1])] if n not in applied]
    assert skipped, "some rules have nothing to shorten on Elena's page (she has no earlier closed actions)"
    for name in skipped:
        assert report.sections.document(cut, policy, applied + [name])["opening"] == v["opening"], name
    full = report.sections.document(cut, policy)
    # the unshortened page is longer than one page: that is why it was shortened
    assert _pages(full, "Letter")[0] > 1
    html = render(v)
    assert "Shortened to fit one page" in html and "not listed" in html
    # never a table cut in the middle: every row of the shortened page's tables is a whole row of the full page,
    # or one with whole columns left out by a rule (goals without what each means): no cell is ever shortened
    full_rows = [tuple(r) for s in full["opening"] for b in s["blocks"] if b["kind"] == "table" for r in b["rows"]]

    def within(row, whole):
        cells = iter(whole)
        return all(any(c == w for w in cells) for c in row)

    for s in v["opening"]:
        for b in s["blocks"]:
            if b["kind"] == "table":
                for r in b["rows"]:
                    assert any(within(tuple(r), f) for f in full_rows), r


def test_a_seller_at_a_new_empty_review_gets_one_page_that_says_so(tmp_path):
    eng = open_engagement(tmp_path / "m.db", create=True)
    eng.import_source(MINIMAL)
    eng.add("sessions", dict(session_id="r9", team_id="t1", date="2026-12-01", kind="review"))
    session = report.load(eng, team_id="t1", session_id="r9")
    v = report.view(session, audience="member:s1")
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


def _long_texts(tmp_path, goal_words=40, goals=8, action_words=45, actions=10):
    """The minimal engagement with one seller (s1) who wrote many long goals and actions at the kickoff."""
    folder = tmp_path / "long"
    shutil.copytree(MINIMAL, folder)
    sentence = "so that a slow quarter never forces a bad decision about my family or my career "
    with open(folder / "goals.csv", "a") as f:
        for i in range(goals):
            f.write(f'k1,s1,"{i + 1}. {(sentence * goal_words)[: goal_words * 8]}",financial,private\n')
    with open(folder / "actions.csv", "a") as f:
        for i in range(actions):
            f.write(
                f'k1,x{i},s1,"{i + 1}. Call every account {(sentence * action_words)[: action_words * 8]}",'
                f"2026-0{2 + i % 7}-1{i},,open\n"
            )
    return folder


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_many_long_goals_and_actions_are_shortened_to_one_page(tmp_path, size):
    eng = _store(tmp_path, _long_texts(tmp_path), "long")
    session = report.load(eng, team_id="t1", session_id="k1")
    v = report.view(session, audience="member:s1", page_size=size)
    assert _pages(v, size)[0] == 1 and v["pages"] == 1
    assert {"goals", "actions"} <= set(_rules(v)), v["shortened"]
    html = render(v)
    assert (
        "more goal" in html and "step 1 of the workshop) has them all" in html
    )  # each shortening says what it left out
    assert "more actions not listed" in html
    listed = [b for s in v["opening"] if s["title"] == "Your actions" for b in s["blocks"] if b["kind"] == "table"]
    assert len(listed[0]["rows"]) == mine.ACTIONS_LISTED
    dues = [r[1] for r in listed[0]["rows"]]
    assert dues == sorted(dues)  # the ones due soonest
    eng.close()


def test_a_page_no_rule_can_shorten_enough_says_so_and_the_batch_names_it(tmp_path):
    # one goal of a dozen paragraphs: no rule cuts a text in the middle, so the page stays longer than one
    folder = _long_texts(tmp_path, goal_words=1200, goals=1, actions=0)
    eng = _store(tmp_path, folder, "huge")
    session = report.load(eng, team_id="t1", session_id="k1")
    written = report.write_documents(session, tmp_path / "docs", audiences=["member"], formats=("pdf",))
    assert written.long == [tmp_path / "docs" / "members" / "s1.pdf"]
    pages = PdfReader(written.long[0]).pages
    assert len(pages) > 1
    said = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert f"Still {len(pages)} pages with every shortening" in said
    eng.close()
    command = [sys.executable, "-m", "kit", "report", folder, "--out", tmp_path / "out", "--session", "k1"]
    command += ["--audience", "member", "--format", "pdf", "--jobs", "1"]
    for run in ("rendered", "skipped"):  # a second run skips the unchanged session and names the page again
        r = subprocess.run(command, capture_output=True, text=True)
        assert r.returncode == 0 and "Traceback" not in r.stdout + r.stderr, r.stderr
        assert (
            "1 team-session rendered, 0 unchanged" if run == "rendered" else "0 team-sessions rendered, 1 unchanged"
        ) in r.stdout
        assert "1 one-pager still longer than one printed page after every shortening rule" in r.stdout, run
        assert str(tmp_path / "out" / "t1" / "k1" / "members" / "s1.pdf") in r.stdout
        assert "s2.pdf" not in r.stdout
