"""Hostile text in a report: CSS, HTML, ``javascript:`` and ``$…$`` in the team's name, a seller's name, goal, SWOT
and action text, rendered as HTML and PDF. Nothing is fetched (a local HTTP server counts every request; the PDF
engine's URL fetcher records every URL it is asked for), the text appears literally in the PDF and escaped once in
the HTML, nothing of the data reaches CSS, and the PDF's title and author are the plain text."""

import csv
import http.server
import json
import re
import shutil
import threading

import pytest
from markupsafe import escape
from pypdf import PdfReader

from conftest import MINIMAL
from kit import open_engagement, report
from kit.report import _render


@pytest.fixture
def server():
    """An HTTP server on 127.0.0.1 that records the path of every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], hits
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def refused(monkeypatch):
    """Every URL the PDF engine asked the kit's fetcher for and was refused."""
    urls = []
    monkeypatch.setattr(_render.OwnResourcesOnly(), "refused", urls)
    return urls


def _payloads(port):
    css = f"}}}}html{{background-image:url(http://127.0.0.1:{port}/css.png)}}x{{y:"
    return {
        "team": f"Sales & Marketing's Team\n{css}",
        "seller": f"Sam <img src=http://127.0.0.1:{port}/img.png> One",
        "goal": f'Win <a href="javascript:alert(1)">javascript:alert(1)</a> "$5k on $50k deals" {css}',
        "swot": "Win big $$ deals: $x^2$ & <script>alert('x')</script>",
        "action": f"Call back \\\\ ${{width}} <style>@import url(http://127.0.0.1:{port}/imp.css);</style>",
        "facilitator": "Ann & <b>Bo</b> O'Neil",
    }


def _hostile_store(tmp_path, p):
    folder = tmp_path / "engagement"
    shutil.copytree(MINIMAL, folder)

    def rewrite(name, change):
        rows = list(csv.reader(open(folder / name, newline="")))
        for r in rows[1:]:
            change(r)
        with open(folder / name, "w", newline="") as f:
            csv.writer(f).writerows(rows)

    rewrite("teams.csv", lambda r: r.__setitem__(1, p["team"]))
    rewrite("members.csv", lambda r: r.__setitem__(2, p["seller"]) if r[0] == "s1" else None)
    rewrite("goals.csv", lambda r: r.__setitem__(2, p["goal"]) if r[2] == "Pay for college" else None)
    rewrite("swot.csv", lambda r: r.__setitem__(3, p["swot"]) if r[1] == "i1" else None)
    rewrite("actions.csv", lambda r: r.__setitem__(3, p["action"]) if r[1] == "a1" else None)
    text = (folder / "engagement.yaml").read_text()
    (folder / "engagement.yaml").write_text(text + f"facilitator: {json.dumps(p['facilitator'])}\n")
    eng = open_engagement(tmp_path / "store.db", create=True)
    eng.import_source(folder)
    return eng


def _flat(text):
    return re.sub(r"\s+", "", text)


def test_hostile_text_is_data_everywhere(tmp_path, server, refused):
    port, hits = server
    p = _payloads(port)
    eng = _hostile_store(tmp_path, p)
    s = report.load(eng, team_id="t1", session_id="k1")
    assert s.team["name"] == p["team"] and s.settings["facilitator"] == p["facilitator"]
    out = tmp_path / "out"
    written = report.write_documents(s, out, formats=("html", "pdf"))
    assert len(written) == 10
    assert hits == [] and refused == []

    for path in [w for w in written if w.suffix == ".html"]:
        page = path.read_text()
        style = "".join(re.findall(r"<style>(.*?)</style>", page, flags=re.S))
        for word in ("127.0.0.1", "Sales", "javascript", "@import", "url("):
            assert word not in style, (path, word)
        own_images = re.findall(r'<img src="data:image/png;base64,[^"]*" alt="[^"<]*"', page)
        assert re.findall(r"<img [^>]*", page) == own_images
        assert "<script" not in page and "<a " not in page
        assert "<style>" not in page.split("</style>", 1)[1]  # one style element, the kit's
        assert escape(p["team"].split("\n")[0]) in page  # escaped once ...
        assert "&amp;amp;" not in page and "&amp;#39;" not in page  # ... not twice
        tags = re.findall(r"<[a-zA-Z][^>]*>", page)  # the markup (all text is escaped: no '<' in it)
        assert not [t for t in tags if re.search(r"""(src|href)=["']?(https?:|javascript:|//|file:)""", t)], path

    team = (out / "team.html").read_text()
    for key in ("seller", "goal", "swot", "action"):
        assert escape(p[key]) in team, key

    team_pdf = PdfReader(out / "team.pdf")
    text = _flat("\n".join(page.extract_text() for page in team_pdf.pages))
    for key in ("team", "seller", "goal", "swot", "action"):
        assert _flat(p[key]) in text, key  # literally, as typed (no maths read into '$', no markup)
    assert "&amp;" not in text and "&#39;" not in text
    assert text.count(_flat("Sales & Marketing's Team")) >= len(team_pdf.pages)  # the footer, on every page
    meta = team_pdf.metadata
    assert meta.title == "Team report · " + " ".join(p["team"].split()) + " · 2026-01-10"
    assert meta.author == p["facilitator"]
    manager = _flat("\n".join(page.extract_text() for page in PdfReader(out / "manager.pdf").pages))
    assert _flat(p["swot"]) in manager and _flat(p["seller"]) in manager


def test_the_pdf_engine_fetches_nothing_but_embedded_data(tmp_path, server, refused):
    port, hits = server
    page = (
        f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/a.css"></head><body>'
        f'<img src="http://127.0.0.1:{port}/b.png"><img src="file:///etc/hostname">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">x</body></html>'
    )
    _render.write_pdf(page, tmp_path / "x.pdf")
    assert hits == []
    assert sorted(refused) == sorted(
        [f"http://127.0.0.1:{port}/a.css", f"http://127.0.0.1:{port}/b.png", "file:///etc/hostname"]
    )
