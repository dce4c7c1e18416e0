"""The consulting firm's branding from engagement.yaml (`brand: {firm, logo, colour}`): every document shows it,
the logo embedded (never fetched), the colour the only data that reaches a style sheet and only as #rrggbb; bad
branding gets a clear message and imports nothing; an export writes the logo back beside engagement.yaml."""

import base64
import re
import shutil

import pytest
import yaml

from conftest import MINIMAL, SAMPLE
from kit import KitError, open_engagement, report
from kit._batch import render_reports
from kit.errors import ValidationError
from kit.validate import validate

LOGO = (SAMPLE / "logo.png").read_bytes()
FIRM = "Northbridge <Partners> & Co"  # escaped wherever it is shown


def _branded(tmp_path, brand, logo=LOGO, name="logo.png"):
    folder = tmp_path / "branded"
    shutil.copytree(MINIMAL, folder)
    meta = yaml.safe_load((folder / "engagement.yaml").read_text())
    meta["brand"] = brand
    (folder / "engagement.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    if logo is not None:
        (folder / name).write_bytes(logo)
    return folder


def _problems(folder):
    return [p.text() for p in validate(folder).errors]


def test_every_document_carries_the_brand_embedded(tmp_path):
    folder = _branded(tmp_path, {"firm": FIRM, "logo": "logo.png", "colour": "#6b2154"})
    assert _problems(folder) == []
    store = tmp_path / "b.db"
    with open_engagement(store, create=True) as eng:
        eng.import_source(folder)
        assert eng.settings["brand"]["colour"] == "#6b2154"
        session = report.load(eng, team_id="t1", session_id="r1")
        for audience in ("team", "manager", "member:s1"):
            html = report.render(report.view(session, audience=audience))
            assert "Prepared by Northbridge &lt;Partners&gt; &amp; Co" in html
            assert "--accent: #6b2154;" in html
            logo = re.search(r'<img class="brandlogo" src="([^"]+)"', html).group(1)
            assert logo == "data:image/png;base64," + base64.b64encode(LOGO).decode()
    out = tmp_path / "reports"
    jobs = render_reports(store, out, formats=("html", "pdf", "pptx"), jobs=1, progress=False)
    assert all(j.error is None for j in jobs)
    for page in ("index.html", "engagement.html", "t1/r1/agenda.html", "t1/k1/team.html"):
        text = (out / page).read_text()
        assert "Prepared by Northbridge &lt;Partners&gt; &amp; Co" in text and "#6b2154" in text, page
        assert not re.search(r'src="(?!data:)', text), page  # nothing to fetch
    from pptx import Presentation

    first = Presentation(out / "t1" / "r1" / "readout.pptx").slides[0]
    words = " ".join(s.text_frame.text for s in first.shapes if s.has_text_frame)
    assert f"Prepared by {FIRM}" in words
    assert [s.image.blob for s in first.shapes if s.shape_type == 13] == [LOGO]  # 13: a picture


def test_without_a_brand_the_documents_are_the_kits_own(store):
    html = report.render(report.view(report.load(store, team_id="t1", session_id="k1"), audience="team"))
    assert "Prepared by" not in html and "brandlogo" not in html and "--accent: #0173b2" in html


@pytest.mark.parametrize(
    "brand, logo, name, column, words",
    [
        ({"colour": "#fff"}, None, None, "brand.colour", 'is not a colour written as "#rrggbb"'),
        ({"colour": "red; } body { display: none"}, None, None, "brand.colour", "is not a colour written as"),
        ({"colour": "#ffee00"}, None, None, "brand.colour", "is too light for white text on it (contrast 1.2:1"),
        ({"logo": "missing.png"}, None, None, "brand.logo", "put the logo file (PNG or JPEG) beside engagement.yaml"),
        ({"logo": "../logo.png"}, LOGO, "../logo.png", "brand.logo", "is not a file of the engagement folder"),
        ({"logo": "/etc/hostname"}, None, None, "brand.logo", "is not a file of the engagement folder"),
        ({"logo": "data:image/png;base64," + "A" * 500}, None, None, "brand.logo", "is an address, not a file"),
        (
            {"logo": "https://example.com/logo.png"},
            None,
            None,
            "brand.logo",
            "embedded in every document, never fetched",
        ),
        ({"logo": "logo.png"}, b"<svg onload=alert(1)>", "logo.png", "brand.logo", "is not a PNG or JPEG picture"),
        ({"logo": "logo.png"}, LOGO + b"\0" * 300_000, "logo.png", "brand.logo", "a logo may be at most 300 KB"),
        ({"firm": "X", "font": "Comic"}, None, None, "brand", "is not a brand field; valid: firm, logo, colour"),
        ("Northbridge", None, None, "brand", "must be 'firm:', 'logo:' and 'colour:' lines indented under 'brand:'"),
    ],
)
def test_bad_branding_is_named_and_imports_nothing(tmp_path, brand, logo, name, column, words):
    folder = _branded(tmp_path, brand, logo=logo, name=name or "logo.png")
    problems = _problems(folder)
    assert any(p.startswith(f"engagement.yaml, column {column}:") and words in p for p in problems), problems
    with open_engagement(tmp_path / "s.db", create=True) as eng:
        with pytest.raises(ValidationError):
            eng.import_source(folder)
        assert eng.settings["name"] is None  # nothing was imported


def test_an_export_writes_the_logo_back_and_imports_the_same(tmp_path):
    folder = _branded(tmp_path, {"firm": "Northbridge", "logo": "logo.png", "colour": "#6B2154"})
    with open_engagement(tmp_path / "a.db", create=True) as eng:
        eng.import_source(folder)
        brand = eng.settings["brand"]
        eng.export(tmp_path / "out")
    assert (tmp_path / "out" / "logo.png").read_bytes() == LOGO
    assert yaml.safe_load((tmp_path / "out" / "engagement.yaml").read_text())["brand"] == {
        "firm": "Northbridge",
        "logo": "logo.png",
        "colour": "#6b2154",
    }
    with open_engagement(tmp_path / "b.db", create=True) as eng:
        eng.import_source(tmp_path / "out")
        assert eng.settings["brand"] == brand


def test_a_brand_set_later_is_checked_like_one_imported(store):
    store.set_settings(brand={"firm": "Northbridge", "colour": "#123456"})
    assert store.settings["brand"] == {"firm": "Northbridge", "logo": None, "colour": "#123456"}
    with pytest.raises(ValidationError, match="too light for white text"):
        store.set_settings(brand={"colour": "#fafafa"})
    with pytest.raises(ValidationError, match="must be the file name of a PNG or JPEG"):
        store.set_settings(brand={"logo": "https://example.com/logo.png"})
    assert store.settings["brand"]["colour"] == "#123456"  # a refused change changes nothing
    with pytest.raises(KitError, match="unknown setting 'branding'"):
        store.set_settings(branding={})


def test_the_jpeg_logo_is_embedded_as_jpeg(tmp_path):
    jpeg = b"\xff\xd8\xff\xe0" + b"\0" * 64
    folder = _branded(tmp_path, {"logo": "mark.jpg"}, logo=jpeg, name="mark.jpg")
    with open_engagement(tmp_path / "j.db", create=True) as eng:
        eng.import_source(folder)
        assert eng.settings["brand"]["logo"] == "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()
