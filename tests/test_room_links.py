"""The room's personal links: secret tokens kept in the store as hashes only, read back from the links files so
that handed-out links survive a restart, rotated on demand, written out as a CSV and one printable page of slips."""

import csv
import html
import os
import re
import stat
from pathlib import Path

import pypdf
import pytest

from conftest import MINIMAL
from kit import KitError, open_engagement
from kit._io import Row, write_folder
from kit.errors import NotFoundError
from kit.room import links, slips
from kit.sample import make_sample

BASE = "http://192.168.1.20:8866"
HOSTILE = '<i>Zoë & "Al" O\'Neil</i>'  # escaped in the sheet, shown as typed
LONG = "Maximiliana Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh Smith"  # shortened on the sheet


@pytest.fixture
def eng(tmp_path):
    """A store of the minimal engagement: team t1 (a manager and three sellers), sessions k1 and r1."""
    e = open_engagement(tmp_path / "minimal.db", create=True)
    e.import_source(MINIMAL)
    yield e
    e.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A store of two synthetic teams of 30 (a manager and 29 sellers); in t001 one name is HTML, one very long."""
    folder = tmp_path_factory.mktemp("big")
    tables, settings = make_sample(teams=2, sellers=29)
    tables["members"][3]["name"] = HOSTILE
    tables["members"][5]["name"] = LONG
    rows = {name: [Row("", None, r) for r in recs] for name, recs in tables.items()}
    write_folder(folder / "data", rows, engagement=settings)
    e = open_engagement(folder / "big.db", create=True)
    e.import_source(folder / "data")
    yield e
    e.close()


def prep(eng, **kw):
    return links.prepare(eng, **{"team_id": "t1", "session_id": "k1", "base_url": BASE, **kw})


def store_bytes(eng):
    """Every byte the store has on disk: the database file, its write-ahead log and shared memory."""
    return b"".join(p.read_bytes() for p in eng.path.parent.glob(eng.path.name + "*") if p.is_file())


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def qr_width(sheet, layout):
    """The QR codes' width on the sheet in mm (its style sheet sets it per layout)."""
    assert f'class="slips {layout}"' in sheet
    return float(re.search(rf"\.{layout} img\.qr {{ width: ([0-9.]+)mm", sheet).group(1))


