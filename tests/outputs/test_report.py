"""The review page without a browser: its content and order, escaping, highlighting,
the review server's API, and decisions kept across re-runs."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import socket
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.outputs import read_csv
from extractor.outputs.report import (
    ASSETS,
    MAX_STATEMENTS,
    Span,
    _page_statements,
    offset_marks,
    resolve,
    sentence_marks,
    write_report,
)
from extractor.outputs.store import read_decisions
from extractor.reconcile.keys import FigureKey

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
FORCES_KEY = FigureKey("national", "force", (), (2016, 2020)).to_string()

runner = CliRunner()


def page_data(html: str) -> dict:
    """The JSON the page is built from."""
    found = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert found, "no report-data element"
    return json.loads(found.group(1))


def mark_texts(nodes: list, label: str) -> list[str]:
    """Texts of the marks with ``label`` in a sentence's mark tree."""
    out = []
    for node in nodes:
        if isinstance(node, dict):
            if node["label"] == label:
                out.append(plain(node["children"]))
            out.extend(mark_texts(node["children"], label))
    return out


def plain(nodes: list) -> str:
    return "".join(n if isinstance(n, str) else plain(n["children"]) for n in nodes)


@pytest.fixture()
def seeds_copy(seeds_run_dir: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(seeds_run_dir, tmp_path / "out"))


# --- page content -------------------------------------------------------------------


def test_sections_in_the_issue_order(seeds_run_dir: Path) -> None:
    html = (seeds_run_dir / "report.html").read_text(encoding="utf-8")
    sections = ("conflict", "unresolved", "outlier", "failed", "compatible", "agreed", "single")
    order = [html.index(f'id="sec-{s}"') for s in sections]
    assert order == sorted(order)
    statuses = [f["status"] for f in page_data(html)["figures"]]
    rank = {s: i for i, s in enumerate(sections)}
    assert statuses == sorted(statuses, key=rank.__getitem__)


def by_key(data: dict, key: str) -> dict:
    return next(f for f in data["figures"] if f["key"] == key)


def test_seeds_31_and_33_forces_a_year_apart_stay_two_figures_linked_by_a_period_check(
    seeds_run_dir: Path,
) -> None:
    data = page_data((seeds_run_dir / "report.html").read_text(encoding="utf-8"))
    forces = by_key(data, FORCES_KEY)
    later = by_key(data, FigureKey("national", "force", (), (2016, 2021)).to_string())
    assert (forces["status"], forces["value"], later["value"]) == ("single", "33", "31")
    period = next(c for c in data["checks"] if c["kind"] == "period" and c["id"] in forces["checks"])
    assert period["status"] == "fail" and period["id"] in later["checks"]
    for st in forces["statements"] + later["statements"]:
        assert plain(st["marks"]) == st["sentence"]
        assert mark_texts(st["marks"], "NUMBER") == [st["text"]]  # marked by its offset
    assert data["counts"]["by_status"]["conflict"] == 0
    assert data["counts"]["checks_failed"] == sum(c["status"] == "fail" for c in data["checks"])


def test_marks_come_from_offsets_not_from_searching_the_sentence() -> None:
    sentence = "The Metropolitan Police and the Met's neighbours logged 40 claims."
    start = 500  # the sentence's offset in its article
    at = sentence.index("Met'")
    marks = offset_marks(
        sentence, start, [(start + at, start + at + 3, "FORCE"), (start + 56, start + 58, "NUMBER")]
    )
    assert mark_texts(marks, "FORCE") == ["Met"] and mark_texts(marks, "NUMBER") == ["40"]
    assert plain(marks) == sentence
    assert offset_marks(sentence, None, []) is None


@pytest.mark.parametrize("starts", [(0, 1200), (75, 75), (310, 4020, 9)])
def test_a_sentence_printed_again_is_marked_the_same_and_each_copy_is_its_own(starts) -> None:
    # copies of a wire story: the same sentence at other offsets, its spans moved with it
    sentence = "Northshire Police said 27 officers in Dunmouth had been suspended."
    spans = [(0, 17, "FORCE"), (23, 25, "NUMBER"), (26, 34, "QUALIFIER")]
    trees = [offset_marks(sentence, b, [(b + s, b + e, label) for s, e, label in spans]) for b in starts]
    assert all(t == trees[0] for t in trees)
    assert mark_texts(trees[0], "NUMBER") == ["27"] and plain(trees[0]) == sentence
    trees[0][0]["label"] = "CHANGED"  # one page's copy changed: the next is not
    again = offset_marks(
        sentence, starts[0], [(starts[0] + s, starts[0] + e, label) for s, e, label in spans]
    )
    assert again == trees[1] and again[0]["label"] == "FORCE"


def test_figures_carry_every_statement_and_the_article(corpus_run_dir: Path) -> None:
    data = page_data((corpus_run_dir / "report.html").read_text(encoding="utf-8"))
    claims = pd.read_csv(corpus_run_dir / "claims.csv")
    assert sum(len(f["statements"]) for f in data["figures"]) == claims["measure"].notna().sum()
    kent = next(f for f in data["figures"] if f["status"] == "conflict" and f["scope"] == "kent")
    assert kent["region"] == "South East" and kent["n_sources"] == 2
    firsts = [s for s in kent["statements"] if s["copy_of"] is None]
    assert len(firsts) == kent["n_sources"]
    copies = {s["copy_kind"] for s in kent["statements"] if s["copy_of"]}
    assert copies <= {"same article as", "same sentence as", "syndicated copy of"} and copies
    for st in kent["statements"]:
        doc = data["documents"][st["doc_id"]]
        assert doc["source"] and "kent" not in (doc["url"] or "javascript")
        if "Kent Police" in st["sentence"]:
            assert "Kent Police" in mark_texts(st["marks"], "FORCE")
    met = next(
        f for f in data["figures"] if f["scope"] == "metropolitan" and "urn_" in f["statements"][0]["doc_id"]
    )
    feed = met["statements"][0]
    assert data["documents"][feed["doc_id"]]["headline"].startswith("Met to review")


def test_page_is_self_contained(seeds_run_dir: Path) -> None:
    html = (seeds_run_dir / "report.html").read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    assert not re.search(r"\b(src|href)\s*=", markup) and "<link" not in markup
    css = (ASSETS / "page.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css
    assert "fetch(" not in html.replace("fetch('/api/", "")  # only the review server's API
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#x27;none&#x27;" in csp
    for tag in ("style", "script"):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", html, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"sha256-{digest}" in csp, f"inline {tag} not allowed by its hash"


def test_page_script_builds_no_markup_from_strings() -> None:
    js = (ASSETS / "page.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js


def test_article_markup_is_escaped(hostile_run_dir: Path) -> None:
    html = (hostile_run_dir / "report.html").read_text(encoding="utf-8")
    for raw in ("<script>window", "<img", "<b>Bold", "javascript:"):
        assert raw not in html
    assert html.count("<script") == 2  # the data element and the page's own script
    data = page_data(html)
    doc = data["documents"]["hostile"]
    assert doc["headline"].startswith("<b>Bold</b>") and doc["url"] is None
    sentences = {s["sentence"] for f in data["figures"] for s in f["statements"]}
    assert any("<script>" in s for s in sentences)
    assert any("<img src=x onerror=" in s for s in sentences)


def test_missing_store_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / "evidence.sqlite"))):
        write_report(tmp_path)


# --- highlighting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "number", "start", "qualifier", "mentions", "anchors", "expected"),
    [
        (
            "Kent Police received 64 complaints about officers between 2017 and 2022.",
            "64", 21, "complaints about officers between 2017 and 2022 .", [("Kent Police", "FORCE")], [],
            {"NUMBER": ["64"], "FORCE": ["Kent Police"],
             "QUALIFIER": ["complaints about officers between 2017 and 2022"]},
        ),
        (  # qualifiers are stored token by token
            "The force had begun re-vetting officers who joined before 2019.",
            "2019", None, "re - vetting officers", [], [],
            {"NUMBER": ["2019"], "QUALIFIER": ["re-vetting officers"], "FORCE": []},
        ),
        (  # the second "11": the anchor (the first word at offset 500) fixes the sentence's offset
            "In 2022, 11 officers faced 11 complaints.",
            "11", 527, None, [], [(500, "In")],
            {"NUMBER": ["11"]},
        ),
        (  # a number inside a word is not the number
            "Some 1,640 people and 64 officers.",
            "64", None, None, [], [],
            {"NUMBER": ["64"]},
        ),
        (  # a qualifier that crosses the force mention is cut back to it
            "Allegations against Kent Police officers rose to 40.",
            "40", None, "against Kent", [("Kent Police", "FORCE")], [],
            {"FORCE": ["Kent Police"], "QUALIFIER": ["against"], "NUMBER": ["40"]},
        ),
        (
            "No number here.", "12", None, "nothing", [("Essex Police", "FORCE")], [],
            {"NUMBER": [], "QUALIFIER": [], "FORCE": []},
        ),
    ],
)  # fmt: skip
def test_sentence_marks(sentence, number, start, qualifier, mentions, anchors, expected) -> None:
    marks = sentence_marks(sentence, number, start, qualifier, mentions, anchors)
    assert plain(marks) == sentence
    for label, texts in expected.items():
        assert mark_texts(marks, label) == texts