def test_tokens_are_long_random_and_url_safe():
    tokens = {links.new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    for t in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", t)  # 32 base64 characters: 192 bits, at least 128
    assert links.hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_addresses():
    assert links.participant_url(BASE, "T") == f"{BASE}/?k=T"
    assert links.wall_url(BASE) == f"{BASE}/wall" and links.wall_url(BASE, "W") == f"{BASE}/wall?k=W"
    assert links.presenter_url(BASE) == f"{BASE}/presenter"
    assert links.presenter_url(BASE, "W") == f"{BASE}/presenter?k=W"
    assert links.default_file("/x/y/acme.db", "t1", "k1") == Path("/x/y/acme-room/t1-k1-links.csv")


def test_prepare_gives_everyone_a_link_and_the_store_only_hashes(eng):
    made = prep(eng)
    assert list(made.tokens) == ["mgr", "s1", "s3", "s2"]  # the manager first, then by name
    assert made.issued == ["mgr", "s1", "s3", "s2", "wall"]
    everyone = [*made.tokens.values(), made.wall_token]
    assert len(set(everyone)) == 5
    stored = eng.room_links("k1")
    assert stored == {who: links.hash_token(t) for who, t in {**made.tokens, "wall": made.wall_token}.items()}
    raw = store_bytes(eng)
    assert stored["s1"].encode() in raw  # the search sees what the store holds...
    for token in everyone:
        assert token.encode() not in raw  # ...and no token is there
    assert made.file == links.default_file(eng.path, "t1", "k1")


def test_lookup_finds_each_link_and_nothing_else(eng):
    made = prep(eng)
    for who, token in made.tokens.items():
        assert links.lookup(eng, token) == ("k1", who)
    assert links.lookup(eng, made.wall_token) == ("k1", "wall")
    token = made.tokens["s1"]
    junk = [None, "", 5, 3.5, b"bytes", ["x"], "x" * 5000, "é" * 32, "Ｓ" * 32, token[:-1], token + "A", f" {token}"]
    junk += [token.swapcase(), token.replace(token[0], "\x00", 1), "%" + token[1:], "' OR 1=1 --", "🎯" * 40]
    for value in junk:
        assert links.lookup(eng, value) is None, value


def test_a_second_start_keeps_the_links_at_a_new_address(eng):
    first = prep(eng)
    again = prep(eng, base_url="http://10.0.0.7:9000")
    assert again.tokens == first.tokens and again.wall_token == first.wall_token
    assert again.issued == []
    rows = read_csv(again.file)[1:]
    assert [r[3] for r in rows] == [f"http://10.0.0.7:9000/?k={t}" for t in first.tokens.values()]
    wall = again.wall_file.read_text(encoding="utf-8")
    assert f"http://10.0.0.7:9000/wall?k={first.wall_token}" in wall
    assert f"http://10.0.0.7:9000/presenter?k={first.wall_token}" in wall and BASE not in wall
    sheet = again.sheet_html.read_text(encoding="utf-8").replace("<wbr>", "")
    assert f"http://10.0.0.7:9000/?k={first.tokens['s2']}" in sheet and "192.168.1.20" not in sheet
    assert links.lookup(eng, first.tokens["s2"]) == ("k1", "s2")


def test_only_who_has_no_link_gets_a_new_one(eng):
    first = prep(eng)
    stored = eng.room_links("k1")
    eng.set_room_links("k1", {k: v for k, v in stored.items() if k != "s3"}, created="2026-01-01T00:00:00+00:00")
    again = prep(eng)
    assert again.issued == ["s3"]
    assert again.tokens["s3"] != first.tokens["s3"]
    assert {k: v for k, v in again.tokens.items() if k != "s3"} == {k: v for k, v in first.tokens.items() if k != "s3"}
    assert links.lookup(eng, again.tokens["s3"]) == ("k1", "s3")


def test_rotate_replaces_every_link(eng):
    old = prep(eng)
    new = prep(eng, rotate=True)
    assert new.issued == ["mgr", "s1", "s3", "s2", "wall"]
    assert new.wall_token != old.wall_token
    for who, token in old.tokens.items():
        assert new.tokens[who] != token
        assert links.lookup(eng, token) is None
        assert links.lookup(eng, new.tokens[who]) == ("k1", who)
    assert links.lookup(eng, old.wall_token) is None
    assert old.tokens["s1"] not in new.file.read_text(encoding="utf-8")


def test_a_lost_links_file_asks_for_rotate(eng):
    made = prep(eng)
    stored = eng.room_links("k1")
    made.file.unlink()
    with pytest.raises(KitError, match=r"t1-k1-links\.csv.*gone.*--rotate"):
        prep(eng)
    assert eng.room_links("k1") == stored and not made.file.exists()  # nothing changed
    assert links.lookup(eng, prep(eng, rotate=True).tokens["s1"]) == ("k1", "s1")


def test_a_lost_wall_file_asks_for_rotate(eng):
    made = prep(eng)
    made.wall_file.unlink()
    with pytest.raises(KitError, match=r"t1-k1-wall\.txt.*--rotate"):
        prep(eng)


def test_an_edited_links_file_asks_for_rotate(eng):
    made = prep(eng)
    text = made.file.read_text(encoding="utf-8")
    made.file.write_text(text.replace(made.tokens["s2"], links.new_token()), encoding="utf-8")
    with pytest.raises(KitError, match=r"does not hold the stored link of 's2'.*--rotate"):
        prep(eng)


def test_links_moved_with_links_are_read_back_from_the_default_place(eng, tmp_path):
    first = prep(eng)
    moved = prep(eng, file=tmp_path / "elsewhere" / "links.csv")
    assert moved.tokens == first.tokens and moved.issued == []
    assert moved.file.exists() and moved.wall_file.parent == tmp_path / "elsewhere"


def test_a_file_the_kit_did_not_write_is_left_alone(eng, tmp_path):
    foreign = tmp_path / "mine.csv"
    foreign.write_bytes(b"name,email\r\nAnn,ann@example.com\r\n")
    before = foreign.read_bytes()
    with pytest.raises(KitError, match=r"mine\.csv.*another --links path"):
        prep(eng, file=foreign)
    assert foreign.read_bytes() == before
    assert eng.room_links("k1") == {}  # nothing stored
    assert {p.name for p in tmp_path.iterdir()} == {"mine.csv", "minimal.db", "minimal.db-shm", "minimal.db-wal"}


@pytest.mark.parametrize("name", ["t1-k1-wall.txt", "t1-k1-links.html", "t1-k1-links.pdf"])
def test_a_foreign_file_beside_the_links_is_left_alone(eng, tmp_path, name):
    (tmp_path / name).write_text("my own notes\n", encoding="utf-8")
    with pytest.raises(KitError, match=re.escape(name)):
        prep(eng, file=tmp_path / "links.csv")
    assert (tmp_path / name).read_text(encoding="utf-8") == "my own notes\n"
    assert not (tmp_path / "links.csv").exists()


def test_the_csv_and_the_other_files(eng):
    made = prep(eng)
    rows = read_csv(made.file)
    assert rows[0] == ["member_id", "name", "role", "url"]
    assert rows[1:] == [
        [mid, name, role, f"{BASE}/?k={made.tokens[mid]}"]
        for mid, name, role in [
            ("mgr", "Mona Manager", "manager"),
            ("s1", "Sam One", "seller"),
            ("s3", "Sid Three", "seller"),
            ("s2", "Sue Two", "seller"),
        ]
    ]
    for path in (made.file, made.wall_file, made.sheet_html, made.sheet_pdf):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
        assert path.parent == made.file.parent
    assert made.wall_file.read_text(encoding="utf-8").splitlines() == [
        f"Wall (project this): {BASE}/wall?k={made.wall_token}",
        f"Presenter panel (your screen only): {BASE}/presenter?k={made.wall_token}",
    ]
    assert not [p for p in made.file.parent.iterdir() if p.name.endswith(".tmp")]
    assert qr_width(made.sheet_html.read_text(encoding="utf-8"), "large") >= 28


def test_one_page_of_slips_for_thirty(big):
    made = links.prepare(big, team_id="t001", session_id="t001-s1", base_url="http://192.168.100.200:8866")
    assert len(made.tokens) == 30
    pdf = pypdf.PdfReader(made.sheet_pdf)
    assert len(pdf.pages) == 1
    text = "".join(pdf.pages[0].extract_text().split())  # no spaces: a long name may wrap anywhere
    for name in big.members(team_id="t001")["name"]:
        assert "".join(name.split())[:24] in text
    assert text.count("Openthisonyourphone:itisyoursalone,donotshareit.") == 30
    sheet = made.sheet_html.read_text(encoding="utf-8")
    assert qr_width(sheet, "small") >= 22  # mm: big enough to scan from a phone
    assert HOSTILE not in sheet and "&lt;i&gt;Zoë &amp; &quot;Al&quot; O&#x27;Neil&lt;/i&gt;" in sheet
    assert "wall" not in made.sheet_html.read_text(encoding="utf-8").split("<body>")[1]  # the wall's link is not on it
    for mid, token in made.tokens.items():
        assert links.lookup(big, token) == ("t001-s1", mid)
        assert html.escape(slips._qr(f"http://192.168.100.200:8866/?k={token}")) in sheet


def test_a_session_of_another_team_is_refused(big):
    with pytest.raises(NotFoundError, match=r"no session 't002-s1' of team 't001'.*valid: t001-s1, t001-s2"):
        links.prepare(big, team_id="t001", session_id="t002-s1", base_url=BASE)
    with pytest.raises(NotFoundError, match=r"no team 't9'.*valid: t001, t002"):
        links.prepare(big, team_id="t9", session_id="t001-s1", base_url=BASE)
    assert big.room_links("t002-s1") == {}