def test_repeated_number_uses_the_anchors() -> None:
    marks = sentence_marks("In 2022, 11 officers faced 11 complaints.", "11", 527, None, [], [(500, "In")])
    assert marks[:2] == ["In 2022, 11 officers faced ", {"label": "NUMBER", "children": ["11"]}]


def test_resolve_keeps_nesting_and_drops_crossing() -> None:
    spans = [Span(0, 20, "QUALIFIER"), Span(5, 7, "NUMBER"), Span(15, 25, "FORCE"), Span(5, 7, "QUALIFIER")]
    assert resolve(spans) == [Span(0, 15, "QUALIFIER"), Span(5, 7, "NUMBER"), Span(15, 25, "FORCE")]


# --- the review server ---------------------------------------------------------------------


def request(url: str, body: object = None, headers: dict | None = None, raw: bytes | None = None):
    """(status, headers, body) of a request to the review server."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    headers = {"Content-Type": "application/json", **(headers or {})} if data is not None else headers or {}
    req = urllib.request.Request(
        url, data=data, headers=headers, method="POST" if data is not None else "GET"
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def page_token(server) -> str:
    """The session token the served page carries for its decisions."""
    page = request(server.url)[2].decode("utf-8")
    return re.search(r'<meta name="review-token" content="([^"]+)">', page).group(1)


def post(server, body: object = None, headers: dict | None = None, raw: bytes | None = None):
    """A decision POSTed as the page does: with the token read from the page."""
    headers = {"X-Review-Token": page_token(server), **(headers or {})}
    return request(server.url + "api/decision", body, headers=headers, raw=raw)


def test_server_serves_the_page_and_records_decisions(seeds_copy: Path, start_server) -> None:
    server = start_server(seeds_copy)
    assert server.server_address[0] == "127.0.0.1"
    status, headers, body = request(server.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert by_key(page_data(body.decode()), FORCES_KEY)
    assert json.loads(request(server.url + "api/decisions")[2]) == {"decisions": []}

    payload = {"figure_key": FORCES_KEY, "decision": "wrong", "note": "33 forces responded (PA)"}
    status, _, body = post(server, payload)
    assert status == 200, body
    saved = json.loads(body)
    assert saved["ok"] and saved["decision"]["decision"] == "wrong" and saved["decision"]["decided_at"]

    figures = read_csv(seeds_copy / "figures.csv")
    decided = figures[figures["decision"].notna()]
    assert decided[["scope", "measure", "period_end", "decision", "decision_note"]].values.tolist() == [
        ["national", "force", 2020, "wrong", "33 forces responded (PA)"]
    ]
    listed = json.loads(request(server.url + "api/decisions")[2])["decisions"]
    assert [d["figure_key"] for d in listed] == [FORCES_KEY]
    on_disk = page_data((seeds_copy / "report.html").read_text(encoding="utf-8"))
    assert by_key(on_disk, FORCES_KEY)["decision"] == "wrong"

    # a second decision on the same figure replaces the first
    payload = {"figure_key": FORCES_KEY, "decision": "verified", "note": ""}
    assert post(server, payload)[0] == 200
    assert read_decisions(seeds_copy / "evidence.sqlite")["decision"].tolist() == ["verified"]


@pytest.mark.parametrize(
    ("body", "headers", "status", "message"),
    [
        (b"{not json", {}, 400, "not valid JSON"),
        (b"[1, 2]", {}, 400, "expected a JSON object"),
        (b'{"figure_key": "x", "decision": "verified"}', {}, 400, "no figure with this figure_key"),
        (json.dumps({"figure_key": FORCES_KEY, "decision": "maybe"}).encode(), {}, 400, "decision must be one of"),
        (json.dumps({"figure_key": FORCES_KEY, "decision": "wrong", "note": 3}).encode(), {}, 400, "note must be text"),
        (json.dumps({"figure_key": FORCES_KEY, "decision": "wrong", "note": "x" * 2001}).encode(), {}, 400, "longer than"),
        (json.dumps({"figure_key": FORCES_KEY, "decision": "wrong", "by": "me"}).encode(), {}, 400, "unknown field"),
        (json.dumps({"decision": "wrong"}).encode(), {}, 400, "figure_key is required"),
        (b'{"figure_key": "x"}', {"Content-Type": "text/plain"}, 415, "application/json"),
        (b'{"figure_key": "x"}', {"Origin": "https://evil.example"}, 403, "own page"),
        (b'{"figure_key": "x"}', {"Origin": "null"}, 403, "own page"),
        (b'{"figure_key": "x"}', {"Host": "evil.example:8765"}, 403, "Host"),
    ],
)  # fmt: skip
def test_server_refuses_bad_requests(seeds_copy: Path, start_server, body, headers, status, message) -> None:
    server = start_server(seeds_copy)
    got, resp_headers, answer = post(server, raw=body, headers=headers)
    assert got == status
    assert resp_headers["Content-Type"].startswith("application/json")
    assert message in json.loads(answer)["error"]
    assert read_decisions(seeds_copy / "evidence.sqlite").empty


def test_server_other_routes(seeds_copy: Path, start_server) -> None:
    server = start_server(seeds_copy)
    assert request(server.url + "nope")[0] == 404
    status, headers, body = request(server.url + "source/000_f8d8b04dc7298383")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert body == (SHARED / "seeds" / "000_f8d8b04dc7298383.txt").read_bytes()
    assert request(server.url + "source/..%2F..%2Fetc%2Fpasswd")[0] == 404


def test_decisions_survive_a_rerun_on_new_articles(
    seeds_copy: Path, start_server, run_batch, tmp_path: Path
) -> None:
    server = start_server(seeds_copy)
    payload = {"figure_key": FORCES_KEY, "decision": "needs-follow-up", "note": "ask PA which forces"}
    assert post(server, payload)[0] == 200

    inputs = Path(shutil.copytree(SHARED / "seeds", tmp_path / "in"))
    (inputs / "new.txt").write_text(
        "date 2022-01-05\nEssex Police received 12 complaints about officers in 2021.\n", encoding="utf-8"
    )
    run_batch([inputs], seeds_copy)
    docs = read_csv(seeds_copy / "documents.csv")
    assert "new" in set(docs["id"])
    figures = read_csv(seeds_copy / "figures.csv")
    decided = figures[figures["decision"].notna()]
    assert decided[["scope", "measure", "decision", "decision_note"]].values.tolist() == [
        ["national", "force", "needs-follow-up", "ask PA which forces"]
    ]
    data = page_data((seeds_copy / "report.html").read_text(encoding="utf-8"))
    assert by_key(data, FORCES_KEY)["decision"] == "needs-follow-up"
    assert data["counts"]["decided"] == 1


# --- CLI ------------------------------------------------------------------------------------


def test_cli_report_rebuilds_the_page(seeds_copy: Path) -> None:
    (seeds_copy / "report.html").unlink()
    result = runner.invoke(app, ["report", str(seeds_copy)])
    assert result.exit_code == 0, result.output
    assert page_data((seeds_copy / "report.html").read_text(encoding="utf-8"))["figures"]


@pytest.mark.parametrize("command", [["report"], ["review", "--no-browser"]])
def test_cli_needs_an_evidence_store(tmp_path: Path, command: list[str]) -> None:
    result = runner.invoke(app, [command[0], str(tmp_path), *command[1:]])
    assert result.exit_code == 2
    assert "evidence.sqlite not found" in result.output


def test_cli_review_reports_a_busy_port(seeds_copy: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["review", str(seeds_copy), "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_decisions_stored_under_the_earlier_key_form_are_found(seeds_copy: Path) -> None:
    import sqlite3

    old_key = json.dumps(["national", "force", {}, 2016, 2020], sort_keys=True)
    with sqlite3.connect(seeds_copy / "evidence.sqlite") as con:
        con.execute(
            "INSERT INTO decisions VALUES (?, 'verified', '2024-01-01T00:00:00+00:00', 'checked with PA')",
            (old_key,),
        )
    decisions = read_decisions(seeds_copy / "evidence.sqlite")  # opening the store migrates
    assert decisions["figure_key"].tolist() == [FORCES_KEY]
    result = runner.invoke(app, ["reconcile", str(seeds_copy)])
    assert result.exit_code == 0, result.output
    figures = read_csv(seeds_copy / "figures.csv")
    decided = figures[figures["decision"].notna()]
    assert decided[["figure_key", "decision_note"]].values.tolist() == [[FORCES_KEY, "checked with PA"]]


def test_unresolved_figures_have_their_own_section_with_the_reason(run_batch, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(
        "date 2023-03-01\nEssex Police received 52 complaints about its officers in 2022, figures show.\n\n"
        "A later table said Essex Police received 57 complaints about its officers in 2022.\n",
        encoding="utf-8",
    )
    (inputs / "b.txt").write_text(
        "date 2023-03-02\nThe force said Essex Police received 52 complaints about its officers in 2022.\n",
        encoding="utf-8",
    )
    out = run_batch([inputs], tmp_path / "out")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert (
        html.index('id="sec-conflict"') < html.index('id="sec-unresolved"') < html.index('id="sec-outlier"')
    )
    data = page_data(html)
    fig = next(f for f in data["figures"] if f["scope"] == "essex")
    assert fig["status"] == "unresolved" and fig["value"] == "52–57"
    assert "one article (a) states incompatible values" in fig["reason"]
    assert data["counts"]["by_status"]["unresolved"] == 1


def test_a_decision_follows_its_figure_when_the_wording_refinement_moves(tmp_path: Path) -> None:
    from extractor.outputs.store import Store, save_decision

    base = ("kent", "allegation", (("outcome", "other"),), (2020, 2021))
    before, after = FigureKey(*base, ("outcome:resign",)), FigureKey(*base, ("outcome:resign retir",))
    other = FigureKey(*base, ("outcome:arrest",))
    path = tmp_path / "evidence.sqlite"
    save_decision(path, before.to_string(), "verified", "one in five resigned")
    with Store(path) as store:
        assert store.carry_decisions([after.to_string(), other.to_string()]) == 1
    assert read_decisions(path)["figure_key"].tolist() == [after.to_string()]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        # two figures' links interleaved: each keeps its own link order
        ([("f1", "c3"), ("f2", "c1"), ("f1", "c1"), ("f2", "c2")], {"f1": ["c3", "c1"], "f2": ["c1", "c2"]}),
        # a figure with more links than a page shows: its first MAX_STATEMENTS, in link order
        (
            [("f1", f"c{n}") for n in range(MAX_STATEMENTS + 5)],
            {"f1": [f"c{n}" for n in range(MAX_STATEMENTS)]},
        ),
        # a figure with no link (or whose claim is gone) has no statements
        ([("f1", "gone")], {}),
    ],
)
def test_a_page_reads_its_statements_in_one_query_as_a_figure_at_a_time_would(links, expected) -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE claims (claim_id TEXT, doc_id TEXT, value REAL)")
    con.execute("CREATE TABLE figure_claims (figure_id TEXT, claim_id TEXT, source INTEGER)")
    con.executemany("INSERT INTO claims VALUES (?, ?, ?)", [(f"c{n}", f"d{n % 3}", n) for n in range(60)])
    con.executemany(
        "INSERT INTO figure_claims VALUES (?, ?, ?)", [(f, c, i) for i, (f, c) in enumerate(links)]
    )
    found = _page_statements(con, ["f1", "f2"], "fc.source")
    assert {f: [r["claim_id"] for r in rows] for f, rows in found.items()} == expected
    for rows in found.values():  # every claims column, and the source, as before
        assert all(set(r) == {"claim_id", "doc_id", "value", "_source"} for r in rows)
